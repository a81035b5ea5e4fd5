package cn.certregistry.web;

import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import cn.certregistry.common.QueryParameters;
import cn.certregistry.verification.Verdict;
import cn.certregistry.verification.VerificationService;

/**
 * Where a phone camera lands ({@code /v/{token}}, also upper case as QR codes carry it); clients that ask
 * for JSON get the same verdict from {@link cn.certregistry.verification.VerificationResource}.
 */
@Path("")
public class VerificationPage {

    /** The longest tag the page could mean, {@code zh-CN}: a longer lang is a mistake, refused rather than guessed at. */
    private static final int MAX_LANG_LENGTH = 5;

    @Inject
    VerificationService verification;
    @Inject
    WebPages pages;

    @CheckedTemplate(basePath = "web")
    static class Templates {
        static native TemplateInstance verification(Language lang, VerificationService.TokenVerification v, String tone);
    }

    @GET
    @Path("/v/{token}")
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("token") String token, @Context UriInfo uri, @Context HttpHeaders headers) {
        QueryParameters.of(uri, Set.of("lang")).text("lang", MAX_LANG_LENGTH);
        Language language = pages.language(uri, headers.getCookies());
        VerificationService.TokenVerification result = verification.verifyToken(token);
        return pages.html(200, Templates.verification(language, result, tone(result.verdict())), language, uri);
    }

    @GET
    @Path("/V/{token}")
    @Produces(MediaType.TEXT_HTML)
    public Response pageUpperCase(@PathParam("token") String token, @Context UriInfo uri, @Context HttpHeaders headers) {
        return page(token, uri, headers);
    }

    private static String tone(Verdict verdict) {
        return verdict.good() ? "good"
                : verdict == Verdict.NOT_GENUINE || verdict == Verdict.NOT_FOUND || verdict == Verdict.MISMATCH ? "bad" : "warn";
    }
}

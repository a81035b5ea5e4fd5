package cn.certregistry.verification;

import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import cn.certregistry.common.QueryParameters;
import cn.certregistry.common.RegistryConfig;
import cn.certregistry.web.Language;
import cn.certregistry.web.WebPages;

/**
 * Where a phone camera lands: the verdict on a scanned code, {@code /v/{token}} (also {@code /V/}, as QR codes carry
 * it in upper case), as the phone page for a browser and as JSON for a client that asks for it.
 */
@Path("")
public class VerificationResource {

    /** The address, in either case of its {@code v}. */
    private static final String ADDRESS = "/{v: [vV]}/{token}";

    /** The longest tag the page could mean, {@code zh-CN}: a longer lang is a mistake, refused rather than guessed at. */
    private static final int MAX_LANG_LENGTH = 5;

    @Inject
    VerificationService verification;
    @Inject
    WebPages pages;
    @Inject
    RegistryConfig config;

    @CheckedTemplate(basePath = "verification")
    static class Templates {
        static native TemplateInstance verification(Language lang, VerificationService.TokenVerification v, String tone,
                PhoneAdvice.Advice advice);
    }

    @GET
    @Path(ADDRESS)
    @Produces(MediaType.APPLICATION_JSON)
    public Response json(@PathParam("token") String token, @Context UriInfo uri) {
        QueryParameters.of(uri, Set.of("lang"));
        CacheControl noStore = new CacheControl();
        noStore.setNoStore(true);
        return Response.ok(verification.verifyToken(token)).cacheControl(noStore).build();
    }

    @GET
    @Path(ADDRESS)
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("token") String token, @Context UriInfo uri, @Context HttpHeaders headers) {
        QueryParameters.of(uri, Set.of("lang")).text("lang", MAX_LANG_LENGTH);
        Language language = pages.language(uri, headers.getCookies());
        VerificationService.TokenVerification result = verification.verifyToken(token);
        String officialHost = java.net.URI.create(config.publicBaseUrl()).getHost();
        return pages.html(200, Templates.verification(language, result, PhoneAdvice.tone(result.verdict()),
                PhoneAdvice.advice(result, pages.words(language.code()), language.code(), officialHost)), language, uri);
    }
}

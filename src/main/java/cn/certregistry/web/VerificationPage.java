package cn.certregistry.web;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
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
import cn.certregistry.common.RegistryConfig;
import cn.certregistry.signing.Tokens;
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
    @Inject
    RegistryConfig config;

    /**
     * What the phone page says beside the verdict, in the page's language: what to do next, whom to tell, why a code is
     * not genuine, which signed facts differ, and when it was checked, as a person reads a time.
     */
    public record Advice(String next, String bodyContact, String reason, String differences,
            String checkedAt, String officialHost) {
    }

    @CheckedTemplate(basePath = "web")
    static class Templates {
        static native TemplateInstance verification(Language lang, VerificationService.TokenVerification v, String tone,
                Advice advice);
    }

    @GET
    @Path("/v/{token}")
    @Produces(MediaType.TEXT_HTML)
    public Response page(@PathParam("token") String token, @Context UriInfo uri, @Context HttpHeaders headers) {
        QueryParameters.of(uri, Set.of("lang")).text("lang", MAX_LANG_LENGTH);
        Language language = pages.language(uri, headers.getCookies());
        VerificationService.TokenVerification result = verification.verifyToken(token);
        return pages.html(200, Templates.verification(language, result, tone(result.verdict()),
                advice(result, pages.words(language.code()), language.code())), language, uri);
    }

    @GET
    @Path("/V/{token}")
    @Produces(MediaType.TEXT_HTML)
    public Response pageUpperCase(@PathParam("token") String token, @Context UriInfo uri, @Context HttpHeaders headers) {
        return page(token, uri, headers);
    }

    Advice advice(VerificationService.TokenVerification v, Messages words, String language) {
        var certificate = v.certificate();
        Locale locale = Locale.forLanguageTag(language);
        DateTimeFormatter day = DateTimeFormatter.ofPattern(words.dateFormat(), locale);
        String next = switch (v.verdict()) {
            case VALID -> words.nextValid(certificate.scope(), day.format(certificate.expiryDate()));
            case SUSPENDED, WITHDRAWN, CANCELLED, EXPIRED -> words.nextNotInForce(certificate.status().label().get(language),
                    certificate.status().since() == null ? "?" : day.format(certificate.status().since()));
            case MISMATCH -> words.nextMismatch();
            case NOT_FOUND, NOT_GENUINE -> words.nextReport();
        };
        String contact = certificate == null || certificate.body() == null ? null
                : certificate.body().website() == null ? words.nextBodyName(certificate.body().name())
                : words.nextBodyContact(certificate.body().name(), certificate.body().website());
        Map<String, String> facts = Map.of("creditCode", words.creditCode(), "holderName", words.holder(), "scheme",
                words.scheme(), "grade", words.grade(), "issueDate", words.issueDate(), "expiryDate", words.expiryDate());
        String differences = v.differences() == null ? null : String.join(words.listSeparator(),
                v.differences().stream().map(field -> facts.getOrDefault(field, field)).toList());
        String checkedAt = DateTimeFormatter.ofPattern(words.timeFormat(), locale).format(v.checkedAt());
        return new Advice(next, contact, v.reason() == null ? null : reason(v.reason(), words), differences, checkedAt,
                java.net.URI.create(config.publicBaseUrl()).getHost());
    }

    /** A failure of a code's signature in the page's words (the JSON answer gives its code). */
    static String reason(String failure, Messages words) {
        return switch (failure) {
            case Tokens.UNSUPPORTED_ALGORITHM -> words.reasonUnsupportedAlgorithm();
            case Tokens.UNKNOWN_KEY -> words.reasonUnknownKey();
            case Tokens.REVOKED_KEY -> words.reasonRevokedKey();
            case Tokens.BAD_SIGNATURE -> words.reasonBadSignature();
            default -> words.reasonMalformed();
        };
    }

    private static String tone(Verdict verdict) {
        return verdict.good() ? "good"
                : verdict == Verdict.NOT_GENUINE || verdict == Verdict.NOT_FOUND || verdict == Verdict.MISMATCH ? "bad" : "warn";
    }
}

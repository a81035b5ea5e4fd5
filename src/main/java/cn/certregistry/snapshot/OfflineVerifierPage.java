package cn.certregistry.snapshot;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateInstance;

import cn.certregistry.common.QueryParameters;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.scheme.Scheme;
import cn.certregistry.scheme.SchemeCatalogue;
import cn.certregistry.web.Language;
import cn.certregistry.web.Messages;
import cn.certregistry.web.WebPages;

/**
 * The offline verifier: a page that a service worker (/offline-sw.js) keeps with the JWKS and the signed status
 * snapshot, and whose script (/static/offline.js) verifies a code in the browser with WebCrypto Ed25519
 * (docs/token-format.md, docs/status-snapshot.md). The server only gives it its words and the snapshot's key name.
 */
@Path("/verify-offline")
public class OfflineVerifierPage {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    WebPages pages;
    @Inject
    SchemeCatalogue schemes;
    @Inject
    StatusSnapshots snapshots;
    @Inject
    RegisterClock clock;
    @Inject
    StatusSnapshotConfig config;

    @CheckedTemplate(basePath = "snapshot", defaultName = CheckedTemplate.HYPHENATED_ELEMENT_NAME)
    static class Templates {
        static native TemplateInstance verifyOffline(Language lang, RawString words);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show(@Context UriInfo uri, @Context HttpHeaders headers) {
        QueryParameters.of(uri, Set.of("lang"));
        Language language = pages.language(uri, headers.getCookies());
        return pages.html(200, Templates.verifyOffline(language, new RawString(words(language.code()))), language, uri);
    }

    /** What the script says, in the page's language, as JSON safe inside a script element. */
    private String words(String language) {
        Messages words = pages.words(language);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("language", words.langTag());
        all.put("zone", clock.zone().getId());
        all.put("snapshotName", snapshots.name());
        all.put("snapshotNone", words.offlineSnapshotNone());
        all.put("snapshotState", words.offlineSnapshotState("{time}", "{count}"));
        all.put("snapshotBad", words.offlineSnapshotBad());
        all.put("VALID", words.offlineValid("{time}"));
        all.put("VALID_OLD", words.offlineValidOld("{hours}", "{time}"));
        all.put("oldAfterHours", config.offlineOldAfter().toHours());
        all.put("SUSPENDED", words.offlineSuspended("{date}"));
        all.put("WITHDRAWN", words.offlineWithdrawn("{date}"));
        all.put("CANCELLED", words.offlineCancelled("{date}"));
        all.put("EXPIRED", words.offlineExpired("{date}"));
        all.put("ISSUER_NOT_APPROVED", words.offlineIssuerNotApproved());
        all.put("BEYOND_SNAPSHOT", words.offlineBeyond());
        all.put("NO_INDEX", words.offlineNoIndex());
        all.put("NO_SNAPSHOT", words.offlineNoStatus());
        all.put("NOT_GENUINE", words.offlineNotGenuine());
        all.put("asOf", words.offlineAsOf("{time}"));
        all.put("verifyTime", words.offlineVerifyTime("{ms}"));
        all.put("noCode", words.offlineNoCode());
        all.put("reason", words.reason());
        all.put("reasons", Map.of("malformed token", words.reasonMalformed(), "unsupported algorithm", words.reasonUnsupportedAlgorithm(),
                "unknown key", words.reasonUnknownKey(), "revoked key", words.reasonRevokedKey(), "bad signature",
                words.reasonBadSignature()));
        all.put("facts", Map.of("number", words.colNumber(), "holderName", words.holder(), "creditCode", words.creditCode(), "scheme",
                words.scheme(), "grade", words.grade(), "issueDate", words.issueDate(), "expiryDate", words.expiryDate(), "kid",
                words.signingKey(), "signedFacts", words.signedFacts()));
        Map<String, String> schemeNames = new LinkedHashMap<>();
        Map<String, String> gradeNames = new LinkedHashMap<>();
        for (Scheme scheme : schemes.all()) {
            schemeNames.put(scheme.code(), scheme.name().get(language));
            scheme.grades().forEach(grade -> gradeNames.put(scheme.code() + "/" + grade.code(), grade.name().get(language)));
        }
        all.put("schemes", schemeNames);
        all.put("grades", gradeNames);
        try {
            // "<" written as an escape, so that no text can close the script element it sits in
            return JSON.writeValueAsString(all).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

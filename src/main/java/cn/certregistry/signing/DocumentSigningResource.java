package cn.certregistry.signing;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The certificates of the document-signing keys the register has recorded, current and previous, with their validity,
 * state and log entry: a reader of an e-certificate PDF checks that its signer is one of them, offline once fetched.
 * Read from the database, so that every server publishes the same keys whichever key files it holds.
 */
@Path("/.well-known/document-signing")
public class DocumentSigningResource {

    @Inject
    DocumentSigningKeyRecords records;

    /**
     * One key's certificate; {@code signs} and {@code verifies} say whether files signed with it are genuine,
     * {@code logIndex} is the log entry that records its present state.
     */
    public record PublishedCertificate(String kid, String state, boolean signs, boolean verifies, Instant notBefore,
            Instant notAfter, String sha256, String certificate, Instant firstSeenAt, Instant activatedAt, Instant retiredAt,
            Instant revokedAt, Long logIndex) {
    }

    public record PublishedCertificates(List<PublishedCertificate> keys) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response certificates() {
        List<PublishedCertificate> published = records.all().stream().map(key -> new PublishedCertificate(key.kid(),
                key.state().name().toLowerCase(Locale.ROOT), key.state() == KeyState.ACTIVE, key.state() != KeyState.REVOKED,
                key.certificate().getNotBefore().toInstant(), key.certificate().getNotAfter().toInstant(),
                HexFormat.of().formatHex(key.sha256()), DocumentSigningKey.certificatePem(key.certificate()),
                key.firstSeenAt(), key.activatedAt(), key.retiredAt(), key.revokedAt(), key.logIndex())).toList();
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(new PublishedCertificates(published)).cacheControl(cache).build();
    }
}

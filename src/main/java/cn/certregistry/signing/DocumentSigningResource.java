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

import cn.certregistry.common.Hashes;

/**
 * The certificates of the document-signing keys, current and previous, with their validity and state: a reader of
 * an e-certificate PDF checks that its signer is one of them, offline once fetched.
 */
@Path("/.well-known/document-signing")
public class DocumentSigningResource {

    @Inject
    DocumentSigningKeys keys;

    /** One key's certificate; {@code signs} and {@code verifies} say whether files signed with it are genuine. */
    public record PublishedCertificate(String kid, String state, boolean signs, boolean verifies, Instant notBefore,
            Instant notAfter, String sha256, String certificate) {
    }

    public record PublishedCertificates(List<PublishedCertificate> keys) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response certificates() {
        List<PublishedCertificate> published = keys.all().stream().map(key -> new PublishedCertificate(key.kid(),
                key.state().name().toLowerCase(Locale.ROOT), key.state() == KeyState.ACTIVE, key.state() != KeyState.REVOKED,
                key.certificate().getNotBefore().toInstant(), key.certificate().getNotAfter().toInstant(),
                HexFormat.of().formatHex(Hashes.sha256().digest(key.certificateDer())), key.certificatePem())).toList();
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(new PublishedCertificates(published)).cacheControl(cache).build();
    }
}

package cn.certregistry.signing;

import java.util.Base64;
import java.util.List;
import java.util.Locale;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The public keys, as RFC 8037 OKP JWKs, with what each may still do: anyone verifies codes offline with them. */
@Path("/.well-known/jwks.json")
public class JwksResource {

    @Inject
    SigningKeys keys;

    /** One key; {@code state} and {@code signs}/{@code verifies} say whether codes signed with it are genuine. */
    public record Jwk(String kty, String crv, String x, String kid, String use, String alg, String state, boolean signs,
            boolean verifies) {
    }

    public record JwkSet(List<Jwk> keys) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response jwks() {
        List<Jwk> jwks = keys.ring().all().stream().map(key -> new Jwk("OKP", "Ed25519",
                Base64.getUrlEncoder().withoutPadding().encodeToString(key.publicKeyBytes()), key.kid(), "sig", "EdDSA",
                key.state().name().toLowerCase(Locale.ROOT), key.state() == KeyState.ACTIVE, key.state() != KeyState.REVOKED))
                .toList();
        CacheControl cache = new CacheControl();
        cache.setMaxAge(300);
        return Response.ok(new JwkSet(jwks)).cacheControl(cache).build();
    }
}

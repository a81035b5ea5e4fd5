package cn.certregistry.log;

import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import cn.certregistry.common.QueryParameters;
import cn.certregistry.signing.SigningKeys;

/**
 * The verifier key of the log's checkpoints, {@code <name>+<key ID>+<key>}, as Go's sumdb/note and the
 * monitor read it. A monitor fetching it trusts it on first use only: it keeps the key it verified with.
 */
@Path("/log/key")
public class LogKeyResource {

    private static final String TEXT = "text/plain; charset=utf-8";

    @Inject
    SigningKeys keys;
    @Inject
    LogOrigin origin;

    @GET
    @Produces(TEXT)
    public Response key(@Context UriInfo uri) {
        QueryParameters.of(uri, Set.of());
        return Response.ok(origin.verifierKey(keys.ring().active()) + "\n", TEXT).header("Cache-Control", "public, max-age=300")
                .build();
    }
}

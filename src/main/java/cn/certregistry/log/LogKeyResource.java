package cn.certregistry.log;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import cn.certregistry.signing.SigningKeys;

/**
 * The verifier key of the log's checkpoints, {@code <name>+<key ID>+<key>}, as Go's sumdb/note and the
 * monitor read it. A monitor fetching it trusts it on first use only: it keeps the key it verified with.
 */
@Path("/log/key")
public class LogKeyResource {

    @Inject
    SigningKeys keys;
    @Inject
    LogOrigin origin;

    @GET
    @Produces("text/plain; charset=utf-8")
    public Response key(@Context UriInfo uri) {
        return NoteSigner.publish(uri, List.of(origin.verifierKey(keys.ring().active())));
    }
}

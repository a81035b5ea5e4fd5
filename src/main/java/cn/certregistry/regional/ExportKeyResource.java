package cn.certregistry.regional;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import cn.certregistry.log.NoteSigner;

/** The verifier keys of export signatures, {@code <name>+<key ID>+<key>} a line, the active key first. */
@Path("/exports/key")
public class ExportKeyResource {

    private static final String TEXT = "text/plain; charset=utf-8";

    @Inject
    ExportSignatures signatures;

    @GET
    @Produces(TEXT)
    public Response keys(@Context UriInfo uri) {
        return NoteSigner.publish(uri, signatures.verifierKeys());
    }
}

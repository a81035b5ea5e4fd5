package cn.certregistry.snapshot;

import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import cn.certregistry.common.ProblemException;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.log.NoteSigner;

/**
 * The signed status snapshot for offline verifiers: its note (short caching: it is replaced as the register changes),
 * its file by SHA-256 (immutable) and the verifier keys of its notes.
 */
@Path("/status")
public class StatusSnapshotResource {

    private static final String TEXT = "text/plain; charset=utf-8";

    @Inject
    StatusSnapshots snapshots;

    @GET
    @Path("snapshot")
    @Produces(TEXT)
    public Response note(@Context UriInfo uri) {
        QueryParameters.of(uri, Set.of());
        return Response.ok(snapshots.latest().note(), TEXT).header("Cache-Control", "public, max-age=60").build();
    }

    @GET
    @Path("snapshot/{sha256: [0-9a-f]{64}}.gz")
    @Produces("application/gzip")
    public Response file(@PathParam("sha256") String sha256, @Context UriInfo uri) {
        QueryParameters.of(uri, Set.of());
        byte[] file = snapshots.file(sha256).orElseThrow(() -> ProblemException.notFound(
                "No status snapshot with this SHA-256 is kept; GET /status/snapshot names the latest."));
        return Response.ok(file, "application/gzip").header("Cache-Control", "public, max-age=31536000, immutable").build();
    }

    @GET
    @Path("key")
    @Produces(TEXT)
    public Response keys(@Context UriInfo uri) {
        return NoteSigner.publish(uri, snapshots.verifierKeys());
    }
}

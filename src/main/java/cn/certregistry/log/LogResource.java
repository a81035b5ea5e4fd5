package cn.certregistry.log;

import java.util.Base64;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import cn.certregistry.common.ProblemException;
import cn.certregistry.common.QueryParameters;

/**
 * The log as C2SP tlog-tiles serves it: the signed checkpoint, hash tiles and entry bundles (immutable:
 * a tile of a given width never changes), and proofs for those who do not fetch tiles.
 */
@Path("/log")
public class LogResource {

    private static final String TEXT = "text/plain; charset=utf-8";

    @Inject
    TransparencyLog log;
    @Inject
    Witnessing witnessing;

    public record Proof(long index, long size, List<String> hashes) {
    }

    public record Consistency(long from, long to, List<String> hashes) {
    }

    @GET
    @Path("checkpoint")
    @Produces(TEXT)
    public Response checkpoint(@Context UriInfo uri) {
        QueryParameters.of(uri, Set.of());
        return Response.ok(log.published(), TEXT).header("Cache-Control", "public, max-age=1").build();
    }

    /** The C2SP tlog-policy a verifier of this log uses: the log's keys, its witnesses and their quorum. */
    @GET
    @Path("policy")
    @Produces(TEXT)
    public Response policy(@Context UriInfo uri) {
        QueryParameters.of(uri, Set.of());
        return Response.ok(witnessing.publishedPolicy(), TEXT)
                .header("Cache-Control", "public, max-age=300").build();
    }

    @GET
    @Path("tile/{path: .+}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response tile(@PathParam("path") String path, @Context UriInfo uri) {
        QueryParameters.of(uri, Set.of());
        Tiles.TileRef tile;
        try {
            tile = Tiles.TileRef.parse("tile/" + path);
        } catch (IllegalArgumentException e) {
            throw ProblemException.notFound("No tile is named '" + path + "': " + e.getMessage());
        }
        byte[] content = log.tile(tile).orElseThrow(() -> ProblemException.notFound("The log has no tile " + path + " yet."));
        return Response.ok(content, MediaType.APPLICATION_OCTET_STREAM)
                .header("Cache-Control", tile.width() == Tiles.WIDTH ? "public, max-age=31536000, immutable" : "public, max-age=60")
                .build();
    }

    @GET
    @Path("proof/inclusion")
    @Produces(MediaType.APPLICATION_JSON)
    public Proof inclusion(@Context UriInfo uri) {
        QueryParameters parameters = QueryParameters.of(uri, Set.of("index", "size"));
        long size = parameters.longInteger("size", log.latest().size(), 1, Long.MAX_VALUE);
        long index = parameters.requiredLongInteger("index", 0, size - 1, "'index' names the entry to prove, below 'size'.");
        return new Proof(index, size, base64(log.inclusionProof(index, size)));
    }

    @GET
    @Path("proof/consistency")
    @Produces(MediaType.APPLICATION_JSON)
    public Consistency consistency(@Context UriInfo uri) {
        QueryParameters parameters = QueryParameters.of(uri, Set.of("from", "to"));
        long to = parameters.longInteger("to", log.latest().size(), 1, Long.MAX_VALUE);
        long from = parameters.requiredLongInteger("from", 1, to, "'from' is the size of the older tree, from 1 to 'to'.");
        return new Consistency(from, to, base64(log.consistencyProof(from, to)));
    }

    /** One entry with its inclusion proof and the checkpoint it is proved against, in the C2SP tlog-proof form. */
    @GET
    @Path("proof/entry/{index}")
    @Produces(TEXT)
    public String entryProof(@PathParam("index") String index, @Context UriInfo uri) {
        QueryParameters.of(uri, Set.of());
        if (!index.matches("[0-9]{1,18}")) {
            throw ProblemException.notFound("'" + index + "' is not an entry's index.");
        }
        return log.entryProof(Long.parseLong(index));
    }

    private static List<String> base64(List<byte[]> hashes) {
        return hashes.stream().map(Base64.getEncoder()::encodeToString).toList();
    }
}

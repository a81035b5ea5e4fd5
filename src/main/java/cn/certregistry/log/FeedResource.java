package cn.certregistry.log;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import cn.certregistry.common.QueryParameters;

/**
 * The change feed: the log's entries after an index, decoded, with the checkpoint that covers them. The
 * cursor is the log index, so a mirror that follows {@code next} never misses or repeats a change, and
 * can check every entry against the tree.
 */
@Path("/api/v1/feed")
public class FeedResource {

    public static final int MAX_LIMIT = 1000;

    @Inject
    TransparencyLog log;

    public record FeedEntry(long index, String entry, String leafHash, Map<String, Object> change) {
    }

    public record CheckpointView(long size, String rootHash, String note) {
    }

    /** {@code next}: the {@code after} of the following request. */
    public record Feed(List<FeedEntry> entries, CheckpointView checkpoint, long next) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Feed feed(@Context UriInfo uri) {
        QueryParameters parameters = QueryParameters.of(uri, Set.of("after", "limit"));
        long after = parameters.longInteger("after", -1, -1, Long.MAX_VALUE - 1);
        int limit = parameters.integer("limit", 100, 1, MAX_LIMIT);
        TransparencyLog.Page page = log.page(after + 1, limit);
        Base64.Encoder base64 = Base64.getEncoder();
        List<FeedEntry> entries = page.entries().stream().map(e -> new FeedEntry(e.index(), base64.encodeToString(e.entry()),
                base64.encodeToString(Merkle.leafHash(e.entry())), LogEntries.decode(e.entry()))).toList();
        TransparencyLog.Signed checkpoint = page.checkpoint();
        return new Feed(entries, new CheckpointView(checkpoint.size(), base64.encodeToString(checkpoint.root()), checkpoint.note()),
                entries.isEmpty() ? after : entries.get(entries.size() - 1).index());
    }
}

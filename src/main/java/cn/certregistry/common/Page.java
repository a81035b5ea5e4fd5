package cn.certregistry.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;

/**
 * One page of a list, with the total and links to its neighbours (same query, other page). A list that
 * can be walked with a cursor also gives {@code after}: the same query with {@code after} set to it
 * continues after this page, at any depth.
 */
public record Page<T>(List<T> items, long total, boolean totalExact, int page, int size, long totalPages, String after,
        Map<String, String> links) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    /** Deep offsets cost the database a scan of everything before them; walk with {@code after} instead. */
    public static final int MAX_DEPTH = 10_000;
    /**
     * Lists that count without a limit of their own stop past this many matches: "more than 10 000" costs no more than
     * ten thousand rows. (A certificate search stops at 1 000, what a person reads: {@code CertificateQueries}.)
     */
    public static final int MAX_COUNT = MAX_DEPTH;

    /** How many items a list has: exact, or (when {@code exact} is false) more than {@code count}. */
    public record Total(long count, boolean exact) {

        public static Total exact(long count) {
            return new Total(count, true);
        }

        /** The total from a count that stopped at {@code MAX_COUNT + 1} rows. */
        public static Total capped(long counted) {
            return capped(counted, MAX_COUNT);
        }

        /** The total from a count that stopped at {@code limit + 1} rows. */
        public static Total capped(long counted, int limit) {
            return counted > limit ? new Total(limit, false) : exact(counted);
        }
    }

    public static <T> Page<T> of(List<T> items, long total, PageRequest request, UriInfo uri) {
        return of(items, Total.exact(total), request, Optional.empty(), uri);
    }

    /** A page with the cursor after its last item, when more may follow. */
    public static <T> Page<T> of(List<T> items, Total total, PageRequest request, Optional<String> after, UriInfo uri) {
        // pages the counted items fill: all of them, or (a count that stopped) at least these
        long totalPages = Math.max(1, (total.count() + request.size() - 1) / request.size());
        int deepest = MAX_DEPTH / request.size();
        // the last page: where the items end, or (more than were counted) the deepest that offset paging reaches
        long last = total.exact() ? Math.min(totalPages, deepest) : deepest;
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", link(uri, request.walking() ? uri.getRequestUriBuilder() : page(uri, request.page())));
        links.put("first", link(uri, page(uri, 1)));
        if (request.walking()) {
            after.ifPresent(cursor -> links.put("next", link(uri, uri.getRequestUriBuilder().replaceQueryParam("after", cursor))));
        } else {
            if (request.page() > 1) {
                links.put("prev", link(uri, page(uri, (int) Math.min(request.page() - 1, last))));
            }
            // past a count that stopped, a full page may have more after it
            boolean more = total.exact() ? request.page() < totalPages : items.size() == request.size();
            if (more && request.page() < deepest) {
                links.put("next", link(uri, page(uri, request.page() + 1)));
            }
        }
        links.put("last", link(uri, page(uri, (int) last)));
        return new Page<>(items, total.count(), total.exact(), request.page(), request.size(), totalPages, after.orElse(null),
                links);
    }

    private static UriBuilder page(UriInfo uri, int page) {
        return uri.getRequestUriBuilder().replaceQueryParam("after").replaceQueryParam("page", page);
    }

    private static String link(UriInfo uri, UriBuilder query) {
        return uri.getPath() + "?" + query.build().getRawQuery();
    }

    /**
     * Page number (from 1) and size, read from the {@code page} and {@code size} parameters; {@code walking}
     * when the list continues after a cursor ({@code after}) instead of at an offset.
     */
    public record PageRequest(int page, int size, boolean walking) {

        public static PageRequest from(QueryParameters parameters) {
            int size = parameters.integer("size", DEFAULT_SIZE, 1, MAX_SIZE);
            int page = parameters.integer("page", 1, 1, MAX_DEPTH);
            if ((long) page * size > MAX_DEPTH) {
                throw ProblemException.invalidParameter("page", "Pages reach the first " + MAX_DEPTH + " results (page × size ≤ "
                        + MAX_DEPTH + "): page " + page + " of " + size + " is deeper; follow the 'after' cursor instead.");
            }
            return new PageRequest(page, size, false);
        }

        /** The first page after a cursor. */
        public PageRequest afterCursor() {
            return new PageRequest(1, size, true);
        }

        public int offset() {
            return (page - 1) * size;
        }
    }
}

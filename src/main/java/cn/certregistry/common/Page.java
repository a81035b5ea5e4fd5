package cn.certregistry.common;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.core.UriInfo;

/** One page of a list, with the total and links to its neighbours (same query, other page). */
public record Page<T>(List<T> items, long total, int page, int size, long totalPages, Map<String, String> links) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;
    /** Deep offsets cost the database a scan of everything before them; narrow the search instead. */
    public static final int MAX_DEPTH = 10_000;

    public static <T> Page<T> of(List<T> items, long total, PageRequest request, UriInfo uri) {
        long totalPages = Math.max(1, (total + request.size() - 1) / request.size());
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", link(uri, request.page()));
        links.put("first", link(uri, 1));
        if (request.page() > 1) {
            links.put("prev", link(uri, (int) Math.min(request.page() - 1, totalPages)));
        }
        if (request.page() < totalPages) {
            links.put("next", link(uri, request.page() + 1));
        }
        links.put("last", link(uri, (int) totalPages));
        return new Page<>(items, total, request.page(), request.size(), totalPages, links);
    }

    private static String link(UriInfo uri, int page) {
        String query = uri.getRequestUriBuilder().replaceQueryParam("page", page).build().getRawQuery();
        return uri.getPath() + "?" + query;
    }

    /** Page number (from 1) and size, read from the {@code page} and {@code size} parameters. */
    public record PageRequest(int page, int size) {

        public static PageRequest from(QueryParameters parameters) {
            int size = parameters.integer("size", DEFAULT_SIZE, 1, MAX_SIZE);
            int page = parameters.integer("page", 1, 1, MAX_DEPTH);
            if ((long) page * size > MAX_DEPTH) {
                throw ProblemException.invalidParameter("page", "Pages reach the first " + MAX_DEPTH + " results (page × size ≤ "
                        + MAX_DEPTH + "): page " + page + " of " + size + " is deeper; narrow the search instead.");
            }
            return new PageRequest(page, size);
        }

        public int offset() {
            return (page - 1) * size;
        }
    }
}

package cn.certregistry.log.monitor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/** GETs of the register's log resources, waiting out a busy server (429, 503 with Retry-After) a few times. */
final class LogClient {

    private static final int ATTEMPTS = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long LONGEST_WAIT_SECONDS = 10;

    /** The register answered, but not with the resource: a finding, unlike a register that cannot be reached. */
    static final class Refused extends Exception {

        private static final long serialVersionUID = 1L;

        Refused(String path, int status, String body) {
            super("GET " + path + " answered HTTP " + status + (body.isBlank() ? "" : ": " + shorten(body)));
        }

        private static String shorten(String body) {
            String line = body.strip().replaceAll("\\s+", " ");
            return line.length() > 200 ? line.substring(0, 200) + "…" : line;
        }
    }

    private final HttpClient http;
    private final String base;
    private int requests;

    LogClient(HttpClient http, URI base) {
        this.http = http;
        this.base = base.toString().replaceAll("/+$", "");
    }

    /** Requests made so far. */
    int requests() {
        return requests;
    }

    String text(String path) throws IOException, InterruptedException, Refused {
        return new String(get(path), StandardCharsets.UTF_8);
    }

    byte[] get(String path) throws IOException, InterruptedException, Refused {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build();
        for (int attempt = 1;; attempt++) {
            requests++;
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            if (status == 200) {
                return response.body();
            }
            if ((status == 429 || status == 503) && attempt < ATTEMPTS) {
                Thread.sleep(1000 * retryAfter(response).orElse((long) attempt));
                continue;
            }
            throw new Refused(path, status, new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    private static Optional<Long> retryAfter(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Retry-After").map(Long::parseLong).map(s -> Math.max(1, Math.min(s, LONGEST_WAIT_SECONDS)));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}

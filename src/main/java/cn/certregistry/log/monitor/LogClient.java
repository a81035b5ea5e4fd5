package cn.certregistry.log.monitor;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

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

    /** What to do with each resource of {@link #getAll}, in order; false stops there. */
    @FunctionalInterface
    interface Each {
        boolean accept(String path, byte[] content) throws Refused;
    }

    /** Requests in flight at once in {@link #getAll}: a tile is a few milliseconds of the server's time, a round trip may be more. */
    private static final int IN_FLIGHT = 4;

    private final HttpClient http;
    private final String base;
    private final AtomicInteger requests = new AtomicInteger();

    LogClient(HttpClient http, URI base) {
        this.http = http;
        this.base = base.toString().replaceAll("/+$", "");
    }

    /** Requests made so far. */
    int requests() {
        return requests.get();
    }

    /** GETs every path, a few at a time, and hands each answer on in the order of the paths. */
    void getAll(List<String> paths, Each each) throws IOException, InterruptedException, Refused {
        ExecutorService pool = Executors.newFixedThreadPool(IN_FLIGHT, runnable -> {
            Thread thread = new Thread(runnable, "log-monitor-fetch");
            thread.setDaemon(true);
            return thread;
        });
        try {
            Deque<Future<byte[]>> pending = new ArrayDeque<>();
            int next = 0;
            for (int done = 0; done < paths.size(); done++) {
                while (next < paths.size() && pending.size() < 2 * IN_FLIGHT) {
                    String path = paths.get(next++);
                    pending.add(pool.submit(() -> get(path)));
                }
                byte[] content;
                try {
                    content = pending.removeFirst().get();
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Refused refused) {
                        throw refused;
                    }
                    if (e.getCause() instanceof IOException io) {
                        throw io;
                    }
                    throw new IOException(e.getCause());
                }
                if (!each.accept(paths.get(done), content)) {
                    return;
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    String text(String path) throws IOException, InterruptedException, Refused {
        return new String(get(path), StandardCharsets.UTF_8);
    }

    byte[] get(String path) throws IOException, InterruptedException, Refused {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT).GET().build();
        for (int attempt = 1;; attempt++) {
            requests.incrementAndGet();
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

package cn.certregistry.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpServer;

/** A webhook receiver on loopback: records every request it gets and answers with the status it is told to. */
final class Receiver implements AutoCloseable {

    /** One request as it arrived: the Standard Webhooks headers, the body's bytes and what the receiver answered. */
    record Delivery(String path, String id, String timestamp, String signature, byte[] body, int answered) {
    }

    final int port;
    final AtomicInteger status = new AtomicInteger(200);
    /** The {@code Retry-After} the receiver sends with its answer, if any. */
    final AtomicReference<String> retryAfter = new AtomicReference<>();
    /** How long the receiver takes before it answers each delivery. */
    final java.util.concurrent.atomic.AtomicLong delayMillis = new java.util.concurrent.atomic.AtomicLong();
    private final List<Delivery> deliveries = new ArrayList<>();
    private HttpServer server;

    /** A receiver on a free port, not yet listening: until {@link #listen()}, deliveries to it find nobody. */
    Receiver() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    void listen() throws IOException {
        server = HttpServer.create(new InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 16);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            int answer = status.get();
            synchronized (deliveries) {
                deliveries.add(new Delivery(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("webhook-id"),
                        exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                        exchange.getRequestHeaders().getFirst("webhook-signature"), body, answer));
            }
            try {
                Thread.sleep(delayMillis.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            String wait = retryAfter.get();
            if (wait != null) {
                exchange.getResponseHeaders().set("Retry-After", wait);
            }
            exchange.sendResponseHeaders(answer, -1);
            exchange.close();
        });
        // deliveries to different subscriptions arrive at once: each is answered on its own thread
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    List<Delivery> deliveries(String path) {
        synchronized (deliveries) {
            return deliveries.stream().filter(d -> d.path().equals(path)).toList();
        }
    }

    /** The deliveries to a path that the receiver accepted (2xx). */
    List<Delivery> accepted(String path) {
        return deliveries(path).stream().filter(d -> d.answered() >= 200 && d.answered() < 300).toList();
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}

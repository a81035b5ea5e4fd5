package cn.certregistry.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A delivery goes to the address that was checked, whatever the name would resolve to by then: here to a name that
 * resolves to nothing at all ({@code .invalid}), served on loopback with a certificate for that name, which TLS checks.
 * And it ends at its deadline, however slowly a receiver answers.
 */
class PinnedPostTest {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static ScheduledExecutorService deadlines;
    private static SSLContext trusting;
    private static HttpsServer server;
    private static final AtomicReference<String> hostSeen = new AtomicReference<>();
    private static final AtomicReference<String> bodySeen = new AtomicReference<>();

    @BeforeAll
    static void receiverWithACertificateForANameThatDoesNotResolve() throws Exception {
        deadlines = Executors.newSingleThreadScheduledExecutor();
        Path store = Files.createTempDirectory("receiver").resolve("receiver.p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-genkeypair",
                "-alias", "receiver", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=receiver.invalid",
                "-ext", "san=dns:receiver.invalid", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true).start();
        keytool.getInputStream().transferTo(OutputStream.nullOutputStream());
        assertEquals(0, keytool.waitFor(), "keytool made the receiver's certificate");
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, "changeit".toCharArray());
        SSLContext serving = SSLContext.getInstance("TLS");
        serving.init(keyManagers.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("receiver", keys.getCertificate("receiver"));
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        trusting = SSLContext.getInstance("TLS");
        trusting.init(null, trustManagers.getTrustManagers(), null);

        server = HttpsServer.create(new InetSocketAddress(LOOPBACK, 0), 8);
        server.setHttpsConfigurator(new HttpsConfigurator(serving));
        server.createContext("/", exchange -> {
            hostSeen.set(exchange.getRequestHeaders().getFirst("Host"));
            bodySeen.set(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.getResponseHeaders().set("Retry-After", "7");
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterAll
    static void stop() {
        server.stop(0);
        deadlines.shutdownNow();
    }

    private static PinnedPost client() {
        return new PinnedPost(trusting.getSocketFactory(), Duration.ofSeconds(2), deadlines);
    }

    @Test
    void theDeliveryGoesToTheCheckedAddressAndTlsChecksTheName() throws Exception {
        int port = server.getAddress().getPort();
        URI url = URI.create("https://receiver.invalid:" + port + "/hook?x=1");
        assertTrue(TargetUrl.refusal(url, true).isPresent(), "the name resolves to nothing: only the checked address is reached");

        PinnedPost.Answer answer = client().post(url, List.of(LOOPBACK), Map.of("webhook-id", "1"),
                "{\"index\":1}".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10));
        assertEquals(503, answer.status());
        assertEquals(Optional.of("7"), answer.retryAfter());
        assertEquals("receiver.invalid:" + port, hostSeen.get());
        assertEquals("{\"index\":1}", bodySeen.get());

        // the same address under another name: the certificate does not name it, so nothing is sent
        URI other = URI.create("https://other.invalid:" + port + "/hook");
        assertThrows(IOException.class, () -> client().post(other, List.of(LOOPBACK), Map.of(), new byte[0], Duration.ofSeconds(10)));
    }

    @Test
    void aReceiverThatTricklesItsAnswerIsLeftAtTheDeadline() throws Exception {
        try (ServerSocket slow = new ServerSocket(0, 1, LOOPBACK)) {
            Thread trickle = new Thread(() -> {
                try (Socket socket = slow.accept()) {
                    OutputStream out = socket.getOutputStream();
                    for (byte b : "HTTP/1.1 200 OK\r\nX-Padding: ".getBytes(StandardCharsets.ISO_8859_1)) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(300);
                    }
                    while (true) {
                        out.write('a');
                        out.flush();
                        Thread.sleep(300);
                    }
                } catch (IOException | InterruptedException closed) {
                    // the client left
                }
            });
            trickle.start();
            long started = System.nanoTime();
            URI url = URI.create("http://127.0.0.1:" + slow.getLocalPort() + "/");
            assertThrows(IOException.class, () -> client().post(url, List.of(LOOPBACK), Map.of(), new byte[0], Duration.ofSeconds(1)));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            // a second per byte would take minutes: the exchange ended at its deadline, give or take a scheduler's tick
            assertTrue(took.compareTo(Duration.ofSeconds(5)) < 0, "left at the deadline: " + took);
            trickle.join(10_000);
            assertTrue(!trickle.isAlive(), "the receiver saw the connection closed");
        }
    }

    @Test
    void theStatusAndRetryAfterAreReadFromTheHeadOnly() throws Exception {
        assertEquals(new PinnedPost.Answer(429, Optional.of("120")), PinnedPost.answer(new ByteArrayInputStream(
                "HTTP/1.1 429 Too Many\nretry-after:  120 \n\nbody".getBytes(StandardCharsets.ISO_8859_1))));
        assertEquals(new PinnedPost.Answer(204, Optional.empty()), PinnedPost.answer(new ByteArrayInputStream(
                ("HTTP/1.0 204 No Content\r\nX: " + "y".repeat(10_000) + "\r\nRetry-After: 5\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1))));
        assertThrows(IOException.class, () -> PinnedPost.answer(new ByteArrayInputStream("SSH-2.0-OpenSSH\r\n".getBytes(StandardCharsets.ISO_8859_1))));

        // the head ends at its blank line: the answer is known without waiting for a body a receiver keeps sending, and a
        // line of that body is no header
        InputStream head = new ByteArrayInputStream("HTTP/1.1 200 OK\r\nContent-Length: 99\r\n\r\nRetry-After: 5\r\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        InputStream neverEnding = new java.io.SequenceInputStream(head, new InputStream() {
            @Override
            public int read() {
                throw new AssertionError("read past the answer's head");
            }
        });
        assertEquals(new PinnedPost.Answer(200, Optional.empty()), PinnedPost.answer(new java.io.BufferedInputStream(neverEnding, 1)));
    }
}

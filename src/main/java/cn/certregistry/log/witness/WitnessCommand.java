package cn.certregistry.log.witness;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * {@code witness --log-key <verifier key> [--log-key …] --state <directory> [--listen <host:port>] [--name <name>]}: a
 * witness any regulator or platform can run beside its monitor, serving C2SP tlog-witness's
 * {@code POST /add-checkpoint} with tlog-cosignature cosignatures. It starts no register: no database, no Quarkus. Its
 * Ed25519 key is made on the first start and kept in the state directory (readable by its owner only), with what it
 * has cosigned; it prints its policy line ({@code witness <name> <vkey> <url>}) when it listens.
 */
public final class WitnessCommand {

    private static final String USAGE = "usage: witness --log-key <verifier key> [--log-key …] --state <directory>"
            + " [--listen <host:port>] [--name <name>]";
    /** An add-checkpoint request is an old size, at most 63 hashes and a checkpoint with a few signatures. */
    private static final int MAX_REQUEST_BYTES = 16 * 1024;

    private WitnessCommand() {
    }

    /** A running witness: its address and verifier key; closing it stops it. */
    public record Running(HttpServer server, String verifierKey, String url) implements AutoCloseable {
        @Override
        public void close() {
            server.stop(0);
        }
    }

    /** Runs the witness with the arguments after {@code witness} until the process is stopped; 2 on bad arguments. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try (Running running = start(args)) {
            out.println("witness " + running.verifierKey().substring(0, running.verifierKey().indexOf('+')) + " "
                    + running.verifierKey() + " " + running.url());
            out.flush();
            new CountDownLatch(1).await();
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("witness: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException e) {
            err.println("witness: " + e.getMessage());
            return 2;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    /** Starts a witness in this process (the command's work, and the tests' witnesses). */
    public static Running start(String... args) throws IOException {
        List<String> logKeys = new ArrayList<>();
        Path state = null;
        String listen = "127.0.0.1:8380";
        String name = null;
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("'" + args[i] + "' needs a value");
            }
            switch (args[i]) {
                case "--log-key" -> logKeys.add(args[++i]);
                case "--state" -> state = Path.of(args[++i]);
                case "--listen" -> listen = args[++i];
                case "--name" -> name = args[++i];
                default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
            }
        }
        if (logKeys.isEmpty() || state == null) {
            throw new IllegalArgumentException("a log key and a state directory are needed");
        }
        Map<String, List<String>> logs = new HashMap<>();
        for (String vkey : logKeys) {
            logs.computeIfAbsent(vkey.substring(0, Math.max(0, vkey.indexOf('+'))), origin -> new ArrayList<>()).add(vkey);
        }
        int colon = listen.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("--listen is <host>:<port>");
        }
        InetSocketAddress address = new InetSocketAddress(listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1)));
        Files.createDirectories(state);
        Ed25519PrivateKeyParameters key = key(state.resolve("witness.key"));
        HttpServer server = HttpServer.create(address, 64);
        String url = "http://" + listen.substring(0, colon) + ":" + server.getAddress().getPort();
        Witness witness = new Witness(name != null ? name : address.getHostString() + "/witness", key, logs, state,
                Clock.systemUTC());
        server.createContext("/add-checkpoint", exchange -> answer(exchange, witness));
        server.setExecutor(Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "witness");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return new Running(server, witness.verifierKey(), url);
    }

    private static void answer(HttpExchange exchange, Witness witness) throws IOException {
        try (exchange) {
            Witness.Answer answer;
            if (!exchange.getRequestMethod().equals("POST")) {
                answer = Witness.Answer.of(405, "add-checkpoint is a POST");
            } else {
                byte[] body = read(exchange.getRequestBody());
                answer = body == null ? Witness.Answer.of(413, "an add-checkpoint request is at most 16 KiB")
                        : witness.addCheckpoint(new String(body, StandardCharsets.UTF_8));
            }
            byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static byte[] read(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_REQUEST_BYTES + 1);
        return body.length > MAX_REQUEST_BYTES ? null : body;
    }

    /** The witness's key, made on the first start and readable by its owner only. */
    private static Ed25519PrivateKeyParameters key(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] seed = new byte[Ed25519PrivateKeyParameters.KEY_SIZE];
            new SecureRandom().nextBytes(seed);
            Path made = Files.createTempFile(file.getParent(), "witness", ".key",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(made, Base64.getEncoder().encodeToString(seed) + "\n");
            Files.move(made, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        return new Ed25519PrivateKeyParameters(Base64.getDecoder().decode(Files.readString(file).strip()), 0);
    }
}

package cn.certregistry.log.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import cn.certregistry.log.Checkpoint;
import cn.certregistry.log.LogEntries;
import cn.certregistry.log.Merkle;
import cn.certregistry.log.SignedNote;
import cn.certregistry.log.Tiles;

/**
 * The monitor follows the register to a new log key only through the log itself: a "key added" entry that a checkpoint
 * signed by the key it already trusts covers. A key that appears any other way is a finding, and stays untrusted. A
 * checkpoint short of the published witness quorum, or whose newest cosignature is days old, is a finding too.
 * The register here is a small one of the test's own, serving the log's tiles, proofs and keys over HTTP.
 */
class MonitorKeysAndWitnessesTest {

    private static final String ORIGIN = "rotation.example/log";

    @TempDir
    Path state;
    private HttpServer server;
    private final List<byte[]> entries = new ArrayList<>();
    private final List<String> checkpoints = new ArrayList<>();
    private Ed25519PrivateKeyParameters signer;
    private String policy;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aKeyAddedInTheLogUnderTheTrustedKeyIsFollowed() throws Exception {
        Ed25519PrivateKeyParameters first = key(1);
        Ed25519PrivateKeyParameters second = key(2);
        addKey("k1", first);
        signWith(first);
        assertClean();
        addKey("k2", second);
        signWith(first); // the old key signs the checkpoint that covers the new key's entry
        assertClean();
        append("BODY_CHANGED");
        signWith(second);
        assertClean();
        append("BODY_CHANGED");
        signWith(second);
        assertClean();
    }

    @Test
    void aKeyNoEntryAddsIsNotFollowed() throws Exception {
        Ed25519PrivateKeyParameters first = key(1);
        addKey("k1", first);
        signWith(first);
        assertClean();
        append("BODY_CHANGED");
        signWith(key(3));
        Report report = monitor().check();
        assertTrue(report.findings().stream().anyMatch(f -> f.startsWith("the log's key changed to " + ORIGIN + "+")
                && f.endsWith("which no entry of the log adds")), report.findings().toString());
    }

    @Test
    void aKeyAddedButNeverCoveredByTheTrustedKeyIsNotFollowed() throws Exception {
        Ed25519PrivateKeyParameters first = key(1);
        Ed25519PrivateKeyParameters second = key(2);
        addKey("k1", first);
        signWith(first);
        assertClean();
        addKey("k2", second);
        signWith(second);
        Report report = monitor().check();
        assertTrue(report.findings().stream().anyMatch(f -> f.contains("which no checkpoint signed by the trusted key covers")),
                report.findings().toString());
    }

    /** A checkpoint short of its witness quorum, or whose cosignatures are days old, is a finding. */
    @Test
    void aCheckpointShortOfItsQuorumOrWitnessedLongAgoIsAFinding() throws Exception {
        Ed25519PrivateKeyParameters first = key(1);
        addKey("k1", first);
        signWith(first);
        cn.certregistry.log.witness.Witness witness = new cn.certregistry.log.witness.Witness("witness.example/w1", key(7),
                java.util.Map.of(ORIGIN, List.of(SignedNote.verifierKey(ORIGIN, first.generatePublicKey()))), state.resolve("w1"),
                java.time.Clock.fixed(java.time.Instant.now().minus(java.time.Duration.ofDays(2)), java.time.ZoneOffset.UTC));
        policy = "witness w1 " + witness.verifierKey() + "\nquorum w1\n";
        Report unwitnessed = monitor().check();
        assertTrue(unwitnessed.findings().contains("the checkpoint does not meet the log's witness quorum: cosigned by []"),
                unwitnessed.findings().toString());
        String last = checkpoints.remove(checkpoints.size() - 1);
        checkpoints.add(last + witness.addCheckpoint("old 0\n\n" + last).body());
        Report old = monitor().check();
        assertTrue(old.findings().stream().anyMatch(f -> f.startsWith("the checkpoint's newest cosignature is 4")
                && f.endsWith("hours old: its witnesses have not seen the log since")), old.findings().toString());
    }

    private void assertClean() throws Exception {
        Report report = monitor().check();
        assertEquals(List.of(), report.findings());
    }

    private LogMonitor monitor() {
        return new LogMonitor(URI.create("http://127.0.0.1:" + server.getAddress().getPort()), null, state);
    }

    private static Ed25519PrivateKeyParameters key(int seed) {
        byte[] bytes = new byte[32];
        java.util.Arrays.fill(bytes, (byte) seed);
        return new Ed25519PrivateKeyParameters(bytes, 0);
    }

    private void addKey(String kid, Ed25519PrivateKeyParameters key) {
        entries.add(LogEntries.encode(new LogEntries.Change("SIGNING_KEY_ADDED", null, null, "{\"kid\":\"" + kid
                + "\",\"publicKey\":\"" + Base64.getEncoder().encodeToString(key.generatePublicKey().getEncoded())
                + "\",\"state\":\"ACTIVE\"}"), null));
    }

    private void append(String kind) {
        entries.add(LogEntries.encode(new LogEntries.Change(kind, null, "B" + entries.size(), "{\"name\":\"x\"}"), null));
    }

    private void signWith(Ed25519PrivateKeyParameters key) {
        signer = key;
        checkpoints.add(SignedNote.sign(new Checkpoint(ORIGIN, entries.size(), Merkle.root(entries.size(), nodes())).body(),
                ORIGIN, key));
    }

    private Merkle.NodeReader nodes() {
        return wanted -> wanted.stream().map(n -> node(n.level(), n.index())).toList();
    }

    private byte[] node(int level, long index) {
        return level == 0 ? Merkle.leafHash(entries.get((int) index))
                : Merkle.nodeHash(node(level - 1, 2 * index), node(level - 1, 2 * index + 1));
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            int status = 200;
            if (path.equals("/log/key")) {
                body = (SignedNote.verifierKey(ORIGIN, signer.generatePublicKey()) + "\n").getBytes(StandardCharsets.UTF_8);
            } else if (path.equals("/log/checkpoint")) {
                body = checkpoints.get(checkpoints.size() - 1).getBytes(StandardCharsets.UTF_8);
            } else if (path.equals("/log/proof/consistency")) {
                String query = exchange.getRequestURI().getQuery();
                long from = Long.parseLong(query.replaceAll(".*from=([0-9]+).*", "$1"));
                long to = Long.parseLong(query.replaceAll(".*to=([0-9]+).*", "$1"));
                body = ("{\"from\":" + from + ",\"to\":" + to + ",\"hashes\":[" + Merkle.consistencyProof(from, to, nodes()).stream()
                        .map(h -> "\"" + Base64.getEncoder().encodeToString(h) + "\"").collect(Collectors.joining(",")) + "]}")
                        .getBytes(StandardCharsets.UTF_8);
            } else if (path.startsWith("/log/tile/")) {
                Tiles.TileRef tile = Tiles.TileRef.parse(path.substring(5));
                if (tile.entries()) {
                    body = Tiles.entryBundle(entries.subList((int) tile.index() * 256, (int) (tile.index() * 256 + tile.width())));
                } else {
                    List<byte[]> hashes = nodes().read(Tiles.nodesOf(tile.level(), tile.index(), tile.width()));
                    body = new byte[hashes.size() * 32];
                    for (int i = 0; i < hashes.size(); i++) {
                        System.arraycopy(hashes.get(i), 0, body, i * 32, 32);
                    }
                }
            } else if (path.equals("/log/policy") && policy != null) {
                body = policy.getBytes(StandardCharsets.UTF_8);
            } else if (path.equals("/.well-known/jwks.json")) {
                body = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);
            } else {
                status = 404;
                body = "not here".getBytes(StandardCharsets.UTF_8);
            }
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}

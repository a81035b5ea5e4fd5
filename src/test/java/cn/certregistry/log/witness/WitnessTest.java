package cn.certregistry.log.witness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.certregistry.log.Checkpoint;
import cn.certregistry.log.Merkle;
import cn.certregistry.log.SignedNote;

/**
 * The witness as C2SP tlog-witness describes it: it cosigns a checkpoint that extends the one it cosigned last, and
 * answers every other request with the status the protocol gives (400, 403, 404, 409 with its size, 422); its
 * cosignature is the bytes tlog-cosignature describes, checked against a vector worked out here by hand.
 */
class WitnessTest {

    private static final String ORIGIN = "cert.example.cn/log";
    private static final Instant NOW = Instant.parse("2026-11-15T08:00:00Z");
    private static final Ed25519PrivateKeyParameters LOG_KEY = new Ed25519PrivateKeyParameters(new byte[32], 0);
    private static final String LOG_VKEY = SignedNote.verifierKey(ORIGIN, LOG_KEY.generatePublicKey());
    private static final Ed25519PrivateKeyParameters WITNESS_KEY = new Ed25519PrivateKeyParameters(filled(7), 0);

    @TempDir
    Path state;

    @Test
    void cosignsOnlyWhatExtendsWhatItCosigned() throws Exception {
        Tree tree = new Tree();
        Witness witness = witness();
        tree.grow(5);
        String first = checkpoint(tree, 5);
        Witness.Answer answer = witness.addCheckpoint("old 0\n\n" + first);
        assertEquals(200, answer.status(), answer.body());
        Cosignature.Verifier verifier = Cosignature.Verifier.parse(witness.verifierKey());
        assertEquals(NOW.getEpochSecond(), Cosignature.verify(answer.body(), verifier, body(first)).orElseThrow());

        tree.grow(8);
        String second = checkpoint(tree, 13);
        assertEquals(409, witness.addCheckpoint("old 0\n\n" + second).status(), "the witness has cosigned 5 entries");
        Witness.Answer conflict = witness.addCheckpoint("old 3\n" + proof(tree, 3, 13) + "\n" + second);
        assertEquals(new Witness.Answer(409, "text/x.tlog.size", "5\n"), conflict);
        String badProof = proof(tree, 5, 13).replaceFirst("^[A-Za-z0-9+/]", "A".equals(proof(tree, 5, 13).substring(0, 1)) ? "B" : "A");
        assertEquals(422, witness.addCheckpoint("old 5\n" + badProof + "\n" + second).status());
        assertEquals(200, witness.addCheckpoint("old 5\n" + proof(tree, 5, 13) + "\n" + second).status());

        Tree fork = new Tree();
        fork.grow(12);
        fork.leaves.add(Merkle.leafHash("another entry".getBytes(StandardCharsets.UTF_8)));
        assertEquals(409, witness.addCheckpoint("old 13\n\n" + checkpoint(fork, 13)).status(), "the same size, another root");
        assertEquals(400, witness.addCheckpoint("old 14\n\n" + second).status(), "an old size above the checkpoint's");
        assertEquals(404, witness.addCheckpoint("old 13\n\n" + second.replace(ORIGIN, "other.example/log")).status());
        Ed25519PrivateKeyParameters stranger = new Ed25519PrivateKeyParameters(filled(9), 0);
        String forged = SignedNote.sign(body(second), ORIGIN, stranger);
        assertEquals(403, witness.addCheckpoint("old 13\n\n" + forged).status(), "not the log's key");
        assertEquals(400, witness.addCheckpoint("old 5\nnot base64!\n\n" + second).status());

        Witness restarted = witness();
        assertEquals(new Witness.Answer(409, "text/x.tlog.size", "13\n"), restarted.addCheckpoint("old 5\n\n" + second),
                "what it cosigned outlives the process");
    }

    /** tlog-cosignature's bytes, computed here step by step from the specification's text. */
    @Test
    void theCosignatureIsTheSpecificationsBytes() throws Exception {
        Tree tree = new Tree();
        tree.grow(3);
        String checkpoint = checkpoint(tree, 3);
        Witness.Answer answer = witness().addCheckpoint("old 0\n\n" + checkpoint);

        byte[] publicKey = WITNESS_KEY.generatePublicKey().getEncoded();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        sha.update("witness.example/w1\n".getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0x04);
        sha.update(publicKey);
        byte[] keyId = Arrays.copyOf(sha.digest(), 4);
        String message = "cosignature/v1\ntime " + NOW.getEpochSecond() + "\n" + body(checkpoint);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, WITNESS_KEY);
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        signer.update(bytes, 0, bytes.length);
        byte[] signed = ByteBuffer.allocate(76).put(keyId).putLong(NOW.getEpochSecond()).put(signer.generateSignature()).array();
        assertEquals("\u2014 witness.example/w1 " + Base64.getEncoder().encodeToString(signed) + "\n", answer.body());
        assertEquals("witness.example/w1+" + java.util.HexFormat.of().formatHex(keyId) + "+"
                + Base64.getEncoder().encodeToString(ByteBuffer.allocate(33).put((byte) 4).put(publicKey).array()),
                witness().verifierKey());
    }

    @Test
    void servesTheProtocolOverHttp() throws Exception {
        try (WitnessCommand.Running running = WitnessCommand.start("--log-key", LOG_VKEY, "--state", state.toString(),
                "--listen", "127.0.0.1:0", "--name", "witness.example/http")) {
            Tree tree = new Tree();
            tree.grow(2);
            HttpClient client = HttpClient.newHttpClient();
            HttpResponse<String> cosigned = client.send(HttpRequest.newBuilder(URI.create(running.url() + "/add-checkpoint"))
                    .POST(HttpRequest.BodyPublishers.ofString("old 0\n\n" + checkpoint(tree, 2))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, cosigned.statusCode(), cosigned.body());
            assertTrue(Cosignature.verify(cosigned.body(), Cosignature.Verifier.parse(running.verifierKey()),
                    body(checkpoint(tree, 2))).isPresent());
            HttpResponse<String> conflict = client.send(HttpRequest.newBuilder(URI.create(running.url() + "/add-checkpoint"))
                    .POST(HttpRequest.BodyPublishers.ofString("old 0\n\n" + checkpoint(tree, 2))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(409, conflict.statusCode());
            assertEquals("text/x.tlog.size", conflict.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("2\n", conflict.body());
            assertEquals(405, client.send(HttpRequest.newBuilder(URI.create(running.url() + "/add-checkpoint")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    private Witness witness() throws Exception {
        return new Witness("witness.example/w1", WITNESS_KEY, Map.of(ORIGIN, List.of(LOG_VKEY)), state,
                Clock.fixed(NOW, ZoneOffset.UTC));
    }

    /** A log's leaves in memory, its nodes computed on demand. */
    private static final class Tree {
        final List<byte[]> leaves = new ArrayList<>();

        void grow(int entries) {
            for (int i = 0; i < entries; i++) {
                leaves.add(Merkle.leafHash(("entry " + leaves.size()).getBytes(StandardCharsets.UTF_8)));
            }
        }

        byte[] node(int level, long index) {
            return level == 0 ? leaves.get((int) index) : Merkle.nodeHash(node(level - 1, 2 * index), node(level - 1, 2 * index + 1));
        }

        Merkle.NodeReader reader() {
            return nodes -> nodes.stream().map(n -> node(n.level(), n.index())).toList();
        }
    }

    private static String checkpoint(Tree tree, long size) {
        return SignedNote.sign(new Checkpoint(ORIGIN, size, Merkle.root(size, tree.reader())).body(), ORIGIN, LOG_KEY);
    }

    private static String proof(Tree tree, long from, long to) {
        return Merkle.consistencyProof(from, to, tree.reader()).stream().map(h -> Base64.getEncoder().encodeToString(h) + "\n")
                .collect(Collectors.joining());
    }

    private static String body(String note) {
        return note.substring(0, note.indexOf("\n\n") + 1);
    }

    private static byte[] filled(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}

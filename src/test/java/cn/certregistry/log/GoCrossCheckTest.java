package cn.certregistry.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the library writes, checked by code we did not write: src/test/go/logcheck, a program over Go's
 * golang.org/x/mod/sumdb/note and sumdb/tlog (Debian's golang-go and golang-golang-x-mod-dev, built in
 * GOPATH mode, offline). Skipped where either is missing.
 */
class GoCrossCheckTest {

    private static final Path GOPATH = Path.of("/usr/share/gocode");
    private static final String NAME = "certregistry.example/log";
    private static final Base64.Encoder B64 = Base64.getEncoder();

    @TempDir
    static Path work;
    private static Path logcheck;
    private static Path good;
    private static final MemoryTree TREE = new MemoryTree();
    private static final Ed25519PrivateKeyParameters KEY = new Ed25519PrivateKeyParameters(new SecureRandom());

    /** Why the tests are skipped, or null. */
    private static String missing;

    @BeforeAll
    static void buildAndWrite() throws Exception {
        Path go = cn.certregistry.Installed.onPath("go").orElse(null);
        if (go == null) {
            missing = "no go on the PATH (Debian: golang-go)";
            return;
        }
        if (!Files.isDirectory(GOPATH.resolve("src/golang.org/x/mod/sumdb/tlog"))) {
            missing = "no golang.org/x/mod sources in " + GOPATH + " (Debian: golang-golang-x-mod-dev)";
            return;
        }
        logcheck = work.resolve("logcheck");
        Run build = run(List.of(go.toString(), "build", "-o", logcheck.toString(), "src/test/go/logcheck/main.go"), 300);
        assertEquals(0, build.exit, "go build: " + build.output);

        long seed = System.nanoTime();
        Random random = new Random(seed);
        int size = 520 + random.nextInt(400); // two full level 0 tiles and more, a partial level 1 tile
        for (int i = 0; i < size; i++) {
            byte[] entry = new byte[i == 3 ? 0 : random.nextInt(200)];
            random.nextBytes(entry);
            TREE.append(entry);
        }
        good = work.resolve("good");
        write(good, random);
    }

    @BeforeEach
    void goIsThere() {
        assumeTrue(missing == null, missing);
    }

    /** The inputs of logcheck for {@link #TREE}, as the library writes them. */
    private static void write(Path dir, Random random) throws IOException {
        long size = TREE.size();
        Files.createDirectories(dir.resolve("tlog-proofs"));
        Files.writeString(dir.resolve("vkey"), SignedNote.verifierKey(NAME, KEY.generatePublicKey()) + "\n");
        String checkpoint = SignedNote.sign(new Checkpoint(NAME, size, Merkle.root(size, TREE)).body(), NAME, KEY);
        Files.writeString(dir.resolve("checkpoint"), checkpoint);

        StringBuilder entries = new StringBuilder();
        for (long i = 0; i < size; i++) {
            byte[] entry = TREE.entry(i);
            entries.append(B64.encodeToString(entry)).append(' ').append(B64.encodeToString(Merkle.leafHash(entry))).append('\n');
        }
        Files.writeString(dir.resolve("entries"), entries);

        StringBuilder inclusion = new StringBuilder();
        List<Long> indexes = new ArrayList<>(List.of(0L, size - 1, 255L, 256L, 511L, 512L));
        for (int i = 0; i < 60; i++) {
            indexes.add((long) random.nextInt((int) size));
        }
        for (int i = 0; i < indexes.size(); i++) {
            long index = indexes.get(i);
            List<byte[]> proof = Merkle.inclusionProof(index, size, TREE);
            inclusion.append(index).append(hashes(proof)).append('\n');
            if (i < 10) {
                Files.writeString(dir.resolve("tlog-proofs/" + i + "-" + index + ".tlog-proof"), InclusionProof.encode(index, proof, checkpoint));
            }
        }
        Files.writeString(dir.resolve("inclusion"), inclusion);

        StringBuilder consistency = new StringBuilder();
        List<Long> olds = new ArrayList<>(List.of(1L, 2L, 256L, 257L, size - 1, size));
        for (int i = 0; i < 40; i++) {
            olds.add(1L + random.nextInt((int) size));
        }
        for (long old : olds) {
            consistency.append(old).append(' ').append(B64.encodeToString(Merkle.root(old, TREE)))
                    .append(hashes(Merkle.consistencyProof(old, size, TREE))).append('\n');
        }
        Files.writeString(dir.resolve("consistency"), consistency);

        for (int level = 0; Tiles.width(level, 0, size) > 0; level++) {
            for (long n = 0; Tiles.width(level, n, size) > 0; n++) {
                int width = Tiles.width(level, n, size);
                ByteArrayOutputStream tile = new ByteArrayOutputStream();
                TREE.read(Tiles.nodesOf(level, n, width)).forEach(tile::writeBytes);
                writeFile(dir.resolve(Tiles.path(level, n, width)), tile.toByteArray());
                if (level == 0) {
                    List<byte[]> bundle = new ArrayList<>();
                    for (int i = 0; i < width; i++) {
                        bundle.add(TREE.entry(n * Tiles.WIDTH + i));
                    }
                    writeFile(dir.resolve(Tiles.entriesPath(n, width)), Tiles.entryBundle(bundle));
                }
            }
        }
    }

    @Test
    void goAcceptsWhatWeWrite() {
        Run check = logcheck(good);
        assertEquals(0, check.exit, check.output);
        System.out.println("logcheck: " + check.output);
        assertTrue(check.output.startsWith("OK tree " + TREE.size() + ", 66 audit paths, 46 consistency proofs, 10 tlog-proofs, "), check.output);
    }

    /**
     * A checkpoint as the register publishes it with witnesses: their cosignature lines (C2SP tlog-cosignature, type 0x04)
     * after the log's signature. Go's note.Open ignores signatures by keys it was not given, and still verifies the log's.
     */
    @Test
    void goAcceptsACheckpointCosignedByWitnesses() throws Exception {
        String checkpoint = Files.readString(good.resolve("checkpoint"));
        String cosigned = checkpoint;
        for (int i = 1; i <= 2; i++) {
            cn.certregistry.log.witness.Witness witness = new cn.certregistry.log.witness.Witness("witness.example/w" + i,
                    new Ed25519PrivateKeyParameters(new SecureRandom()), java.util.Map.of(NAME, List.of(
                            SignedNote.verifierKey(NAME, KEY.generatePublicKey()))), Files.createTempDirectory("witness"),
                    java.time.Clock.systemUTC());
            cn.certregistry.log.witness.Witness.Answer answer = witness.addCheckpoint("old 0\n\n" + checkpoint);
            assertEquals(200, answer.status(), answer.body());
            cosigned += answer.body();
        }
        Path dir = Files.createTempDirectory(work, "cosigned");
        copy(good, dir);
        Files.writeString(dir.resolve("checkpoint"), cosigned);
        Run check = logcheck(dir);
        assertEquals(0, check.exit, check.output);
    }

    @Test
    void goRejectsATamperedCheckpoint() throws IOException {
        String checkpoint = Files.readString(good.resolve("checkpoint"));
        String size = "\n" + TREE.size() + "\n";
        assertRejected("checkpoint: note.Open: invalid signature for key " + NAME + "+", "checkpoint",
                text(text -> text.replace(size, "\n" + (TREE.size() - 1) + "\n")));
        // signed, but a root that is not the entries'
        String wrongRoot = SignedNote.sign(new Checkpoint(NAME, TREE.size(), Merkle.root(TREE.size() - 1, TREE)).body(), NAME, KEY);
        assertRejected("but tlog.TreeHash of the entries is", "checkpoint", text(text -> wrongRoot));
        // signed by another key under our name
        Ed25519PrivateKeyParameters other = new Ed25519PrivateKeyParameters(new SecureRandom());
        String body = checkpoint.substring(0, checkpoint.indexOf("\n\n") + 1);
        assertRejected("checkpoint: note.Open: note has no verifiable signatures", "checkpoint", text(text -> SignedNote.sign(body, NAME, other)));
        // a bit of our signature flipped
        assertRejected("checkpoint: note.Open: invalid signature", "checkpoint", text(text -> flipBase64(text, text.lastIndexOf(' ') + 20)));
    }

    @Test
    void goRejectsATamperedProof() throws IOException {
        assertRejected(": tlog.CheckRecord", "inclusion", text(text -> flipBase64(text, text.indexOf(' ', text.indexOf('\n')) + 5)));
        assertRejected("consistency from 257: tlog.CheckTree", "consistency", text(text -> {
            int line = text.indexOf("\n257 ");
            int proof = text.indexOf(' ', text.indexOf(' ', line + 1) + 1);
            return flipBase64(text, proof + 3);
        }));
        // the root of the old tree is the last size's, not its own
        assertRejected("consistency from 1: tlog.CheckTree", "consistency",
                text(text -> text.replaceFirst("^1 [^ ]+ ", "1 " + B64.encodeToString(Merkle.root(2, TREE)) + " ")));
        assertRejected("tlog-proof 0-0.tlog-proof: tlog.CheckRecord", "tlog-proofs/0-0.tlog-proof",
                text(text -> flipBase64(text, text.indexOf("index 0\n") + 10)));
        // a proof for another index
        assertRejected("inclusion of 1: tlog.CheckRecord", "inclusion", text(text -> text.replaceFirst("^0 ", "1 ")));
    }

    @Test
    void goRejectsTamperedTilesAndBundles() throws IOException {
        assertRejected("tile tile/0/001: not the data tlog.ReadTileData makes", "tile/0/001", flipByte(100));
        assertRejected("entry bundle tile/entries/000: ", "tile/entries/000", flipByte(5));
        assertRejected("tile tile/0/001.p/7 is not a tile of the tree", "tile/0/001.p/7", bytes -> new byte[7 * 32]);
        assertRejected("tile tile/1/000.p/", "tile/1/000.p/" + Tiles.width(1, 0, TREE.size()), bytes -> Arrays.copyOf(bytes, 32));
    }

    /** Copies the good inputs, changes one file (a missing one starts empty), expects logcheck to fail with {@code message}. */
    private static void assertRejected(String message, String name, UnaryOperator<byte[]> change) throws IOException {
        Path dir = Files.createTempDirectory(work, "tampered");
        copy(good, dir);
        Path file = dir.resolve(name);
        byte[] before = Files.exists(file) ? Files.readAllBytes(file) : new byte[0];
        byte[] after = change.apply(before.clone());
        assertNotEquals(Base64.getEncoder().encodeToString(before), Base64.getEncoder().encodeToString(after), "the change to " + name + " changes nothing");
        writeFile(file, after);
        Run check = logcheck(dir);
        assertEquals(1, check.exit, check.output);
        assertTrue(check.output.startsWith("FAIL: ") && check.output.contains(message), check.output);
    }

    private static UnaryOperator<byte[]> text(UnaryOperator<String> change) {
        return bytes -> change.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
    }

    private static UnaryOperator<byte[]> flipByte(int at) {
        return bytes -> {
            bytes[at] ^= 1;
            return bytes;
        };
    }

    /** The text with one bit flipped in the base64 character at {@code at}, kept a base64 character. */
    private static String flipBase64(String text, int at) {
        char c = text.charAt(at);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        int value = alphabet.indexOf(c);
        assertTrue(value >= 0, "not base64 at " + at + ": " + c);
        return text.substring(0, at) + alphabet.charAt(value ^ 32) + text.substring(at + 1);
    }

    private static String hashes(List<byte[]> proof) {
        StringBuilder line = new StringBuilder();
        proof.forEach(hash -> line.append(' ').append(B64.encodeToString(hash)));
        return line.toString();
    }

    private static void writeFile(Path file, byte[] bytes) throws IOException {
        Files.createDirectories(file.getParent());
        Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                writeFile(to.resolve(from.relativize(file).toString()), Files.readAllBytes(file));
            }
        }
    }

    private static Run logcheck(Path dir) {
        return run(List.of(logcheck.toString(), dir.toString()), 120);
    }

    private record Run(int exit, String output) {
    }

    private static Run run(List<String> command, int seconds) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        // GOPATH mode over Debian's sources: no module, no proxy, no toolchain download
        env.put("GO111MODULE", "off");
        env.put("GOPATH", GOPATH.toString());
        env.put("GOFLAGS", "");
        env.put("GOPROXY", "off");
        env.put("GOTOOLCHAIN", "local");
        env.put("GOCACHE", Path.of("target/go-cache").toAbsolutePath().toString());
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command.get(0) + " ran over " + seconds + " s");
            }
            return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}

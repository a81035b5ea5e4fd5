package cn.certregistry.log.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import cn.certregistry.log.Checkpoint;
import cn.certregistry.log.Merkle;
import cn.certregistry.log.SignedNote;

/** The monitor's own tree, its state and its reading of a consistency proof, without a register. */
class MonitorLibraryTest {

    @TempDir
    Path directory;

    @Test
    void theMirroredTreeHasTheRootsAndNodesOfRfc6962() {
        List<byte[]> leaves = new ArrayList<>();
        for (int size = 0; size <= 300; size++) {
            MirrorTree tree = new MirrorTree(concat(leaves));
            assertEquals(size, tree.size());
            for (int prefix : new int[] {0, size / 3, size}) {
                assertArrayEquals(mth(leaves.subList(0, prefix)), tree.root(prefix), "root at " + prefix + " of " + size);
            }
            if (size >= 8) {
                assertArrayEquals(mth(leaves.subList(0, 8)), tree.node(3, 0));
                assertArrayEquals(mth(leaves.subList(size / 8 * 8 - 8, size / 8 * 8)), tree.node(3, size / 8 - 1));
            }
            int level = size == 0 ? 0 : 31 - Integer.numberOfLeadingZeros(size);
            assertThrows(IllegalArgumentException.class, () -> tree.node(level + 1, 0), "no incomplete node");
            leaves.add(Merkle.leafHash(("entry " + size).getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void theStateKeepsTheCheckpointAndItsLeavesAndRefusesOnesThatDisagree() throws Exception {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(new byte[32], 0);
        String verifier = SignedNote.verifierKey("monitor.example/log", key.generatePublicKey());
        List<byte[]> leaves = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            leaves.add(Merkle.leafHash(new byte[] {(byte) i}));
        }
        String note = SignedNote.sign(new Checkpoint("monitor.example/log", 5, mth(leaves)).body(), "monitor.example/log", key);
        MonitorState state = new MonitorState(directory.resolve("state"));
        assertTrue(state.load().isEmpty());
        state.save(verifier, note, concat(leaves));
        MonitorState.Seen seen = state.load().orElseThrow();
        assertEquals(5, seen.checkpoint().size());
        assertEquals(verifier, seen.key());
        assertArrayEquals(leaves.get(4), seen.tree().leaf(4));

        byte[] more = Arrays.copyOf(concat(leaves), 6 * 32);
        Files.write(directory.resolve("state/leaves"), more);
        assertEquals(5, state.load().orElseThrow().tree().size(), "leaves beyond the checkpoint (a run stopped between files) are ignored");

        byte[] changed = concat(leaves);
        changed[40] ^= 1;
        Files.write(directory.resolve("state/leaves"), changed);
        assertThrows(MonitorState.Damaged.class, state::load);
        Files.write(directory.resolve("state/leaves"), Arrays.copyOf(concat(leaves), 4 * 32));
        assertThrows(MonitorState.Damaged.class, state::load);
    }

    @Test
    void aConsistencyProofIsReadStrictly() {
        String hash = Base64.getEncoder().encodeToString(new byte[32]);
        assertEquals(2, LogMonitor.hashes("{\"from\":3,\"to\":7,\"hashes\":[\"" + hash + "\", \"" + hash + "\"]}").size());
        assertEquals(0, LogMonitor.hashes("{\"from\":3,\"to\":3,\"hashes\":[]}").size());
        assertNull(LogMonitor.hashes("{\"from\":3,\"to\":7}"));
        assertNull(LogMonitor.hashes("{\"hashes\":[\"" + Base64.getEncoder().encodeToString(new byte[31]) + "\"]}"));
        assertNull(LogMonitor.hashes("{\"hashes\":[\"not base64!\"]}"));
        assertNull(LogMonitor.hashes("{\"hashes\":[1]}"));
    }

    @Test
    void aKeyNotOfTheFormIsRefusedBeforeAnyRequest() {
        assertThrows(IllegalArgumentException.class, () -> new LogMonitor(java.net.URI.create("http://localhost:1/"), "x", null));
    }

    /** MTH of RFC 6962 §2.1, by its recursion. */
    private static byte[] mth(List<byte[]> leaves) {
        if (leaves.isEmpty()) {
            return Merkle.emptyRoot();
        }
        if (leaves.size() == 1) {
            return leaves.get(0);
        }
        int k = Integer.highestOneBit(leaves.size() - 1);
        return Merkle.nodeHash(mth(leaves.subList(0, k)), mth(leaves.subList(k, leaves.size())));
    }

    private static byte[] concat(List<byte[]> hashes) {
        byte[] all = new byte[hashes.size() * 32];
        for (int i = 0; i < hashes.size(); i++) {
            System.arraycopy(hashes.get(i), 0, all, i * 32, 32);
        }
        return all;
    }
}

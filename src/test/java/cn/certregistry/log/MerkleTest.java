package cn.certregistry.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

import cn.certregistry.log.Merkle.Node;

/**
 * Known answers from the RFC 6962 test tree of eight leaves (the vectors of certificate-transparency-go and
 * transparency-dev/merkle), then random trees checked against {@link ReferenceTree}, the RFC's recursion
 * as written.
 */
class MerkleTest {

    private static final HexFormat HEX = HexFormat.of();

    static final List<byte[]> LEAVES = List.of(h(""), h("00"), h("10"), h("2021"), h("3031"), h("40414243"),
            h("5051525354555657"), h("606162636465666768696a6b6c6d6e6f"));

    static final List<byte[]> ROOTS = List.of(
            h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
            h("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            h("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
            h("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
            h("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
            h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"));

    private static final byte[] SOME_HASH = h("abacaba000000000000000000000000000000000000000000060061e00123456");

    private static final long SEED = Long.getLong("merkle.seed", System.nanoTime());

    private static MemoryTree eightLeafTree() {
        MemoryTree tree = new MemoryTree();
        tree.append(LEAVES);
        return tree;
    }

    @Test
    void hashesOfTheEmptyTreeTheEmptyLeafAndANode() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", HEX.formatHex(Merkle.emptyRoot()));
        assertEquals("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d", HEX.formatHex(Merkle.leafHash(new byte[0])));
        assertArrayEquals(ROOTS.get(1), Merkle.nodeHash(Merkle.leafHash(LEAVES.get(0)), Merkle.leafHash(LEAVES.get(1))));
        assertArrayEquals(Merkle.emptyRoot(), Merkle.root(0, nodes -> {
            throw new AssertionError("the empty tree reads nothing");
        }));
        assertThrows(IllegalArgumentException.class, () -> Merkle.nodeHash(new byte[31], new byte[32]));
    }

    @Test
    void rootsOfTheEightLeafTree() {
        MemoryTree tree = eightLeafTree();
        for (int size = 1; size <= 8; size++) {
            tree.reads = 0;
            assertEquals(HEX.formatHex(ROOTS.get(size - 1)), HEX.formatHex(Merkle.root(size, tree.asOfSize(size))), "root of size " + size);
            assertEquals(1, tree.reads);
        }
    }

    @Test
    void inclusionProofsOfTheEightLeafTree() {
        // {index, size, proof...}, the vectors with 1-based leaf numbers turned 0-based
        Object[][] vectors = {
                {0L, 8L, List.of(h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                        h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                        h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"))},
                {5L, 8L, List.of(h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                        h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                        h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"))},
                {2L, 3L, List.of(h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"))},
                {1L, 5L, List.of(h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                        h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                        h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"))},
                {0L, 1L, List.of()},
        };
        MemoryTree tree = eightLeafTree();
        for (Object[] v : vectors) {
            long index = (Long) v[0];
            long size = (Long) v[1];
            @SuppressWarnings("unchecked")
            List<byte[]> expected = (List<byte[]>) v[2];
            List<byte[]> proof = Merkle.inclusionProof(index, size, tree.asOfSize(size));
            assertEquals(hex(expected), hex(proof), "proof of " + index + " in " + size);
            byte[] leaf = Merkle.leafHash(LEAVES.get((int) index));
            byte[] root = ROOTS.get((int) size - 1);
            assertTrue(Merkle.verifyInclusion(leaf, index, size, proof, root));
            for (String wrong : corruptInclusion(leaf, index, size, proof, root)) {
                throw new AssertionError("proof of " + index + " in " + size + " verified with " + wrong);
            }
        }
    }

    @Test
    void consistencyProofsOfTheEightLeafTree() {
        Object[][] vectors = {
                {1L, 1L, List.of()},
                {1L, 8L, List.of(h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                        h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                        h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"))},
                {6L, 8L, List.of(h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                        h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                        h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"))},
                {2L, 5L, List.of(h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                        h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"))},
                {6L, 7L, List.of(h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
                        h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
                        h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"))},
        };
        MemoryTree tree = eightLeafTree();
        for (Object[] v : vectors) {
            long from = (Long) v[0];
            long to = (Long) v[1];
            @SuppressWarnings("unchecked")
            List<byte[]> expected = (List<byte[]>) v[2];
            List<byte[]> proof = Merkle.consistencyProof(from, to, tree.asOfSize(to));
            assertEquals(hex(expected), hex(proof), "proof of " + from + " to " + to);
            byte[] fromRoot = ROOTS.get((int) from - 1);
            byte[] toRoot = ROOTS.get((int) to - 1);
            assertTrue(Merkle.verifyConsistency(from, to, fromRoot, toRoot, proof));
            if (!proof.isEmpty()) {
                for (String wrong : corruptConsistency(from, to, fromRoot, toRoot, proof)) {
                    throw new AssertionError("proof of " + from + " to " + to + " verified with " + wrong);
                }
            }
        }
    }

    @Test
    void consistencyAtTheEdges() {
        byte[] r1 = ROOTS.get(0);
        byte[] r2 = ROOTS.get(1);
        byte[] empty = Merkle.emptyRoot();
        assertTrue(Merkle.verifyConsistency(0, 0, empty, empty, List.of()));
        assertTrue(Merkle.verifyConsistency(0, 5, empty, r2, List.of()));
        assertFalse(Merkle.verifyConsistency(0, 5, r1, r2, List.of()), "only the empty tree's root is the root of size 0");
        assertFalse(Merkle.verifyConsistency(0, 1, empty, r1, List.of(empty)), "a proof from size 0 is empty");
        assertTrue(Merkle.verifyConsistency(1, 1, r1, r1, List.of()));
        assertFalse(Merkle.verifyConsistency(1, 1, r1, r2, List.of()), "same size, different roots");
        assertFalse(Merkle.verifyConsistency(1, 1, r1, r1, List.of(r1)), "same size, a proof that should be empty");
        assertFalse(Merkle.verifyConsistency(2, 1, r2, r1, List.of()), "time travel");
        assertFalse(Merkle.verifyConsistency(1, 2, r1, r2, List.of()), "empty proof between different sizes");
        assertFalse(Merkle.verifyConsistency(1, 2, r1, r2, null));
        assertFalse(Merkle.verifyConsistency(1, 2, new byte[3], r2, List.of(Merkle.leafHash(LEAVES.get(1)))));
        assertTrue(Merkle.verifyConsistency(1, 2, r1, r2, List.of(Merkle.leafHash(LEAVES.get(1)))));
        assertEquals(List.of(), Merkle.consistencyProof(0, 8, eightLeafTree()));
        assertThrows(IllegalArgumentException.class, () -> Merkle.consistencyProof(3, 2, eightLeafTree()));
        assertThrows(IllegalArgumentException.class, () -> Merkle.consistencyProof(-1, 2, eightLeafTree()));
    }

    @Test
    void inclusionAtTheEdges() {
        MemoryTree tree = eightLeafTree();
        assertThrows(IllegalArgumentException.class, () -> Merkle.inclusionProof(8, 8, tree));
        assertThrows(IllegalArgumentException.class, () -> Merkle.inclusionProof(0, 0, tree));
        assertThrows(IllegalArgumentException.class, () -> Merkle.inclusionProof(-1, 8, tree));
        byte[] leaf = Merkle.leafHash(LEAVES.get(0));
        assertTrue(Merkle.verifyInclusion(leaf, 0, 1, List.of(), leaf));
        assertFalse(Merkle.verifyInclusion(leaf, 0, 1, List.of(), new byte[0]));
        assertFalse(Merkle.verifyInclusion(new byte[0], 0, 1, List.of(), leaf));
        for (long[] probe : new long[][] {{0, 0}, {1, 0}, {2, 1}, {-1, 1}}) {
            assertFalse(Merkle.verifyInclusion(SOME_HASH, probe[0], probe[1], List.of(), Merkle.emptyRoot()));
        }
        assertFalse(Merkle.verifyInclusion(leaf, 0, 1, null, leaf));
    }

    @Test
    void aReaderThatAnswersBadlyIsAnError() {
        assertThrows(IllegalStateException.class, () -> Merkle.root(3, nodes -> List.of(SOME_HASH)));
        assertThrows(IllegalStateException.class, () -> Merkle.root(2, nodes -> List.of(new byte[31])));
    }

    @Test
    void nodesAndTheirChildren() {
        Node node = new Node(3, 5);
        assertEquals(new Node(2, 10), node.left());
        assertEquals(new Node(2, 11), node.right());
        assertThrows(IllegalStateException.class, () -> new Node(0, 1).left());
        assertThrows(IllegalArgumentException.class, () -> new Node(64, 0));
        assertThrows(IllegalArgumentException.class, () -> new Node(-1, 0));
        assertThrows(IllegalArgumentException.class, () -> new Node(0, -1));
        // every node is complete in some tree of at most 2^63-1 leaves
        new Node(0, Long.MAX_VALUE - 1);
        assertThrows(IllegalArgumentException.class, () -> new Node(0, Long.MAX_VALUE));
        new Node(1, (1L << 62) - 2);
        assertThrows(IllegalArgumentException.class, () -> new Node(1, (1L << 62) - 1));
        new Node(62, 0);
        assertThrows(IllegalArgumentException.class, () -> new Node(62, 1));
        assertThrows(IllegalArgumentException.class, () -> new Node(63, 0));
    }

    @Test
    void newNodesCompleteTheTreeChildrenFirst() {
        assertEquals(List.of(new Node(0, 0)), Merkle.newNodes(0, 1));
        assertEquals(List.of(new Node(0, 1), new Node(1, 0)), Merkle.newNodes(1, 2));
        assertEquals(List.of(new Node(0, 6), new Node(0, 7), new Node(1, 3), new Node(2, 1), new Node(3, 0)), Merkle.newNodes(6, 8));
        assertEquals(List.of(), Merkle.newNodes(5, 5));
        assertThrows(IllegalArgumentException.class, () -> Merkle.newNodes(6, 5));
        for (long n = 0; n <= 1100; n++) {
            List<Node> all = Merkle.newNodes(0, n);
            assertEquals(2 * n - Long.bitCount(n), all.size(), "complete nodes of a tree of " + n);
            Set<Node> seen = new HashSet<>();
            for (Node node : all) {
                if (node.level() > 0) {
                    assertTrue(seen.contains(node.left()) && seen.contains(node.right()), node + " before its children");
                }
                assertTrue(((node.index() + 1) << node.level()) <= n, node + " is not complete in " + n);
                assertTrue(seen.add(node), node + " twice");
            }
        }
        List<Node> stepwise = new ArrayList<>();
        for (long n = 0; n < 300; n += 7) {
            stepwise.addAll(Merkle.newNodes(n, Math.min(n + 7, 300)));
        }
        assertEquals(Merkle.newNodes(0, 300), stepwise);
    }

    @Test
    void randomTreesAgreeWithTheRecursionOfTheRfc() {
        Random random = new Random(SEED);
        String seed = " (seed " + SEED + ", -Dmerkle.seed to repeat)";
        MemoryTree tree = new MemoryTree();
        List<byte[]> leaves = new ArrayList<>();
        List<byte[]> roots = new ArrayList<>();
        roots.add(Merkle.emptyRoot());
        while (tree.size() < 700) {
            int batch = 1 + random.nextInt(random.nextBoolean() ? 3 : 40);
            List<byte[]> entries = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                // every entry differs (its first bytes are its index): two equal leaves side by side would verify at
                // each other's index, rightly, and fail the corruption checks below
                byte[] entry = new byte[4 + random.nextInt(60)];
                random.nextBytes(entry);
                java.nio.ByteBuffer.wrap(entry).putInt(leaves.size());
                entries.add(entry);
                leaves.add(Merkle.leafHash(entry));
            }
            tree.append(entries);
            // the roots of every size, each from what a store of that size holds
            for (long size = tree.size() - batch + 1; size <= tree.size(); size++) {
                byte[] root = Merkle.root(size, tree.asOfSize(size));
                assertArrayEquals(ReferenceTree.mth(leaves, 0, (int) size), root, "root of " + size + seed);
                roots.add(root);
            }
        }
        assertEquals(2 * tree.size() - Long.bitCount(tree.size()), tree.storedNodes());

        for (int round = 0; round < 400; round++) {
            int size = 1 + random.nextInt((int) tree.size());
            int index = random.nextInt(size);
            String what = "leaf " + index + " in " + size + seed;
            tree.reads = 0;
            tree.nodesRead = 0;
            List<byte[]> proof = Merkle.inclusionProof(index, size, tree.asOfSize(size));
            assertEquals(size == 1 ? 0 : 1, tree.reads, what);
            assertTrue(tree.nodesRead <= 2 * (64 - Long.numberOfLeadingZeros(size)), what + " read " + tree.nodesRead + " nodes");
            assertEquals(hex(ReferenceTree.path(index, leaves, 0, size)), hex(proof), what);
            byte[] leaf = leaves.get(index);
            byte[] root = roots.get(size);
            assertTrue(Merkle.verifyInclusion(leaf, index, size, proof, root), what);
            for (String wrong : corruptInclusion(leaf, index, size, proof, root)) {
                throw new AssertionError(what + " verified with " + wrong);
            }
            for (int other : new int[] {size - 1, size + 1}) {
                if (other > index && other < roots.size()) {
                    assertFalse(Merkle.verifyInclusion(leaf, index, other, proof, roots.get(other)), what + " verified in the tree of " + other);
                }
            }
        }

        for (int round = 0; round < 400; round++) {
            int to = 1 + random.nextInt((int) tree.size());
            int from = round % 10 == 0 ? to : 1 + random.nextInt(to);
            String what = "consistency of " + from + " with " + to + seed;
            tree.reads = 0;
            tree.nodesRead = 0;
            List<byte[]> proof = Merkle.consistencyProof(from, to, tree.asOfSize(to));
            assertTrue(tree.reads <= 1, what);
            assertTrue(tree.nodesRead <= 2 * (64 - Long.numberOfLeadingZeros(to)) + 1, what + " read " + tree.nodesRead + " nodes");
            assertEquals(hex(ReferenceTree.proof(from, leaves, to)), hex(proof), what);
            assertTrue(Merkle.verifyConsistency(from, to, roots.get(from), roots.get(to), proof), what);
            if (from < to) {
                for (String wrong : corruptConsistency(from, to, roots.get(from), roots.get(to), proof)) {
                    throw new AssertionError(what + " verified with " + wrong);
                }
                for (int other : new int[] {from - 1, from + 1}) {
                    if (other > 0 && other < to) {
                        assertFalse(Merkle.verifyConsistency(other, to, roots.get(other), roots.get(to), proof), what + " verified from " + other);
                    }
                }
            }
        }
    }

    /**
     * A tree whose every entry is the same: each complete node's hash depends on its level alone, so trees
     * of up to 2^63-1 leaves can be read without storing them, to check the arithmetic at the top.
     */
    @Test
    void hugeTreesOfOneRepeatedEntry() {
        byte[][] levels = new byte[63][];
        levels[0] = Merkle.leafHash(new byte[] {42});
        for (int l = 1; l < 63; l++) {
            levels[l] = Merkle.nodeHash(levels[l - 1], levels[l - 1]);
        }
        int[] reads = new int[1];
        Merkle.NodeReader reader = nodes -> {
            reads[0]++;
            List<byte[]> hashes = new ArrayList<>();
            for (Node node : nodes) {
                hashes.add(levels[node.level()]);
            }
            return hashes;
        };
        Random random = new Random(SEED);
        long[] sizes = {Long.MAX_VALUE, Long.MAX_VALUE - 1, 1L << 62, (1L << 62) + 1, (1L << 40) + 12345, 3L << 50};
        for (long size : sizes) {
            byte[] root = Merkle.root(size, reader);
            for (long index : new long[] {0, size - 1, size / 2, Math.floorMod(random.nextLong(), size)}) {
                reads[0] = 0;
                List<byte[]> proof = Merkle.inclusionProof(index, size, reader);
                assertEquals(1, reads[0]);
                assertTrue(Merkle.verifyInclusion(levels[0], index, size, proof, root), index + " in " + size);
                assertTrue(proof.size() <= 63);
            }
            for (long from : new long[] {1, size - 1, size / 3, 1L << 20}) {
                List<byte[]> proof = Merkle.consistencyProof(from, size, reader);
                assertTrue(Merkle.verifyConsistency(from, size, Merkle.root(from, reader), root, proof), from + " to " + size);
            }
        }
        assertArrayEquals(levels[62], Merkle.root(1L << 62, reader));
    }

    /** The probes of transparency-dev/merkle's verifier tests: each names a change that must not verify. */
    static List<String> corruptInclusion(byte[] leaf, long index, long size, List<byte[]> proof, byte[] root) {
        List<String> verified = new ArrayList<>();
        check(verified, "index - 1", Merkle.verifyInclusion(leaf, index - 1, size, proof, root));
        check(verified, "index + 1", Merkle.verifyInclusion(leaf, index + 1, size, proof, root));
        check(verified, "index ^ 2", Merkle.verifyInclusion(leaf, index ^ 2, size, proof, root));
        check(verified, "size * 2", Merkle.verifyInclusion(leaf, index, size * 2, proof, root));
        check(verified, "size / 2", Merkle.verifyInclusion(leaf, index, size / 2, proof, root));
        // 60 bytes: the random trees' entries have at most 59, so this leaf is in none of them
        check(verified, "wrong leaf", Merkle.verifyInclusion(Merkle.leafHash(new byte[60]), index, size, proof, root));
        check(verified, "empty root", Merkle.verifyInclusion(leaf, index, size, proof, Merkle.emptyRoot()));
        check(verified, "some root", Merkle.verifyInclusion(leaf, index, size, proof, SOME_HASH));
        check(verified, "trailing garbage", Merkle.verifyInclusion(leaf, index, size, with(proof, proof.size(), new byte[0]), root));
        check(verified, "trailing root", Merkle.verifyInclusion(leaf, index, size, with(proof, proof.size(), root), root));
        check(verified, "preceding garbage", Merkle.verifyInclusion(leaf, index, size, with(proof, 0, new byte[0]), root));
        check(verified, "preceding root", Merkle.verifyInclusion(leaf, index, size, with(proof, 0, root), root));
        for (int i = 0; i < proof.size(); i++) {
            for (int bit : new int[] {3, 255}) {
                check(verified, "proof[" + i + "] bit " + bit + " flipped", Merkle.verifyInclusion(leaf, index, size, flip(proof, i, bit), root));
            }
        }
        if (!proof.isEmpty()) {
            check(verified, "removed component", Merkle.verifyInclusion(leaf, index, size, proof.subList(0, proof.size() - 1), root));
        }
        if (proof.size() > 1) {
            check(verified, "inserted component", Merkle.verifyInclusion(leaf, index, size, with(proof, 1, SOME_HASH), root));
        }
        return verified;
    }

    static List<String> corruptConsistency(long from, long to, byte[] fromRoot, byte[] toRoot, List<byte[]> proof) {
        List<String> verified = new ArrayList<>();
        check(verified, "from - 1", Merkle.verifyConsistency(from - 1, to, fromRoot, toRoot, proof));
        check(verified, "from + 1", Merkle.verifyConsistency(from + 1, to, fromRoot, toRoot, proof));
        check(verified, "from ^ 2", Merkle.verifyConsistency(from ^ 2, to, fromRoot, toRoot, proof));
        check(verified, "to * 2", Merkle.verifyConsistency(from, to * 2, fromRoot, toRoot, proof));
        check(verified, "to / 2", Merkle.verifyConsistency(from, to / 2, fromRoot, toRoot, proof));
        check(verified, "wrong from root", Merkle.verifyConsistency(from, to, SOME_HASH, toRoot, proof));
        check(verified, "wrong to root", Merkle.verifyConsistency(from, to, fromRoot, SOME_HASH, proof));
        check(verified, "swapped roots", Merkle.verifyConsistency(from, to, toRoot, fromRoot, proof));
        check(verified, "empty proof", Merkle.verifyConsistency(from, to, fromRoot, toRoot, List.of()));
        check(verified, "trailing garbage", Merkle.verifyConsistency(from, to, fromRoot, toRoot, with(proof, proof.size(), new byte[0])));
        check(verified, "trailing from root", Merkle.verifyConsistency(from, to, fromRoot, toRoot, with(proof, proof.size(), fromRoot)));
        check(verified, "trailing to root", Merkle.verifyConsistency(from, to, fromRoot, toRoot, with(proof, proof.size(), toRoot)));
        check(verified, "preceding garbage", Merkle.verifyConsistency(from, to, fromRoot, toRoot, with(proof, 0, new byte[0])));
        check(verified, "preceding from root", Merkle.verifyConsistency(from, to, fromRoot, toRoot, with(proof, 0, fromRoot)));
        check(verified, "preceding to root", Merkle.verifyConsistency(from, to, fromRoot, toRoot, with(proof, 0, toRoot)));
        check(verified, "preceding proof[0]", Merkle.verifyConsistency(from, to, fromRoot, toRoot, with(proof, 0, proof.get(0))));
        check(verified, "truncated", Merkle.verifyConsistency(from, to, fromRoot, toRoot, proof.subList(0, proof.size() - 1)));
        for (int i = 0; i < proof.size(); i++) {
            for (int bit : new int[] {4, 200}) {
                check(verified, "proof[" + i + "] bit " + bit + " flipped", Merkle.verifyConsistency(from, to, fromRoot, toRoot, flip(proof, i, bit)));
            }
        }
        return verified;
    }

    private static void check(List<String> verified, String probe, boolean result) {
        if (result) {
            verified.add(probe);
        }
    }

    private static List<byte[]> with(List<byte[]> proof, int at, byte[] hash) {
        List<byte[]> changed = new ArrayList<>(proof);
        changed.add(at, hash);
        return changed;
    }

    static List<byte[]> flip(List<byte[]> proof, int i, int bit) {
        List<byte[]> changed = new ArrayList<>(proof);
        byte[] hash = changed.get(i).clone();
        hash[bit / 8] ^= (byte) (1 << (bit % 8));
        changed.set(i, hash);
        return changed;
    }

    static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    static byte[] h(String hex) {
        return HEX.parseHex(hex);
    }
}

package cn.certregistry.log;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The RFC 6962 Merkle tree over SHA-256 (RFC 9162 §2.1): hashes, tree heads, inclusion and consistency
 * proofs and their verification.
 *
 * <p>The tree is read through {@link NodeReader}, which answers for complete subtrees only ({@link Node}).
 * Every hash this class derives (a root, a proof element over the ragged right edge of a tree) is
 * folded from complete subtrees, so the storage never holds anything that changes as the tree grows.
 * Each function computes the list of nodes it needs first and reads them in one call.
 */
public final class Merkle {

    /** The size of every hash in the tree. */
    public static final int HASH_SIZE = 32;

    private static final byte[] EMPTY_ROOT = sha256(new byte[0]);

    private Merkle() {
    }

    /**
     * The hash of the complete subtree of 2^level leaves starting at leaf {@code index·2^level}:
     * level 0 is a leaf hash, level {@code l} the parent of {@code (l-1, 2·index)} and
     * {@code (l-1, 2·index+1)}.
     */
    public record Node(int level, long index) {

        public Node {
            if (level < 0 || level > 62) {
                throw new IllegalArgumentException("node level " + level + " is not in 0..62");
            }
            if (index < 0 || index >= (1L << (63 - level)) - 1) {
                throw new IllegalArgumentException("node (" + level + ", " + index + ") is outside a tree of at most 2^63-1 leaves");
            }
        }

        public Node left() {
            return new Node(childLevel(), 2 * index);
        }

        public Node right() {
            return new Node(childLevel(), 2 * index + 1);
        }

        private int childLevel() {
            if (level == 0) {
                throw new IllegalStateException("a leaf has no children");
            }
            return level - 1;
        }
    }

    /** Reads stored complete-subtree hashes, answering in the order asked. */
    @FunctionalInterface
    public interface NodeReader {
        List<byte[]> read(List<Node> nodes);
    }

    /** SHA-256(0x00 ‖ entry). */
    public static byte[] leafHash(byte[] entry) {
        MessageDigest sha = sha256();
        sha.update((byte) 0x00);
        sha.update(entry);
        return sha.digest();
    }

    /** SHA-256(0x01 ‖ left ‖ right). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        requireHash(left, "left hash");
        requireHash(right, "right hash");
        MessageDigest sha = sha256();
        sha.update((byte) 0x01);
        sha.update(left);
        sha.update(right);
        return sha.digest();
    }

    /** The root of the empty tree, SHA-256 of nothing. */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    /** MTH(D[0:size]). */
    public static byte[] root(long size, NodeReader reader) {
        requireSize(size, "tree size");
        if (size == 0) {
            return emptyRoot();
        }
        List<Node> nodes = cover(0, size);
        return fold(read(reader, nodes), 0, nodes.size());
    }

    /**
     * PATH(index, D[0:size]) of RFC 6962 §2.1.1: the audit path from the leaf's sibling up to a child of
     * the root.
     */
    public static List<byte[]> inclusionProof(long index, long size, NodeReader reader) {
        requireSize(size, "tree size");
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("leaf index " + index + " is not in a tree of size " + size);
        }
        List<long[]> ranges = new ArrayList<>();
        long lo = 0;
        long hi = size;
        while (hi - lo > 1) {
            long mid = lo + largestPowerOfTwoBelow(hi - lo);
            if (index < mid) {
                ranges.add(new long[] {mid, hi});
                hi = mid;
            } else {
                ranges.add(new long[] {lo, mid});
                lo = mid;
            }
        }
        // The ranges were found from the root down; the proof lists them from the leaf up.
        Collections.reverse(ranges);
        return hashRanges(ranges, reader);
    }

    /**
     * PROOF(from, D[0:to]) of RFC 6962 §2.1.2: empty when {@code from} is 0 or equals {@code to}.
     */
    public static List<byte[]> consistencyProof(long from, long to, NodeReader reader) {
        requireSize(from, "old tree size");
        requireSize(to, "new tree size");
        if (from > to) {
            throw new IllegalArgumentException("old tree size " + from + " is larger than new tree size " + to);
        }
        if (from == 0 || from == to) {
            return List.of();
        }
        List<long[]> ranges = new ArrayList<>();
        long lo = 0;
        long hi = to;
        boolean whole = true; // SUBPROOF's b: the range is the whole old tree, whose root the verifier has
        while (hi != from) {
            long mid = lo + largestPowerOfTwoBelow(hi - lo);
            if (from <= mid) {
                ranges.add(new long[] {mid, hi});
                hi = mid;
            } else {
                ranges.add(new long[] {lo, mid});
                lo = mid;
                whole = false;
            }
        }
        if (!whole) {
            ranges.add(new long[] {lo, hi});
        }
        Collections.reverse(ranges);
        return hashRanges(ranges, reader);
    }

    /** RFC 9162 §2.1.3.2: does {@code proof} place {@code leafHash} at {@code index} under {@code root}? */
    public static boolean verifyInclusion(byte[] leafHash, long index, long size, List<byte[]> proof, byte[] root) {
        if (!isHash(leafHash) || !isHash(root) || proof == null || index < 0 || index >= size) {
            return false;
        }
        long fn = index;
        long sn = size - 1;
        byte[] r = leafHash;
        for (byte[] p : proof) {
            if (!isHash(p) || sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = nodeHash(p, r);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                r = nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(r, root);
    }

    /**
     * RFC 9162 §2.1.4.2: is the tree of size {@code to} under {@code toRoot} an extension of the tree of
     * size {@code from} under {@code fromRoot}? From the empty tree only its own root and an empty proof
     * are accepted.
     */
    public static boolean verifyConsistency(long from, long to, byte[] fromRoot, byte[] toRoot, List<byte[]> proof) {
        if (!isHash(fromRoot) || !isHash(toRoot) || proof == null || from < 0 || from > to) {
            return false;
        }
        if (from == 0) {
            return proof.isEmpty() && MessageDigest.isEqual(fromRoot, EMPTY_ROOT);
        }
        if (from == to) {
            return proof.isEmpty() && MessageDigest.isEqual(fromRoot, toRoot);
        }
        if (proof.isEmpty()) {
            return false;
        }
        List<byte[]> path = new ArrayList<>(proof.size() + 1);
        if (Long.bitCount(from) == 1) {
            path.add(fromRoot);
        }
        path.addAll(proof);
        for (byte[] p : path) {
            if (!isHash(p)) {
                return false;
            }
        }
        long fn = from - 1;
        long sn = to - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = path.get(0);
        byte[] sr = path.get(0);
        for (byte[] c : path.subList(1, path.size())) {
            if (sn == 0) {
                return false;
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = nodeHash(c, fr);
                sr = nodeHash(c, sr);
                if ((fn & 1) == 0) {
                    while ((fn & 1) == 0 && fn != 0) {
                        fn >>= 1;
                        sn >>= 1;
                    }
                }
            } else {
                sr = nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        return sn == 0 && MessageDigest.isEqual(fr, fromRoot) && MessageDigest.isEqual(sr, toRoot);
    }

    /**
     * The complete subtrees that become complete when the tree grows from {@code oldSize} to
     * {@code newSize} leaves: for each new leaf, its own node and every node it completes, children
     * before parents. Storing their hashes in this order keeps the storage holding every complete node.
     */
    public static List<Node> newNodes(long oldSize, long newSize) {
        requireSize(oldSize, "old tree size");
        requireSize(newSize, "new tree size");
        if (oldSize > newSize) {
            throw new IllegalArgumentException("old tree size " + oldSize + " is larger than new tree size " + newSize);
        }
        List<Node> nodes = new ArrayList<>();
        for (long leaf = oldSize; leaf < newSize; leaf++) {
            nodes.add(new Node(0, leaf));
            long completed = leaf + 1;
            for (int level = 1; level < 63 && (completed & ((1L << level) - 1)) == 0; level++) {
                nodes.add(new Node(level, (completed >>> level) - 1));
            }
        }
        return nodes;
    }

    /**
     * The complete subtrees covering D[lo:hi] left to right, largest first. For the ranges of RFC 6962's
     * recursion (lo a multiple of a power of two at least hi-lo) they are the binary digits of hi-lo,
     * and folding them right to left gives MTH(D[lo:hi]).
     */
    static List<Node> cover(long lo, long hi) {
        List<Node> nodes = new ArrayList<>();
        while (lo < hi) {
            int level = 63 - Long.numberOfLeadingZeros(hi - lo);
            nodes.add(new Node(level, lo >>> level));
            lo += 1L << level;
        }
        return nodes;
    }

    private static List<byte[]> hashRanges(List<long[]> ranges, NodeReader reader) {
        if (ranges.isEmpty()) {
            return List.of();
        }
        List<Node> nodes = new ArrayList<>();
        int[] counts = new int[ranges.size()];
        for (int i = 0; i < ranges.size(); i++) {
            List<Node> covering = cover(ranges.get(i)[0], ranges.get(i)[1]);
            counts[i] = covering.size();
            nodes.addAll(covering);
        }
        List<byte[]> hashes = read(reader, nodes);
        List<byte[]> proof = new ArrayList<>(ranges.size());
        int offset = 0;
        for (int count : counts) {
            proof.add(fold(hashes, offset, offset + count));
            offset += count;
        }
        return List.copyOf(proof);
    }

    private static byte[] fold(List<byte[]> hashes, int from, int to) {
        byte[] hash = hashes.get(to - 1);
        for (int i = to - 2; i >= from; i--) {
            hash = nodeHash(hashes.get(i), hash);
        }
        return hash;
    }

    private static List<byte[]> read(NodeReader reader, List<Node> nodes) {
        List<byte[]> hashes = reader.read(List.copyOf(nodes));
        if (hashes == null || hashes.size() != nodes.size()) {
            throw new IllegalStateException("node reader answered " + (hashes == null ? "nothing" : hashes.size() + " hashes")
                    + " for " + nodes.size() + " nodes");
        }
        for (int i = 0; i < hashes.size(); i++) {
            if (!isHash(hashes.get(i))) {
                throw new IllegalStateException("node reader answered a hash that is not " + HASH_SIZE + " bytes for " + nodes.get(i));
            }
        }
        return hashes;
    }

    private static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }

    private static void requireSize(long size, String what) {
        if (size < 0) {
            throw new IllegalArgumentException(what + " " + size + " is negative");
        }
    }

    private static void requireHash(byte[] hash, String what) {
        if (!isHash(hash)) {
            throw new IllegalArgumentException(what + " is not " + HASH_SIZE + " bytes");
        }
    }

    private static boolean isHash(byte[] hash) {
        return hash != null && hash.length == HASH_SIZE;
    }

    static byte[] sha256(byte[] data) {
        return sha256().digest(data);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

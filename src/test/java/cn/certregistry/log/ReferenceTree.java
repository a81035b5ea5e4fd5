package cn.certregistry.log;

import java.util.ArrayList;
import java.util.List;

/** RFC 6962 §2.1 as written: MTH, PATH and PROOF by recursion over the leaf hashes, for comparison. */
final class ReferenceTree {

    private ReferenceTree() {
    }

    static byte[] mth(List<byte[]> leaves, int lo, int hi) {
        if (hi - lo == 0) {
            return Merkle.emptyRoot();
        }
        if (hi - lo == 1) {
            return leaves.get(lo);
        }
        int k = split(hi - lo);
        return Merkle.nodeHash(mth(leaves, lo, lo + k), mth(leaves, lo + k, hi));
    }

    static List<byte[]> path(int m, List<byte[]> leaves, int lo, int hi) {
        List<byte[]> proof = new ArrayList<>();
        if (hi - lo <= 1) {
            return proof;
        }
        int k = split(hi - lo);
        if (m < k) {
            proof.addAll(path(m, leaves, lo, lo + k));
            proof.add(mth(leaves, lo + k, hi));
        } else {
            proof.addAll(path(m - k, leaves, lo + k, hi));
            proof.add(mth(leaves, lo, lo + k));
        }
        return proof;
    }

    static List<byte[]> proof(int m, List<byte[]> leaves, int n) {
        return m == 0 || m == n ? new ArrayList<>() : subproof(m, leaves, 0, n, true);
    }

    private static List<byte[]> subproof(int m, List<byte[]> leaves, int lo, int hi, boolean b) {
        List<byte[]> proof = new ArrayList<>();
        int n = hi - lo;
        if (m == n) {
            if (!b) {
                proof.add(mth(leaves, lo, hi));
            }
            return proof;
        }
        int k = split(n);
        if (m <= k) {
            proof.addAll(subproof(m, leaves, lo, lo + k, b));
            proof.add(mth(leaves, lo + k, hi));
        } else {
            proof.addAll(subproof(m - k, leaves, lo + k, hi, false));
            proof.add(mth(leaves, lo, lo + k));
        }
        return proof;
    }

    /** The largest power of two smaller than n. */
    private static int split(int n) {
        return Integer.highestOneBit(n - 1);
    }
}

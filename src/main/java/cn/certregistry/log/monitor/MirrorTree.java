package cn.certregistry.log.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import cn.certregistry.log.Merkle;

/**
 * The monitor's own Merkle tree over the leaf hashes it mirrored: every complete subtree's hash, level by
 * level, so that roots at any size, consistency with an earlier tree and every hash tile can be recomputed
 * without the log.
 */
final class MirrorTree {

    private static final int HASH = Merkle.HASH_SIZE;

    /** Level l holds the complete nodes (l, 0), (l, 1), … as 32-byte hashes one after the other. */
    private final List<byte[]> levels = new ArrayList<>();
    private final long size;

    MirrorTree(byte[] leafHashes) {
        if (leafHashes.length % HASH != 0) {
            throw new IllegalArgumentException("leaf hashes are not a whole number of " + HASH + "-byte hashes");
        }
        size = leafHashes.length / HASH;
        byte[] level = leafHashes;
        levels.add(level);
        while (level.length >= 2 * HASH) {
            int parents = level.length / HASH / 2;
            byte[] up = new byte[parents * HASH];
            for (int i = 0; i < parents; i++) {
                byte[] hash = Merkle.nodeHash(Arrays.copyOfRange(level, 2 * i * HASH, (2 * i + 1) * HASH),
                        Arrays.copyOfRange(level, (2 * i + 1) * HASH, (2 * i + 2) * HASH));
                System.arraycopy(hash, 0, up, i * HASH, HASH);
            }
            levels.add(up);
            level = up;
        }
    }

    long size() {
        return size;
    }

    /** The leaf hash of entry {@code index}. */
    byte[] leaf(long index) {
        return node(0, index);
    }

    /** The hash of complete subtree (level, index); the tree must have it. */
    byte[] node(int level, long index) {
        byte[] hashes = level < levels.size() ? levels.get(level) : new byte[0];
        if (index < 0 || (index + 1) * HASH > hashes.length) {
            throw new IllegalArgumentException("the mirrored tree of " + size + " entries has no node (" + level + ", " + index + ")");
        }
        int at = (int) (index * HASH);
        return Arrays.copyOfRange(hashes, at, at + HASH);
    }

    Merkle.NodeReader reader() {
        return nodes -> nodes.stream().map(n -> node(n.level(), n.index())).toList();
    }

    /** MTH of the first {@code treeSize} entries. */
    byte[] root(long treeSize) {
        if (treeSize > size) {
            throw new IllegalArgumentException("the mirrored tree has " + size + " entries, not " + treeSize);
        }
        return Merkle.root(treeSize, reader());
    }
}

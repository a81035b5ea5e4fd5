package cn.certregistry.log;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cn.certregistry.log.Merkle.Node;

/**
 * A tree kept as the database keeps it: every complete node, stored as {@link Merkle#newNodes} lists them
 * when entries are appended. Its reader refuses a node that is not stored, and counts the calls.
 */
final class MemoryTree implements Merkle.NodeReader {

    private final Map<Node, byte[]> nodes = new HashMap<>();
    private final List<byte[]> entries = new ArrayList<>();
    int reads;
    int nodesRead;

    void append(List<byte[]> newEntries) {
        long oldSize = entries.size();
        entries.addAll(newEntries);
        for (Node node : Merkle.newNodes(oldSize, entries.size())) {
            byte[] hash = node.level() == 0
                    ? Merkle.leafHash(entries.get((int) node.index()))
                    : Merkle.nodeHash(stored(node.left()), stored(node.right()));
            if (nodes.put(node, hash) != null) {
                throw new AssertionError("node stored twice: " + node);
            }
        }
    }

    void append(byte[] entry) {
        append(List.of(entry));
    }

    long size() {
        return entries.size();
    }

    byte[] entry(long index) {
        return entries.get((int) index);
    }

    int storedNodes() {
        return nodes.size();
    }

    byte[] stored(Node node) {
        byte[] hash = nodes.get(node);
        if (hash == null) {
            throw new IllegalStateException("node not stored: " + node);
        }
        return hash;
    }

    @Override
    public List<byte[]> read(List<Node> wanted) {
        reads++;
        nodesRead += wanted.size();
        List<byte[]> hashes = new ArrayList<>(wanted.size());
        for (Node node : wanted) {
            hashes.add(stored(node));
        }
        return hashes;
    }

    /** A reader that only answers for nodes complete within {@code size}, as a store of that size would. */
    Merkle.NodeReader asOfSize(long size) {
        return wanted -> {
            for (Node node : wanted) {
                if (((node.index() + 1) << node.level()) > size) {
                    throw new IllegalStateException(node + " is not complete in a tree of size " + size);
                }
            }
            return read(wanted);
        };
    }
}

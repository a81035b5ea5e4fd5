package cn.certregistry.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.ReadReplica;

/** Reads of the log, on the read-only datasource: its latest checkpoint, tiles, proofs and entries. */
@ApplicationScoped
public class TransparencyLog {

    @Inject
    ReadReplica replica;

    /** A signed checkpoint: the tree's size and root, and the note that signs them. */
    public record Signed(long size, byte[] root, String note) {
    }

    /** An entry and its place in the log. */
    public record Entry(long index, byte[] entry) {
    }

    public Signed latest() {
        return read(connection -> latest(connection));
    }

    Optional<byte[]> tile(Tiles.TileRef tile) {
        return read(connection -> {
            long size = latest(connection).size();
            if (tile.width() > Tiles.width(tile.entries() ? 0 : tile.level(), tile.index(), size)) {
                return Optional.empty();
            }
            if (tile.entries()) {
                return Optional.of(Tiles.entryBundle(entries(connection, tile.index() * 256, tile.width()).stream()
                        .map(Entry::entry).toList()));
            }
            List<byte[]> hashes = LogNodes.reader(connection).read(Tiles.nodesOf(tile.level(), tile.index(), tile.width()));
            byte[] content = new byte[hashes.size() * 32];
            for (int i = 0; i < hashes.size(); i++) {
                System.arraycopy(hashes.get(i), 0, content, i * 32, 32);
            }
            return Optional.of(content);
        });
    }

    List<byte[]> inclusionProof(long index, long size) {
        return read(connection -> Merkle.inclusionProof(index, covered(connection, "size", size), LogNodes.reader(connection)));
    }

    List<byte[]> consistencyProof(long from, long to) {
        return read(connection -> Merkle.consistencyProof(from, covered(connection, "to", to), LogNodes.reader(connection)));
    }

    /** An entry with its inclusion proof against the latest checkpoint, in the C2SP tlog-proof form. */
    String entryProof(long index) {
        return read(connection -> {
            Signed latest = latest(connection);
            if (index >= latest.size()) {
                throw ProblemException.notFound("The log's latest checkpoint covers " + latest.size() + " entries; entry "
                        + index + " is not among them yet.");
            }
            return InclusionProof.encode(index, Merkle.inclusionProof(index, latest.size(), LogNodes.reader(connection)),
                    latest.note());
        });
    }

    /** Up to {@code limit} entries from {@code first} on, of those the latest checkpoint covers, and that checkpoint. */
    public Page page(long first, int limit) {
        return read(connection -> {
            Signed latest = latest(connection);
            int count = (int) Math.max(0, Math.min(limit, latest.size() - first));
            return new Page(count == 0 ? List.of() : entries(connection, first, count), latest);
        });
    }

    public record Page(List<Entry> entries, Signed checkpoint) {
    }

    /** The index of the latest entry about a certificate, when the log has one. */
    public Optional<Long> latestIndexOf(String certificateNumber) {
        return read(connection -> {
            try (PreparedStatement read = connection.prepareStatement(
                    "select max(index) from log_entry where certificate_number = ?")) {
                read.setString(1, certificateNumber);
                try (ResultSet result = read.executeQuery()) {
                    result.next();
                    long index = result.getLong(1);
                    return result.wasNull() ? Optional.<Long>empty() : Optional.of(index);
                }
            }
        });
    }

    private static long covered(Connection connection, String parameter, long size) throws SQLException {
        long latest = latest(connection).size();
        if (size > latest) {
            throw ProblemException.invalidParameter(parameter, "The log's latest checkpoint covers " + latest
                    + " entries; '" + parameter + "' is at most that.");
        }
        return size;
    }

    private static Signed latest(Connection connection) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(
                "select size, root_hash, note from log_checkpoint order by size desc limit 1");
                ResultSet result = read.executeQuery()) {
            if (!result.next()) {
                throw new ProblemException(ProblemType.UNAVAILABLE, "The log has not signed its first checkpoint yet.", null);
            }
            return new Signed(result.getLong(1), result.getBytes(2), result.getString(3));
        }
    }

    private static List<Entry> entries(Connection connection, long first, int count) throws SQLException {
        List<Entry> entries = new ArrayList<>(count);
        try (PreparedStatement read = connection.prepareStatement(
                "select index, entry from log_entry where index >= ? and index < ? order by index")) {
            read.setLong(1, first);
            read.setLong(2, first + count);
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Entry(rows.getLong(1), rows.getBytes(2)));
                }
            }
        }
        return entries;
    }

    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T read(Work<T> work) {
        return replica.inSession(session -> session.doReturningWork(work::run));
    }
}

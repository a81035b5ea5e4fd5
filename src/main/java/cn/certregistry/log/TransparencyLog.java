package cn.certregistry.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import cn.certregistry.common.Patience;
import cn.certregistry.log.witness.WitnessPolicy;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.ReadReplica;

/** Reads of the log, on the read-only datasource: its latest checkpoint, tiles, proofs and entries. */
@ApplicationScoped
public class TransparencyLog {

    @Inject
    ReadReplica replica;
    @Inject
    Witnessing witnessing;
    @Inject
    LogOrigin origin;

    /** A signed checkpoint: the tree's size and root, and the note that signs them. */
    public record Signed(long size, byte[] root, String note) {
    }

    /** An entry and its place in the log. */
    public record Entry(long index, byte[] entry) {
    }

    public Signed latest() {
        return read(connection -> latest(connection));
    }

    /**
     * The checkpoint to publish, with its witnesses' cosignatures as further signature lines: the latest that the
     * witness policy's quorum has cosigned among the latest 64, or, when none has (or the policy needs no witness), the
     * latest. Only a checkpoint whose signature verifies with the log's keys is published: a row written into the table
     * some other way is never served.
     */
    public String published() {
        return read(this::published).note();
    }

    /** The checkpoint to publish, read on a connection the caller holds (in its snapshot). */
    public Signed published(Connection connection) throws SQLException {
        WitnessPolicy policy = witnessing.policy();
        List<String> verifierKeys = origin.verifierKeys();
        Signed latest = null;
        try (PreparedStatement read = connection.prepareStatement("select c.size, c.root_hash, c.note, coalesce(string_agg(w.line,"
                + " '' order by w.witness), ''), coalesce(array_agg(w.witness) filter (where w.witness is not null), '{}')"
                + " from (select size, root_hash, note from log_checkpoint order by size desc limit 64) c"
                + " left join log_cosignature w on w.size = c.size group by c.size, c.root_hash, c.note order by c.size desc");
                ResultSet rows = read.executeQuery()) {
            while (rows.next()) {
                if (SignedNote.openByAny(rows.getString(3), verifierKeys).isEmpty()) {
                    continue;
                }
                Signed checkpoint = new Signed(rows.getLong(1), rows.getBytes(2), rows.getString(3) + rows.getString(4));
                latest = latest == null ? checkpoint : latest;
                if (policy.satisfied(Set.of((String[]) rows.getArray(5).getArray()))) {
                    return checkpoint;
                }
            }
        }
        if (latest == null) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "The log has not signed its first checkpoint yet.", null);
        }
        return latest;
    }

    /** How many entries the latest checkpoint covers: 0 before the log has signed its first. */
    public long size() {
        return read(connection -> {
            try (PreparedStatement read = connection.prepareStatement("select coalesce(max(size), 0) from log_checkpoint");
                    ResultSet result = read.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        });
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

    /** How many entries the log has about a certificate, and the index of the latest (null when none). */
    public record Position(long entries, Long latestIndex) {
    }

    /** A certificate's place in the log: how many entries it has there, and the latest one's index. */
    Position position(String certificateNumber) {
        return read(connection -> position(connection, certificateNumber));
    }

    /** A certificate's place in the log, read on a connection the caller holds. */
    public static Position position(Connection connection, String certificateNumber) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(
                "select count(*), max(index) from log_entry where certificate_number = ?")) {
            read.setString(1, certificateNumber);
            try (ResultSet result = read.executeQuery()) {
                result.next();
                long entries = result.getLong(1);
                long index = result.getLong(2);
                return new Position(entries, result.wasNull() ? null : index);
            }
        }
    }

    /** The index of each certificate's latest entry, of those given that the log has: one query for them all. */
    public Map<String, Long> latestIndexes(Collection<String> certificateNumbers) {
        if (certificateNumbers.isEmpty()) {
            return Map.of();
        }
        return read(connection -> {
            Map<String, Long> latest = new HashMap<>();
            try (PreparedStatement read = connection.prepareStatement("select n.number, (select max(index) from log_entry"
                    + " where certificate_number = n.number) from unnest(?) as n(number)")) {
                read.setArray(1, connection.createArrayOf("varchar", certificateNumbers.stream().distinct().toArray()));
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        long index = rows.getLong(2);
                        if (!rows.wasNull()) {
                            latest.put(rows.getString(1), index);
                        }
                    }
                }
            }
            return latest;
        });
    }

    /**
     * A certificate's latest entry among those a checkpoint covers, with its audit path to that checkpoint's
     * root; or, when the register holds changes of the certificate that the checkpoint does not cover yet,
     * how many ({@code pending} > 0, no entry).
     */
    public record Receipt(String certificateNumber, long index, byte[] entry, List<byte[]> proof, int pending) {

        public boolean inLog() {
            return pending == 0 && entry != null;
        }
    }

    /** A checkpoint and the receipts of certificates against it. */
    public record Receipts(Signed checkpoint, Map<String, Receipt> byNumber) {
    }

    /**
     * The receipts of certificates against the published checkpoint (the latest the witnesses' quorum cosigned). A change is in the log within a second of
     * its commit: while some certificate has changes the checkpoint does not cover, this reads again, up to
     * {@code patience}; a certificate still behind after that has a receipt that says so. Certificates not
     * in the register have none.
     */
    public Receipts receipts(Collection<String> certificateNumbers, Duration patience) {
        return Patience.until(() -> replica.inTransaction(session -> session.doReturningWork(c -> receipts(c, certificateNumbers))),
                receipts -> receipts.byNumber().values().stream().noneMatch(r -> r.pending() > 0), patience);
    }

    /**
     * In one snapshot: a certificate is behind the checkpoint when it has more events than entries below
     * the checkpoint's size (every event makes exactly one entry).
     */
    private Receipts receipts(Connection connection, Collection<String> certificateNumbers) throws SQLException {
        Signed checkpoint = published(connection);
        Map<String, Receipt> byNumber = new HashMap<>();
        if (certificateNumbers.isEmpty()) {
            return new Receipts(checkpoint, byNumber);
        }
        try (PreparedStatement read = connection.prepareStatement("select c.number,"
                + " (select count(*) from certificate_event e where e.certificate_id = c.id),"
                + " (select count(*) from log_entry x where x.certificate_number = c.number and x.index < ?), l.index, l.entry"
                + " from certificate c left join lateral (select index, entry from log_entry where certificate_number = c.number"
                + " and index < ? order by index desc limit 1) l on true where c.number = any(?)")) {
            read.setLong(1, checkpoint.size());
            read.setLong(2, checkpoint.size());
            read.setArray(3, connection.createArrayOf("varchar", certificateNumbers.stream().distinct().toArray()));
            List<Receipt> found = new ArrayList<>();
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    String number = rows.getString(1);
                    int pending = (int) Math.max(0, rows.getLong(2) - rows.getLong(3));
                    long index = rows.getLong(4);
                    byte[] entry = rows.wasNull() ? null : rows.getBytes(5);
                    found.add(pending > 0 || entry == null ? new Receipt(number, -1, null, null, Math.max(pending, 1))
                            : new Receipt(number, index, entry, null, 0));
                }
            }
            // every audit path's nodes in one read: a first pass only notes which nodes the paths need
            Set<Merkle.Node> needed = new HashSet<>();
            byte[] blank = new byte[Merkle.HASH_SIZE];
            Merkle.NodeReader noting = nodes -> {
                needed.addAll(nodes);
                return nodes.stream().map(n -> blank).toList();
            };
            found.stream().filter(r -> r.pending() == 0).forEach(r -> Merkle.inclusionProof(r.index(), checkpoint.size(), noting));
            Merkle.NodeReader nodes = LogIntegrator.nodes(connection,
                    needed.isEmpty() ? Map.of() : LogNodes.read(connection, List.copyOf(needed)));
            for (Receipt r : found) {
                byNumber.put(r.certificateNumber(), r.pending() > 0 ? r : new Receipt(r.certificateNumber(), r.index(), r.entry(),
                        Merkle.inclusionProof(r.index(), checkpoint.size(), nodes), 0));
            }
        }
        return new Receipts(checkpoint, byNumber);
    }

    /** An entry of a feed: its index, bytes, and the certificate's holder as the register names it now. */
    public record FeedItem(long index, byte[] entry, String certificateNumber, String holderName, OffsetDateTime integratedAt) {
    }

    /**
     * The latest {@code limit} entries (newest first) about certificates whose site is in a region: a
     * GB/T 2260 code prefix of 2, 4 or 6 digits (province, city, district), each level with its index (V15).
     */
    public List<FeedItem> regionFeed(String prefix, int limit) {
        String site = switch (prefix.length()) {
            case 2 -> "left(site_region_code, 2)";
            case 4 -> "left(site_region_code, 4)";
            case 6 -> "site_region_code";
            default -> throw new IllegalArgumentException("Not a region code prefix: " + prefix);
        };
        return read(connection -> feed(connection, site + " = ? and site_region_code is not null", prefix, limit));
    }

    /** The latest {@code limit} entries (newest first) about a body: the body itself and its certificates. */
    public List<FeedItem> bodyFeed(String bodyCode, int limit) {
        return read(connection -> feed(connection, "body_code = ?", bodyCode, limit));
    }

    /**
     * The latest {@code limit} entries that {@code condition} (with one parameter, {@code value}) picks, newest first. Only
     * entries the latest checkpoint covers: a feed never shows what the log has not signed.
     */
    private static List<FeedItem> feed(Connection connection, String condition, String value, int limit) throws SQLException {
        long size = latest(connection).size();
        List<FeedItem> items = new ArrayList<>(limit);
        try (PreparedStatement read = connection.prepareStatement("select l.index, l.entry, l.certificate_number, c.holder_name,"
                + " l.integrated_at from (select index, entry, certificate_number, integrated_at from log_entry where index < ?"
                + " and " + condition + " order by index desc limit ?) l left join certificate c on c.number = l.certificate_number"
                + " order by l.index desc")) {
            read.setLong(1, size);
            read.setString(2, value);
            read.setInt(3, limit);
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    items.add(new FeedItem(rows.getLong(1), rows.getBytes(2), rows.getString(3), rows.getString(4),
                            rows.getObject(5, OffsetDateTime.class)));
                }
            }
        }
        return items;
    }

    private static long covered(Connection connection, String parameter, long size) throws SQLException {
        long latest = latest(connection).size();
        if (size > latest) {
            throw ProblemException.invalidParameter(parameter, "The log's latest checkpoint covers " + latest
                    + " entries; '" + parameter + "' is at most that.");
        }
        return size;
    }

    /** The latest checkpoint as a connection of the caller's sees it (in the caller's transaction). */
    public static Signed latest(Connection connection) throws SQLException {
        return stored(connection).orElseThrow(() -> new ProblemException(ProblemType.UNAVAILABLE,
                "The log has not signed its first checkpoint yet.", null));
    }

    /** The latest checkpoint the table holds, whoever wrote it; empty before the first. */
    static Optional<Signed> stored(Connection connection) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(
                "select size, root_hash, note from log_checkpoint order by size desc limit 1");
                ResultSet result = read.executeQuery()) {
            return result.next() ? Optional.of(new Signed(result.getLong(1), result.getBytes(2), result.getString(3)))
                    : Optional.empty();
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

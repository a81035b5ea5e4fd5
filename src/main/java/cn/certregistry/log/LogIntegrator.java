package cn.certregistry.log;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;

import cn.certregistry.common.RegistryConfig;
import cn.certregistry.common.Ticker;
import cn.certregistry.common.TransactionLocks;

import cn.certregistry.signing.SigningKeys;

/**
 * The log's one sequencer: turns what the outbox holds into entries, adds the tree's new nodes and signs
 * a checkpoint of the new size, all in one transaction under an advisory lock, so that however many
 * servers run, one integrates at a time, the tree only grows, and no two checkpoints disagree.
 */
@ApplicationScoped
@Startup
public class LogIntegrator {

    private static final Logger LOG = Logger.getLogger(LogIntegrator.class);
    /** The advisory lock of the sequencer: "certlog" in ASCII. */
    static final long SEQUENCER_LOCK = 0x63657274_6c6f67L;
    static final int BATCH = 5_000;

    @Inject
    Session session;
    @Inject
    SigningKeys keys;
    @Inject
    LogOrigin origin;
    @Inject
    RegistryConfig config;
    private Ticker ticker;
    /** The largest checkpoint this server has seen in the database or signed: what every later one must extend. */
    private volatile Checkpoint seen;
    /**
     * The checkpoint this thread's open transaction signs: seen only once that commits. A commit that never returned
     * (the primary lost in a failover) may be lost with it, and a tree the database never held must not stop the log.
     */
    private final ThreadLocal<Checkpoint> signedInTransaction = new ThreadLocal<>();
    /** Why the log stopped, or null while it integrates. */
    private volatile String halted;

    /** Every {@code registry.log-integrate-every}, more often than the Quarkus scheduler ticks (see {@link Ticker}). */
    @PostConstruct
    void start() {
        ticker = Ticker.every(config.logIntegrateEvery(), "log integration", this::integrateWaiting);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        ticker.close();
    }

    /** What waits in the outbox, batch after batch; a run that fails is tried again at the next. */
    void integrateWaiting() {
        while (integrate() == BATCH) {
            // more are waiting
        }
    }

    /** Integrates a batch of the outbox; how many entries it appended (0 if another server is integrating). */
    public synchronized int integrate() {
        signedInTransaction.remove();
        try {
            int appended = QuarkusTransaction.requiringNew().call(() -> session.doReturningWork(this::integrate));
            Checkpoint signed = signedInTransaction.get();
            if (signed != null) {
                seen = signed;
            }
            return appended;
        } finally {
            signedInTransaction.remove();
        }
    }

    /** One integration on a connection of the caller's, whose transaction it leaves to the caller. */
    int integrate(Connection connection) throws SQLException {
        if (!TransactionLocks.tryTake(connection, SEQUENCER_LOCK)) {
            return 0;
        }
        TransparencyLog.Signed stored = TransparencyLog.stored(connection).orElse(null);
        Optional<String> breach = LogContinuity.breach(stored, origin.name(), allKeys(), seen, nodes(connection, Map.of()));
        if (breach.isPresent()) {
            halt(breach.get());
            return 0;
        }
        if (halted != null) {
            LOG.warnf("The log integrates again: the database's latest checkpoint (%d entries) extends the one this server"
                    + " saw", stored.size());
            halted = null;
        }
        if (stored != null) {
            seen = new Checkpoint(origin.name(), stored.size(), stored.root());
        }
        long size = single(connection, "select coalesce(max(index) + 1, 0) from log_entry");
        List<Long> ids = new ArrayList<>();
        List<LogEntries.Change> changes = new ArrayList<>();
        try (PreparedStatement read = connection.prepareStatement(
                "select id, kind, certificate_number, body_code, detail::text from log_outbox order by id limit " + BATCH);
                ResultSet rows = read.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getLong(1));
                changes.add(new LogEntries.Change(rows.getString(2), rows.getString(3), rows.getString(4), rows.getString(5)));
            }
        }
        if (changes.isEmpty()) {
            if (stored == null || stored.size() != size) {
                Merkle.NodeReader nodes = nodes(connection, Map.of());
                append(connection, new Appended(List.of(), List.of(), Map.of(), List.of()), size, Merkle.root(size, nodes), nodes);
            }
            return 0;
        }
        Map<String, byte[]> previous = latestEntries(connection, changes);
        List<byte[]> entries = new ArrayList<>(changes.size());
        for (LogEntries.Change change : changes) {
            byte[] entry = LogEntries.encode(change, change.certificate() == null ? null : previous.get(change.certificate()));
            entries.add(entry);
            if (change.certificate() != null) {
                previous.put(change.certificate(), entry);
            }
        }
        long newSize = size + entries.size();
        Map<Merkle.Node, byte[]> added = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            added.put(new Merkle.Node(0, size + i), Merkle.leafHash(entries.get(i)));
        }
        Merkle.NodeReader reader = nodes(connection, added);
        for (Merkle.Node node : Merkle.newNodes(size, newSize)) {
            if (node.level() > 0) {
                List<byte[]> children = reader.read(List.of(node.left(), node.right()));
                added.put(node, Merkle.nodeHash(children.get(0), children.get(1)));
            }
        }
        append(connection, new Appended(changes, entries, added, ids), newSize, Merkle.root(newSize, reader), reader);
        return entries.size();
    }

    /** What one integration adds: the outbox's changes, their entries, the tree's new nodes, the outbox rows taken in. */
    private record Appended(List<LogEntries.Change> changes, List<byte[]> entries, Map<Merkle.Node, byte[]> nodes,
            List<Long> outboxIds) {
    }

    /**
     * Signs the tree of {@code size} entries, once it has proved that the tree extends the largest checkpoint seen, and
     * appends it with what it adds through registry_log_append, the one way into the log's tables. A tree that does not
     * extend stops the log, and the caller's transaction is rolled back.
     */
    private void append(Connection connection, Appended appended, long size, byte[] root, Merkle.NodeReader nodes)
            throws SQLException {
        Checkpoint last = seen;
        if (last != null && !LogContinuity.grows(last.size(), last.rootHash(), size, root, nodes)) {
            String reason = "the tree of " + size + " entries does not extend the checkpoint of " + last.size()
                    + " entries this server saw: the log would fork";
            halt(reason);
            throw new IllegalStateException("The log stopped: " + reason);
        }
        String note = origin.sign(new Checkpoint(origin.name(), size, root).body(), keys.ring().active());
        int count = appended.entries().size();
        String[] kinds = new String[count];
        String[] certificates = new String[count];
        String[] bodies = new String[count];
        for (int i = 0; i < count; i++) {
            kinds[i] = appended.changes().get(i).kind();
            certificates[i] = appended.changes().get(i).certificate();
            bodies[i] = appended.changes().get(i).body();
        }
        Short[] levels = new Short[appended.nodes().size()];
        Long[] indexes = new Long[appended.nodes().size()];
        byte[][] hashes = new byte[appended.nodes().size()][];
        int i = 0;
        for (Map.Entry<Merkle.Node, byte[]> node : appended.nodes().entrySet()) {
            levels[i] = (short) node.getKey().level();
            indexes[i] = node.getKey().index();
            hashes[i++] = node.getValue();
        }
        // one statement per batch, of arrays: a batch of single-row inserts costs a round trip per row
        try (PreparedStatement append = connection.prepareStatement(
                "select registry_log_append(?::varchar[], ?::varchar[], ?::varchar[], ?::bytea[], ?::smallint[], ?::bigint[],"
                        + " ?::bytea[], ?::bigint[], ?, ?, ?)")) {
            append.setArray(1, connection.createArrayOf("varchar", kinds));
            append.setArray(2, connection.createArrayOf("varchar", certificates));
            append.setArray(3, connection.createArrayOf("varchar", bodies));
            append.setArray(4, connection.createArrayOf("bytea", appended.entries().toArray(new byte[0][])));
            append.setArray(5, connection.createArrayOf("smallint", levels));
            append.setArray(6, connection.createArrayOf("bigint", indexes));
            append.setArray(7, connection.createArrayOf("bytea", hashes));
            append.setArray(8, connection.createArrayOf("bigint", appended.outboxIds().toArray()));
            append.setLong(9, size);
            append.setBytes(10, root);
            append.setString(11, note);
            append.execute();
        }
        signedInTransaction.set(new Checkpoint(origin.name(), size, root));
    }

    /** Why the log stopped integrating, while it has. */
    public Optional<String> halted() {
        return Optional.ofNullable(halted);
    }

    private void halt(String reason) {
        if (!reason.equals(halted)) {
            LOG.errorf("The log stops integrating: %s. It signs nothing until the database again holds what it had"
                    + " signed (see the README, Operations).", reason);
        }
        halted = reason;
    }

    /** A stored checkpoint may be signed by any key the register has had, a revoked one included. */
    private List<String> allKeys() {
        return keys.ring().all().stream().map(origin::verifierKey).toList();
    }

    /** The latest entry of each certificate the batch concerns, to chain the new ones to. */
    private static Map<String, byte[]> latestEntries(Connection connection, List<LogEntries.Change> changes) throws SQLException {
        Map<String, byte[]> latest = new HashMap<>();
        Object[] numbers = changes.stream().map(LogEntries.Change::certificate).filter(n -> n != null).distinct().toArray();
        if (numbers.length == 0) {
            return latest;
        }
        try (PreparedStatement read = connection.prepareStatement("select distinct on (certificate_number) certificate_number,"
                + " entry from log_entry where certificate_number = any(?) order by certificate_number, index desc")) {
            read.setArray(1, connection.createArrayOf("varchar", numbers));
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    latest.put(rows.getString(1), rows.getBytes(2));
                }
            }
        }
        return latest;
    }

    /** Nodes from those just computed, else from the database. */
    static Merkle.NodeReader nodes(Connection connection, Map<Merkle.Node, byte[]> added) {
        return wanted -> {
            List<byte[]> hashes = new ArrayList<>(wanted.size());
            List<Merkle.Node> missing = wanted.stream().filter(n -> !added.containsKey(n)).toList();
            Map<Merkle.Node, byte[]> stored = missing.isEmpty() ? Map.of() : LogNodes.read(connection, missing);
            for (Merkle.Node node : wanted) {
                byte[] hash = added.containsKey(node) ? added.get(node) : stored.get(node);
                if (hash == null) {
                    throw new IllegalStateException("The log has no node " + node);
                }
                hashes.add(hash);
            }
            return hashes;
        };
    }

    private static long single(Connection connection, String sql) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet result = statement.executeQuery()) {
            result.next();
            return result.getLong(1);
        }
    }
}

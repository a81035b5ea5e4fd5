package cn.certregistry.log;

import static cn.certregistry.Api.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.Await;
import cn.certregistry.PostgresTestResource;
import cn.certregistry.log.monitor.LogMonitor;
import cn.certregistry.log.monitor.MonitorCommand;
import cn.certregistry.log.monitor.Report;
import cn.certregistry.signing.SigningKey;
import cn.certregistry.signing.SigningKeys;

/**
 * The monitor, run from the outside against the running register: clean on an honest log, and reporting,
 * with the index concerned, an entry a lying register edits, rewrites under a re-signed checkpoint, or drops
 * once the monitor has seen it. The lies are told as the schema's owner while the test holds the
 * integrator's lock, and undone before it lets go, so the log other tests see is the honest one.
 */
@QuarkusTest
class LogMonitorTest {

    @Inject
    SigningKeys keys;
    @Inject
    LogOrigin origin;
    @Inject
    TransparencyLog log;
    @TestHTTPResource("/")
    URI register;
    @TempDir
    Path state;

    @Test
    void anHonestLogPassesAndEachRunChecksItExtendsTheLast() throws Exception {
        long index = issueAndWait();
        Report first = monitor(null).check();
        assertTrue(first.clean(), first.findings().toString());
        assertTrue(first.size() > index);
        assertEquals(first.size(), first.entriesVerified());
        assertEquals(first.size(), first.newEntries(), "a first run sees every entry as new");
        assertEquals(origin.verifierKey(keys.ring().active()) + "\n", Files.readString(state.resolve("key")),
                "the key fetched from the register is kept");
        assertEquals(first.size() * 32, Files.size(state.resolve("leaves")));

        long later = issueAndWait();
        Report second = monitor(null).check();
        assertTrue(second.clean(), second.findings().toString());
        assertTrue(second.size() > later && later >= first.size());
        assertEquals(second.size() - first.size(), second.newEntries());

        Report stateless = new LogMonitor(register, origin.verifierKey(keys.ring().active()), null).check();
        assertTrue(stateless.clean(), stateless.findings().toString());
    }

    @Test
    void aCheckpointNotSignedByTheKeyIsABadSignature() throws Exception {
        issueAndWait();
        String otherKey = origin.verifierKey(SigningKey.generate("other"));
        Report report = new LogMonitor(register, otherKey, null).check();
        assertEquals(1, report.findings().size(), report.findings().toString());
        assertEquals("bad signature: the checkpoint has no signature by key " + otherKey + " (the register now publishes "
                + origin.verifierKey(keys.ring().active()) + "; pass --key to trust it)", report.findings().get(0));
        assertEquals(0, report.entriesVerified());

        String otherLog = SignedNote.verifierKey("elsewhere.example/log",
                new org.bouncycastle.crypto.params.Ed25519PublicKeyParameters(keys.ring().active().publicKeyBytes(), 0));
        Report elsewhere = new LogMonitor(register, otherLog, null).check();
        assertTrue(elsewhere.findings().toString().contains("bad signature"), elsewhere.findings().toString());
    }

    @Test
    void anEntryEditedInTheDatabaseIsReportedWithItsIndex() throws Exception {
        long index = issueAndWait();
        Report before = monitor(null).check();
        assertTrue(before.clean(), before.findings().toString());
        try (Lie lie = new Lie()) {
            lie.edit(index);
            Report report = monitor(null).check();
            assertTrue(report.findings().contains("entry " + index + " differs from the one seen at size " + before.size()),
                    report.findings().toString());
            assertTrue(report.findings().contains("the " + lie.size + " entries the log serves do not hash to the root of checkpoint "
                    + lie.size), report.findings().toString());
            assertTrue(report.findings().stream().anyMatch(f -> f.endsWith("holds for entry " + index + " a hash that is not the entry's")),
                    report.findings().toString());
            // (a status snapshot taken before the edit names the honest tree, which the log no longer serves: said apart)
            assertEquals(3, ofTheLog(report).size(),
                    "the tiles above the entry's agree with the log's tiles beneath them: "
                    + report.findings());
            Report stateless = new LogMonitor(register, origin.verifierKey(keys.ring().active()), null).check();
            assertTrue(!stateless.clean() && stateless.findings().stream().noneMatch(f -> f.startsWith("entry ")),
                    "without a state the tiles and the root still tell: " + stateless.findings());
        }
        Report after = monitor(null).check();
        assertTrue(after.clean(), "the state kept the checkpoint verified before the lie: " + after.findings());
    }

    @Test
    void aHistoryRewrittenUnderARe_signedCheckpointIsNotConsistent() throws Exception {
        long index = issueAndWait();
        long seen = monitor(null).check().size();
        try (Lie lie = new Lie()) {
            List<byte[]> tail = lie.entriesFrom(index);
            tail.set(0, edited(tail.get(0)));
            lie.rewrite(index, tail);
            Report fresh = new LogMonitor(register, origin.verifierKey(keys.ring().active()), null).check();
            // well-formed, but for the status snapshot signed before the lie, which may still name the honest tree
            assertTrue(ofTheLog(fresh).isEmpty(),
                    "the lie is a well-formed log: " + fresh.findings());
            Report report = monitor(null).check();
            assertTrue(report.findings().contains("entry " + index + " differs from the one seen at size " + seen),
                    report.findings().toString());
            String inconsistent = "checkpoint " + lie.size + " is not consistent with checkpoint " + seen + " seen before: "
                    + (lie.size == seen ? "same size, another root" : "the log's consistency proof does not verify");
            assertTrue(report.findings().contains(inconsistent), report.findings().toString());
            assertEquals(2, ofTheLog(report).size(), report.findings().toString());
        }
        cleanOnceTheSnapshotIsTakenAgain();
    }

    @Test
    void anEntryDroppedOnceSeenIsReportedWhetherTheLogShrinksOrHidesItBehindANewOne() throws Exception {
        long index = issueAndWait();
        long later = issueAndWait();
        assertTrue(later > index);
        long seen = monitor(null).check().size();
        try (Lie lie = new Lie()) {
            List<byte[]> tail = lie.entriesFrom(index);
            tail.remove(0);
            lie.rewrite(index, tail);
            Report shrunk = monitor(null).check();
            assertTrue(shrunk.findings().contains("checkpoint " + (lie.size - 1) + " is smaller than checkpoint " + seen
                    + " seen before: entries " + (lie.size - 1) + " to " + (seen - 1) + " are gone"), shrunk.findings().toString());
            assertTrue(shrunk.findings().contains("entry " + index + " seen at size " + seen
                    + " was dropped: the entries after it are served one place lower"), shrunk.findings().toString());

            tail.add(edited(tail.get(tail.size() - 1)));
            lie.rewrite(index, tail);
            Report hidden = monitor(null).check();
            assertTrue(hidden.findings().contains("entry " + index + " seen at size " + seen
                    + " was dropped: the entries after it are served one place lower"), hidden.findings().toString());
            assertTrue(hidden.findings().stream().anyMatch(f -> f.startsWith("checkpoint " + lie.size + " is not consistent with checkpoint "
                    + seen)), hidden.findings().toString());
        }
        cleanOnceTheSnapshotIsTakenAgain();
    }

    @Test
    void theCommandLineExitsZeroWhenAllHoldsAndOneWithAFindingALine() throws Exception {
        issueAndWait();
        String key = origin.verifierKey(keys.ring().active());
        Command clean = inItsOwnJvm(register.toString(), "--key", key, "--state", state.toString());
        assertEquals(MonitorCommand.CLEAN, clean.status, clean.output);
        assertTrue(clean.output.startsWith("OK: log " + origin.name() + ", size "), clean.output);

        Command bad = command(register.toString(), "--key", origin.verifierKey(SigningKey.generate("other")));
        assertEquals(MonitorCommand.FINDINGS, bad.status, bad.output);
        String[] lines = bad.output.split("\n");
        assertTrue(lines[0].startsWith("bad signature: "), bad.output);
        assertTrue(lines[1].startsWith("FAILED, 1 finding: "), bad.output);

        assertEquals(MonitorCommand.FAILED, command("not a url").status);
        assertEquals(MonitorCommand.FAILED, command(register.toString(), "--key", "not+a+key").status);
        assertEquals(MonitorCommand.FAILED, command("http://localhost:1/", "--key", key).status, "nothing listens there");
    }

    /**
     * The findings about the log itself. A status snapshot signed before (or during) a lie names the tree the log
     * served then, which the monitor rightly reports; whether one was taken in between is a matter of timing.
     */
    private static List<String> ofTheLog(Report report) {
        return report.findings().stream().filter(f -> !f.startsWith("the status snapshot names")).toList();
    }

    /** A snapshot taken while the test lied names the lie's tree until the next is taken (seconds in the tests). */
    private void cleanOnceTheSnapshotIsTakenAgain() {
        Await.until("a clean run", () -> {
            try {
                return monitor(null).check();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, Report::clean);
    }

    private LogMonitor monitor(String key) {
        return new LogMonitor(register, key, state);
    }

    /** Issues a certificate and waits for a checkpoint covering its entry; its entry's index. */
    private long issueAndWait() {
        long index = Api.issueLogged(Api.newBody("MON"), "440106", TODAY.minusDays(30));
        Await.until("a checkpoint covering entry " + index, () -> log.latest().size(), size -> size > index);
        return index;
    }

    private static byte[] edited(byte[] entry) {
        return new String(entry, StandardCharsets.UTF_8).replace("\"v\":1", "\"v\":1,\"x\":\"forged\"").getBytes(StandardCharsets.UTF_8);
    }

    private record Command(int status, String output) {
    }

    /**
     * The monitor's command line run here, on what {@code main} hands it: its exit status and standard output. A JVM
     * costs seconds of the suite's time, so only one run ({@link #inItsOwnJvm}) shows that {@code main} hands them on.
     */
    private static Command command(String... args) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int status = MonitorCommand.run(args, new java.io.PrintStream(out, true, StandardCharsets.UTF_8),
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        return new Command(status, out.toString(StandardCharsets.UTF_8));
    }

    /** The monitor's command line in a JVM of its own, as {@code quarkus-run.jar monitor …} runs it. */
    private static Command inItsOwnJvm(String... args) throws Exception {
        // the client compiler alone: a run this short spends more on the optimising compiler than it gains from it
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), MonitorCommand.class.getName()));
        line.addAll(List.of(args));
        Process process = new ProcessBuilder(line).redirectErrorStream(false).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Command(process.exitValue(), output);
    }

    /**
     * A lying register: holds the integrator's lock (so the log neither grows nor re-signs meanwhile), keeps
     * the log's tail as it is, rewrites it, and puts it back on close.
     */
    private final class Lie implements AutoCloseable {

        final Connection connection = PostgresTestResource.owner();
        /** The honest log's size. */
        final long size;
        private long from = Long.MAX_VALUE;
        private final List<Object[]> entries = new ArrayList<>();
        private final List<Object[]> nodes = new ArrayList<>();
        private final List<Object[]> checkpoints = new ArrayList<>();

        Lie() throws SQLException {
            try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_lock(?)")) {
                lock.setLong(1, LogIntegrator.SEQUENCER_LOCK);
                lock.execute();
            }
            size = single("select coalesce(max(index) + 1, 0) from log_entry");
            assertEquals(size, single("select max(size) from log_checkpoint"), "the integrator signed what it integrated");
        }

        /** An entry changed in place, nothing else: the tree and the checkpoint still say what it was. */
        void edit(long index) throws SQLException {
            keep(index);
            try (PreparedStatement update = connection.prepareStatement("update log_entry set entry = ? where index = ?")) {
                update.setBytes(1, edited(entriesFrom(index).get(0)));
                update.setLong(2, index);
                assertEquals(1, update.executeUpdate());
            }
        }

        List<byte[]> entriesFrom(long index) throws SQLException {
            List<byte[]> tail = new ArrayList<>();
            try (PreparedStatement read = connection.prepareStatement("select entry from log_entry where index >= ? order by index")) {
                read.setLong(1, index);
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        tail.add(rows.getBytes(1));
                    }
                }
            }
            return tail;
        }

        /**
         * The log from {@code index} on replaced by {@code tail}, its tree recomputed and a checkpoint of the
         * new size signed with the register's own key, as the integrator would have done.
         */
        void rewrite(long index, List<byte[]> tail) throws SQLException {
            keep(index);
            deleteFrom(index);
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into log_entry (index, kind, certificate_number, body_code, entry) values (?, 'FORGED', null, null, ?)")) {
                for (int i = 0; i < tail.size(); i++) {
                    insert.setLong(1, index + i);
                    insert.setBytes(2, tail.get(i));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            long newSize = index + tail.size();
            Map<Merkle.Node, byte[]> added = new HashMap<>();
            for (int i = 0; i < tail.size(); i++) {
                added.put(new Merkle.Node(0, index + i), Merkle.leafHash(tail.get(i)));
            }
            Merkle.NodeReader reader = LogIntegrator.nodes(connection, added);
            for (Merkle.Node node : Merkle.newNodes(index, newSize)) {
                if (node.level() > 0) {
                    List<byte[]> children = reader.read(List.of(node.left(), node.right()));
                    added.put(node, Merkle.nodeHash(children.get(0), children.get(1)));
                }
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into log_node (level, index, hash) values (?, ?, ?)")) {
                for (Map.Entry<Merkle.Node, byte[]> node : added.entrySet()) {
                    insert.setInt(1, node.getKey().level());
                    insert.setLong(2, node.getKey().index());
                    insert.setBytes(3, node.getValue());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            byte[] root = Merkle.root(newSize, reader);
            try (PreparedStatement insert = connection.prepareStatement("insert into log_checkpoint (size, root_hash, note) values (?, ?, ?)")) {
                insert.setLong(1, newSize);
                insert.setBytes(2, root);
                insert.setString(3, origin.sign(new Checkpoint(origin.name(), newSize, root).body(), keys.ring().active()));
                insert.executeUpdate();
            }
        }

        /** Keeps the honest rows the lie may touch, those of entries from {@code index} on, once. */
        private void keep(long index) throws SQLException {
            if (index >= from) {
                return;
            }
            from = index;
            entries.clear();
            nodes.clear();
            checkpoints.clear();
            read("select index, kind, certificate_number, body_code, entry, integrated_at from log_entry where index >= ?", entries);
            read("select level, index, hash from log_node where index >= (?::bigint >> level::int)", nodes);
            read("select size, root_hash, note, signed_at from log_checkpoint where size > ?", checkpoints);
        }

        private void read(String sql, List<Object[]> into) throws SQLException {
            try (PreparedStatement read = connection.prepareStatement(sql)) {
                read.setLong(1, from);
                try (ResultSet rows = read.executeQuery()) {
                    int columns = rows.getMetaData().getColumnCount();
                    while (rows.next()) {
                        Object[] row = new Object[columns];
                        for (int i = 0; i < columns; i++) {
                            row[i] = rows.getObject(i + 1);
                        }
                        into.add(row);
                    }
                }
            }
        }

        private void deleteFrom(long index) throws SQLException {
            for (String sql : List.of("delete from log_entry where index >= ?", "delete from log_node where index >= (?::bigint >> level::int)",
                    "delete from log_checkpoint where size > ?")) {
                try (PreparedStatement delete = connection.prepareStatement(sql)) {
                    delete.setLong(1, index);
                    delete.executeUpdate();
                }
            }
        }

        @Override
        public void close() throws SQLException {
            try {
                if (from != Long.MAX_VALUE) {
                    connection.setAutoCommit(false);
                    deleteFrom(from);
                    insert("insert into log_entry (index, kind, certificate_number, body_code, entry, integrated_at) values (?, ?, ?, ?, ?, ?)",
                            entries);
                    insert("insert into log_node (level, index, hash) values (?, ?, ?)", nodes);
                    insert("insert into log_checkpoint (size, root_hash, note, signed_at) values (?, ?, ?, ?)", checkpoints);
                    connection.commit();
                    connection.setAutoCommit(true);
                }
                assertEquals(size, single("select coalesce(max(index) + 1, 0) from log_entry"));
            } finally {
                connection.close(); // and with it the lock
            }
        }

        private void insert(String sql, List<Object[]> rows) throws SQLException {
            try (PreparedStatement insert = connection.prepareStatement(sql)) {
                for (Object[] row : rows) {
                    for (int i = 0; i < row.length; i++) {
                        insert.setObject(i + 1, row[i] instanceof Timestamp t ? t : row[i]);
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }

        private long single(String sql) throws SQLException {
            try (PreparedStatement read = connection.prepareStatement(sql); ResultSet result = read.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}

package cn.certregistry.snapshot;

import static io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.hibernate.Session;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

import cn.certregistry.common.BackgroundTask;
import cn.certregistry.common.Hashes;
import cn.certregistry.common.Patience;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.ReadReplica;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.common.TransactionLocks;
import cn.certregistry.log.NoteSigner;
import cn.certregistry.log.NoteSigners;
import cn.certregistry.log.SignedNote;
import cn.certregistry.log.TransparencyLog;
import cn.certregistry.signing.SigningKey;
import cn.certregistry.signing.SigningKeys;
import cn.certregistry.snapshot.StatusList.Code;
import cn.certregistry.snapshot.StatusList.NotInForce;

/**
 * The signed status snapshot (docs/status-snapshot.md): every certificate not in force today, and every one issued
 * outside its body's approval, by status index (the certificate's id, token claim 9), as of the checkpoint the log publishes (with witnesses, one their quorum cosigned), in a {@link StatusList} file whose SHA-256 a
 * signed note (key name {@code <host>/status}) carries. Snapshots are kept in the database, so that any server serves
 * the note and the file any other took; one server at a time takes a new one, every {@link StatusSnapshotConfig#refresh()},
 * and none serves one older than twice that or of an earlier day.
 */
@ApplicationScoped
public class StatusSnapshots {

    /** A snapshot's note and what it says of its file. */
    public record Snapshot(String note, String sha256, LocalDate day, long logSize, Instant takenAt) {
    }

    // the standing test narrows the rows; registry_status, the one status rule, decides
    private static final String NOT_IN_FORCE = "select c.id, s.status, (select max(e.effective_date) from certificate_event e"
            + " where e.certificate_id = c.id and e.effective_date <= ? and registry_standing_after(e.kind) = s.status) since"
            + " from certificate c cross join lateral (select registry_status(c.standing, c.issue_date, c.expiry_date, ?) status) s"
            + " where c.standing <> 'VALID' and s.status in ('SUSPENDED', 'WITHDRAWN', 'CANCELLED') order by c.id";
    // registry_approval_on, the one approval rule, decides; it is asked once per body, scheme and issue day rather than once
    // per certificate, and only of bodies with an approval history: a body without one is approved for every scheme
    private static final String NOT_APPROVED = "select c.id from (select distinct c.body_id, c.scheme_code, c.issue_date"
            + " from certificate c where c.body_id in (select e.body_id from body_approval_event e)) d"
            + " join certificate c on c.body_id = d.body_id and c.scheme_code = d.scheme_code and c.issue_date = d.issue_date"
            + " where not registry_approval_certifies(registry_approval_on(d.body_id, d.scheme_code, d.issue_date)) order by c.id";
    private static final String NEWEST = "select note, sha256, day, log_size, taken_at from status_snapshot"
            + " order by taken_at desc limit 1";

    /** The advisory lock of the snapshot's taker: "snapshot" in ASCII. */
    private static final long TAKER_LOCK = 0x736e6170_73686f74L;
    /** How long a server answers from the newest snapshot it read before it reads again: a crowd costs one read a second. */
    private static final long READ_AGAIN_NANOS = Duration.ofSeconds(1).toNanos();
    /** Notes are cached for a minute, so their files are kept at least ten, whatever the refresh. */
    private static final Duration KEEP_AT_LEAST = Duration.ofMinutes(10);
    /** The snapshot's read, off the request path, may take longer than a request's. */
    private static final String READ_TIMEOUT = "set local statement_timeout = '120s'";

    private record Seen(Snapshot snapshot, long readAt) {
    }

    private final NoteSigner signer;
    private final BackgroundTask taking = new BackgroundTask("status-snapshot", "The status snapshot", this::takeIfDue);
    private volatile Seen seen;
    /** The files of the latest snapshots, by SHA-256: immutable, and asked for by every offline verifier that updates. */
    private final Map<String, byte[]> files = new LinkedHashMap<>(4, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, byte[]> eldest) {
            return size() > 2;
        }
    };

    @Inject
    Session session;
    @Inject
    ReadReplica replica;
    @Inject
    SigningKeys keys;
    @Inject
    TransparencyLog log;
    @Inject
    RegisterClock clock;
    @Inject
    StatusSnapshotConfig config;

    @Inject
    StatusSnapshots(NoteSigners signers) {
        signer = signers.of("status");
    }

    /** The key's name in notes and in the verifier key. */
    public String name() {
        return signer.name();
    }

    public List<String> verifierKeys() {
        return signer.verifierKeys();
    }

    /**
     * The newest snapshot, as any server took it. One that is due is taken again in the background while requests get the
     * one there is; one too old to serve (twice the refresh, or an earlier day) is waited for a little, then refused with
     * 503: an offline verifier is never handed a stale snapshot as the latest.
     */
    public Snapshot latest() {
        Snapshot newest = newest(false);
        if (newest != null && !stale(newest)) {
            if (due(newest)) {
                taking.start();
            }
            return newest;
        }
        taking.start();
        Snapshot fresh = Patience.until(() -> newest(true), s -> s != null && !stale(s), config.waitForFresh());
        if (fresh == null || stale(fresh)) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "The status snapshot is being taken again; try again shortly.",
                    null);
        }
        return fresh;
    }

    /** The file of a snapshot still kept, by its SHA-256. */
    public Optional<byte[]> file(String sha256) {
        synchronized (files) {
            byte[] known = files.get(sha256);
            if (known != null) {
                return Optional.of(known);
            }
        }
        Optional<byte[]> file = replica.inSession(session -> session.doReturningWork(connection -> {
            try (PreparedStatement read = connection.prepareStatement("select file from status_snapshot_file where sha256 = ?")) {
                read.setString(1, sha256);
                try (ResultSet result = read.executeQuery()) {
                    return result.next() ? Optional.of(result.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        }));
        file.ifPresent(bytes -> {
            synchronized (files) {
                files.put(sha256, bytes);
            }
        });
        return file;
    }

    /** Every server looks once a refresh; the first to find the newest snapshot due takes the next, the others find it taken. */
    @Scheduled(identity = "status snapshot", every = "${registry.status-snapshot.refresh}", concurrentExecution = SKIP)
    void takeWhenDue() {
        takeIfDue();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        taking.close();
    }


    private Snapshot newest(boolean readAgain) {
        Seen known = seen;
        if (!readAgain && known != null && System.nanoTime() - known.readAt() < READ_AGAIN_NANOS) {
            return known.snapshot();
        }
        Snapshot newest = replica.inSession(session -> session.doReturningWork(StatusSnapshots::newest));
        seen = new Seen(newest, System.nanoTime());
        return newest;
    }

    private static Snapshot newest(Connection connection) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement(NEWEST); ResultSet result = read.executeQuery()) {
            return result.next() ? new Snapshot(result.getString(1), result.getString(2), result.getObject(3, LocalDate.class),
                    result.getLong(4), result.getTimestamp(5).toInstant()) : null;
        }
    }

    private boolean due(Snapshot snapshot) {
        return !clock.today().equals(snapshot.day()) || !Instant.now().isBefore(snapshot.takenAt().plus(config.refresh()));
    }

    private boolean stale(Snapshot snapshot) {
        return !clock.today().equals(snapshot.day())
                || !Instant.now().isBefore(snapshot.takenAt().plus(config.refresh().multipliedBy(2)));
    }

    /**
     * Takes the next snapshot when the newest is due and no other server is taking it. When the register's day and the
     * log's checkpoint are those of the newest, its file is still true and only a new note is signed for it: what the file
     * says changes only with the day or with what enters the log (a certificate's issue and events, and a body's approval
     * events, whose trigger writes to the log's outbox in the same transaction; whether a certificate was issued outside
     * an approval depends on those and its issue date, not on the day).
     */
    void takeIfDue() {
        QuarkusTransaction.requiringNew().timeout(300).run(() -> session.doWork(connection -> {
            if (!TransactionLocks.tryTake(connection, TAKER_LOCK)) {
                return;
            }
            Snapshot newest = newest(connection);
            if (newest != null && !due(newest)) {
                return;
            }
            LocalDate today = clock.today();
            TransparencyLog.Signed checkpoint = replica.inSession(s -> s.doReturningWork(log::published));
            Instant takenAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            // the same day and the same tree (size and root: a database restored to another tree of the same size is not
            // the same log), so the same file: only the note is signed again; a note of an earlier format (without the
            // not-approved part, taken before this server's version) is taken anew, never renewed into this one
            if (newest != null && newest.day().equals(today) && newest.logSize() == checkpoint.size()
                    && newest.note().contains("\nlog-root " + Base64.getEncoder().encodeToString(checkpoint.root()) + "\n")
                    && newest.note().contains("\nnot-approved ")) {
                String note = signer.sign(renewed(newest.note(), takenAt, checkpoint));
                insert(connection, new Snapshot(note, newest.sha256(), today, newest.logSize(), takenAt), null);
            } else {
                take(connection, today, takenAt);
            }
            forgetOld(connection);
        }));
        seen = null;
    }

    /**
     * The newest note's body with a new time taken and the checkpoint as the log publishes it now (the same tree, with the
     * cosignatures it has now): the same facts, signed again.
     */
    private static String renewed(String note, Instant takenAt, TransparencyLog.Signed checkpoint) {
        String body = note.substring(0, note.indexOf("\n\n") + 1);
        return body.replaceFirst("(?m)^taken .*$", "taken " + taken(takenAt))
                .replaceFirst("(?m)^checkpoint .*$", "checkpoint " + checkpointFact(checkpoint));
    }

    /** The checkpoint with its signature and cosignature lines, in base64: a note's fact is one line. */
    private static String checkpointFact(TransparencyLog.Signed checkpoint) {
        return Base64.getEncoder().encodeToString(checkpoint.note().getBytes(StandardCharsets.UTF_8));
    }

    /** Reads the register on the replica, in one snapshot, and writes the file and its note on the primary. */
    private void take(Connection primary, LocalDate today, Instant takenAt) throws SQLException {
        record Read(long entries, List<NotInForce> notInForce, long[] notApproved, TransparencyLog.Signed checkpoint) {
        }
        Read read = replica.inTransaction(session -> session.doReturningWork(connection -> {
            try (PreparedStatement isolation = connection.prepareStatement("set transaction isolation level repeatable read");
                    PreparedStatement timeout = connection.prepareStatement(READ_TIMEOUT)) {
                isolation.execute();
                timeout.execute();
            }
            // the checkpoint the log publishes: with witnesses, the latest their quorum cosigned
            TransparencyLog.Signed checkpoint = log.published(connection);
            long entries;
            try (PreparedStatement highest = connection.prepareStatement("select coalesce(max(id), 0) + 1 from certificate");
                    ResultSet result = highest.executeQuery()) {
                result.next();
                entries = result.getLong(1);
            }
            List<NotInForce> notInForce = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(NOT_IN_FORCE)) {
                statement.setObject(1, today);
                statement.setObject(2, today);
                statement.setFetchSize(10_000);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        LocalDate since = result.getObject(3, LocalDate.class);
                        notInForce.add(new NotInForce(result.getLong(1), Code.valueOf(result.getString(2)),
                                since == null ? today : since));
                    }
                }
            }
            List<Long> notApproved = new ArrayList<>();
            try (PreparedStatement statement = connection.prepareStatement(NOT_APPROVED)) {
                statement.setFetchSize(10_000);
                try (ResultSet result = statement.executeQuery()) {
                    while (result.next()) {
                        notApproved.add(result.getLong(1));
                    }
                }
            }
            return new Read(entries, notInForce, notApproved.stream().mapToLong(Long::longValue).toArray(), checkpoint);
        }));
        byte[] file = StatusList.write(read.entries(), read.notInForce(), read.notApproved());
        String sha256 = HexFormat.of().formatHex(Hashes.sha256().digest(file));
        String note = sign(signer.name(), takenAt, today, read.checkpoint(), read.entries(), read.notInForce().size(),
                read.notApproved().length, sha256, keys.ring().active());
        insert(primary, new Snapshot(note, sha256, today, read.checkpoint().size(), takenAt), file);
    }

    /** A snapshot's note, and its file unless an earlier note has it already. */
    private static void insert(Connection connection, Snapshot snapshot, byte[] file) throws SQLException {
        if (file != null) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into status_snapshot_file (sha256, file) values (?, ?) on conflict do nothing")) {
                insert.setString(1, snapshot.sha256());
                insert.setBytes(2, file);
                insert.executeUpdate();
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into status_snapshot (sha256, note, day, log_size, taken_at) values (?, ?, ?, ?, ?)")) {
            insert.setString(1, snapshot.sha256());
            insert.setString(2, snapshot.note());
            insert.setObject(3, snapshot.day());
            insert.setLong(4, snapshot.logSize());
            insert.setTimestamp(5, Timestamp.from(snapshot.takenAt()));
            insert.executeUpdate();
        }
    }

    /** Notes older than a client may still hold, but the newest two, and the files no note names any more. */
    private void forgetOld(Connection connection) throws SQLException {
        Duration keep = config.refresh().multipliedBy(3).compareTo(KEEP_AT_LEAST) > 0 ? config.refresh().multipliedBy(3)
                : KEEP_AT_LEAST;
        try (PreparedStatement notes = connection.prepareStatement("delete from status_snapshot where taken_at < ? and id not in"
                + " (select id from status_snapshot order by taken_at desc limit 2)");
                PreparedStatement files = connection.prepareStatement("delete from status_snapshot_file f where not exists"
                        + " (select 1 from status_snapshot s where s.sha256 = f.sha256)")) {
            notes.setTimestamp(1, Timestamp.from(Instant.now().minus(keep)));
            notes.executeUpdate();
            files.executeUpdate();
        }
    }

    private static String taken(Instant takenAt) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(takenAt, ZoneOffset.UTC));
    }

    /** The signed note of a snapshot's file (by its SHA-256 in hex): the name, then one fact a line (docs/status-snapshot.md). */
    static String sign(String name, Instant takenAt, LocalDate day, TransparencyLog.Signed checkpoint, long entries,
            int notInForce, int notApproved, String sha256, SigningKey key) {
        String body = name + "\n"
                + "taken " + taken(takenAt) + "\n"
                + "day " + day + "\n"
                + "log-size " + checkpoint.size() + "\n"
                + "log-root " + Base64.getEncoder().encodeToString(checkpoint.root()) + "\n"
                + "checkpoint " + checkpointFact(checkpoint) + "\n"
                + "entries " + entries + "\n"
                + "not-in-force " + notInForce + "\n"
                + "not-approved " + notApproved + "\n"
                + "sha256 " + sha256 + "\n";
        return SignedNote.sign(body, name, key.publicKeyBytes(), key::sign);
    }
}

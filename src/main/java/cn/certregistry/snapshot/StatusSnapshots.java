package cn.certregistry.snapshot;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

import cn.certregistry.common.Hashes;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.ReadReplica;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.log.NoteSigner;
import cn.certregistry.log.NoteSigners;
import cn.certregistry.log.SignedNote;
import cn.certregistry.log.TransparencyLog;
import cn.certregistry.signing.SigningKey;
import cn.certregistry.signing.SigningKeys;
import cn.certregistry.snapshot.StatusList.Code;
import cn.certregistry.snapshot.StatusList.NotInForce;

/**
 * The signed status snapshot (docs/status-snapshot.md): every certificate not in force today, by status index (the
 * certificate's id, token claim 9), as of the log's latest checkpoint, in a {@link StatusList} file whose SHA-256 a
 * signed note (key name {@code <host>/status}) carries. Taken at the start and then when asked for once due (at most
 * once per {@link StatusSnapshotConfig#refresh()}), in the background, and kept in memory with the one before it.
 */
@ApplicationScoped
public class StatusSnapshots {

    /** A snapshot: its note, its file and what the note says of it. */
    public record Snapshot(String note, byte[] file, String sha256, LocalDate day, long logSize, Instant takenAt) {
    }

    // the standing test narrows the rows; registry_status, the one status rule, decides
    private static final String NOT_IN_FORCE = "select c.id, s.status, (select max(e.effective_date) from certificate_event e"
            + " where e.certificate_id = c.id and e.effective_date <= ? and registry_standing_after(e.kind) = s.status) since"
            + " from certificate c cross join lateral (select registry_status(c.standing, c.issue_date, c.expiry_date, ?) status) s"
            + " where c.standing <> 'VALID' and s.status in ('SUSPENDED', 'WITHDRAWN', 'CANCELLED') order by c.id";

    private static final Logger LOG = Logger.getLogger(StatusSnapshots.class);
    private static final Duration FIRST_WAIT = Duration.ofSeconds(3);
    /** The snapshot's read, off the request path, may take longer than a request's. */
    private static final String READ_TIMEOUT = "set local statement_timeout = '120s'";

    private final NoteSigner signer;
    private final ExecutorService background = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "status-snapshot");
        thread.setDaemon(true);
        return thread;
    });
    private Future<?> taking;
    private volatile Snapshot current;
    private volatile Snapshot previous;

    @Inject
    ReadReplica replica;
    @Inject
    TransparencyLog log;
    @Inject
    SigningKeys keys;
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

    /**
     * The latest snapshot. One that is due is taken again in the background, one at a time, and requests meanwhile get
     * the one they have: a burst of offline verifiers coming online costs one snapshot, and no request waits for one
     * (at 1 000 000 certificates it reads 2 s warm and longer cold). Before the first, a request waits a little for it,
     * then is told to come back.
     */
    public Snapshot latest() {
        Snapshot known = current;
        if (known == null || due(known)) {
            Future<?> running = takeInBackground();
            if (known == null) {
                try {
                    running.get(FIRST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (ExecutionException | TimeoutException e) {
                    // told below
                }
                known = current;
                if (known == null) {
                    throw new ProblemException(ProblemType.UNAVAILABLE, "The first status snapshot is being taken; try again shortly.",
                            null);
                }
            }
        }
        return known;
    }

    private synchronized Future<?> takeInBackground() {
        if (taking == null || taking.isDone()) {
            taking = background.submit(() -> {
                try {
                    Snapshot taken = take();
                    previous = current;
                    current = taken;
                } catch (ProblemException e) {
                    // before the log's first checkpoint: the next request tries again
                    LOG.debugf("No status snapshot yet: %s", e.getMessage());
                    throw e;
                } catch (RuntimeException e) {
                    // the next request that finds it due tries again
                    LOG.warnf("The status snapshot could not be taken: %s", e.toString());
                    throw e;
                }
            });
        }
        return taking;
    }

    void start(@Observes StartupEvent start) {
        takeInBackground();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        background.shutdownNow();
    }

    /** The file of the latest snapshot or of the one before, by its SHA-256. */
    public Optional<byte[]> file(String sha256) {
        for (Snapshot snapshot : new Snapshot[] {current, previous}) {
            if (snapshot != null && snapshot.sha256().equals(sha256)) {
                return Optional.of(snapshot.file());
            }
        }
        return Optional.empty();
    }

    public List<String> verifierKeys() {
        return signer.verifierKeys();
    }

    private boolean due(Snapshot snapshot) {
        if (Instant.now().isBefore(snapshot.takenAt().plus(config.refresh()))) {
            return false;
        }
        return !clock.today().equals(snapshot.day()) || log.size() != snapshot.logSize();
    }

    private Snapshot take() {
        LocalDate today = clock.today();
        record Read(long entries, List<NotInForce> notInForce, TransparencyLog.Signed checkpoint) {
        }
        Read read = replica.inTransaction(session -> session.doReturningWork(connection -> {
            try (PreparedStatement isolation = connection.prepareStatement("set transaction isolation level repeatable read");
                    PreparedStatement timeout = connection.prepareStatement(READ_TIMEOUT)) {
                isolation.execute();
                timeout.execute();
            }
            TransparencyLog.Signed checkpoint = TransparencyLog.latest(connection);
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
            return new Read(entries, notInForce, checkpoint);
        }));
        byte[] file = StatusList.write(read.entries(), read.notInForce());
        String sha256 = HexFormat.of().formatHex(Hashes.sha256().digest(file));
        Instant takenAt = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String note = sign(signer.name(), takenAt, today, read.checkpoint(), read.entries(), read.notInForce().size(), sha256,
                keys.ring().active());
        return new Snapshot(note, file, sha256, today, read.checkpoint().size(), takenAt);
    }

    /** The signed note of a snapshot's file (by its SHA-256 in hex): the name, then one fact a line (docs/status-snapshot.md). */
    static String sign(String name, Instant takenAt, LocalDate day, TransparencyLog.Signed checkpoint, long entries,
            int notInForce, String sha256, SigningKey key) {
        String body = name + "\n"
                + "taken " + DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(OffsetDateTime.ofInstant(takenAt, ZoneOffset.UTC)) + "\n"
                + "day " + day + "\n"
                + "log-size " + checkpoint.size() + "\n"
                + "log-root " + Base64.getEncoder().encodeToString(checkpoint.root()) + "\n"
                + "entries " + entries + "\n"
                + "not-in-force " + notInForce + "\n"
                + "sha256 " + sha256 + "\n";
        return SignedNote.sign(body, name, key.publicKeyBytes(), key::sign);
    }
}

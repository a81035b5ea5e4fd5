package cn.certregistry.webhook;

import java.io.IOException;
import java.net.URI;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;

import javax.net.ssl.SSLSocketFactory;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;

import cn.certregistry.common.NamedSql;
import cn.certregistry.common.OwnSessions;
import cn.certregistry.common.Ticker;
import cn.certregistry.log.LogEntries;

/**
 * Delivers each subscription's matching log entries, in log order, at least once. One server delivers at a time:
 * the one whose database session (its own, outside the pool) holds the dispatch advisory lock, kept for as long as
 * that session lives, so that no two servers post the same subscription's entries at once. A subscription has at most one delivery under way;
 * a failed one is retried after a wait that doubles up to a cap, until the entry has failed for the give-up time,
 * when the subscription is marked failing and delivery stops (the receiver catches up from the feed).
 */
@ApplicationScoped
@Startup
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);
    /** "certhook" in ASCII. */
    static final long DISPATCH_LOCK = 0x63657274_686f6f6bL;
    /** The application name of the session that holds the dispatch lock, as pg_stat_activity shows it. */
    static final String LEADER_SESSION = "cert-registry webhook dispatcher";
    /** Entries one subscription gets in one turn before others have theirs. */
    private static final int ENTRIES_PER_TURN = 100;
    private static final Duration TURN = Duration.ofSeconds(2);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String NO_ANSWER = "no HTTP answer (no connection, or none within the time allowed)";

    @Inject
    AgroalDataSource dataSource;
    @Inject
    WebhookConfig config;
    @Inject
    OwnSessions sessions;

    private PinnedPost client;
    private ScheduledExecutorService deadlines;
    private Ticker ticker;
    private ExecutorService workers;
    /** The session that holds the dispatch lock while this server is the one delivering; touched by the rounds only. */
    private Connection leader;
    private final Set<Long> busy = ConcurrentHashMap.newKeySet();

    @PostConstruct
    void start() {
        if (!config.enabled()) {
            return;
        }
        workers = Executors.newFixedThreadPool(config.inFlight(), daemon("webhook-delivery"));
        deadlines = Executors.newSingleThreadScheduledExecutor(daemon("webhook-deadline"));
        client = new PinnedPost((SSLSocketFactory) SSLSocketFactory.getDefault(), config.connectTimeout(), deadlines);
        // every poll interval, more often than the Quarkus scheduler ticks (see Ticker)
        ticker = Ticker.every(config.pollInterval(), "webhook dispatch", this::dispatch);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (ticker == null) {
            return;
        }
        ticker.close();
        // after the last round, and not under one that outlived the ticker's wait: the leader's session is the rounds'
        synchronized (this) {
            workers.shutdownNow();
            deadlines.shutdownNow();
            resign();
            workers = null;
        }
    }

    /** A round; one that fails gives up its session, and the lock is taken again when free. */
    synchronized void dispatch() throws SQLException {
        if (workers == null) {
            return;
        }
        try {
            round();
        } catch (SQLException | RuntimeException e) {
            resign();
            throw e;
        }
    }

    /** Starts a turn for each due subscription without one under way, as long as fewer than the limit are. */
    void round() throws SQLException {
        if (!lead()) {
            return;
        }
        long size;
        List<Long> due = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            size = Subscriptions.checkpointSize(connection);
            try (PreparedStatement read = connection.prepareStatement("select id from webhook_subscription where not failing"
                    + " and delivered_through < ? - 1 and (next_attempt_at is null or next_attempt_at <= now()) and id <> all(?)"
                    + " order by last_turn_at nulls first, id limit ?")) {
                read.setLong(1, size);
                Array running = connection.createArrayOf("bigint", busy.toArray());
                read.setArray(2, running);
                read.setInt(3, config.inFlight());
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        due.add(rows.getLong(1));
                    }
                }
            }
        }
        for (long id : due) {
            if (busy.size() >= config.inFlight()) {
                break;
            }
            if (busy.add(id)) {
                workers.execute(() -> {
                    try {
                        turn(id, size);
                    } catch (Throwable e) {
                        LOG.warnf("Delivery to subscription %d failed (%s); retrying", id, e.toString());
                    } finally {
                        busy.remove(id);
                    }
                });
            }
        }
    }

    /** Whether this server delivers: it holds the lock, or takes it now that no delivery of an earlier term is under way. */
    private boolean lead() throws SQLException {
        if (leader != null) {
            if (leader.isValid(5)) {
                return true;
            }
            resign();
        }
        if (!busy.isEmpty()) {
            return false;
        }
        Connection connection = leaderSession();
        boolean locked = false;
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_lock(?)")) {
            lock.setLong(1, DISPATCH_LOCK);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                locked = result.getBoolean(1) && workers != null;
            }
        } finally {
            if (!locked) {
                // ending the session lets go of a lock it may have taken (while the server stops, say)
                connection.close();
            }
        }
        if (locked) {
            leader = connection;
        }
        return locked;
    }

    /**
     * A session of the leader's own, outside the pool: the lock lives as long as the session, and a pooled one goes back
     * to the pool when closed, lock and all, if letting go of the lock failed first; then no server could take it
     * again. Closing this one ends the session, and the server lets go of the lock whatever state it was in.
     */
    private Connection leaderSession() throws SQLException {
        return sessions.open(LEADER_SESSION, Duration.ofSeconds(30));
    }

    private void resign() {
        Connection connection = leader;
        leader = null;
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // the session is gone either way, and its lock with it
        }
    }

    private record Target(long id, URI url, Filter filter, byte[] privateKey, long deliveredThrough, int attempts) {
    }

    private record Entry(long index, byte[] entry) {
    }

    /** What one attempt came to; {@code retryAfter} is the wait the receiver asked for, if it asked (null otherwise). */
    private record Outcome(boolean delivered, Integer status, String error, boolean gone, Duration retryAfter) {

        static Outcome notDelivered(String error) {
            return new Outcome(false, null, error, false, null);
        }
    }

    /** One subscription's turn: its next entries in log order, until one fails, the turn's share is used, or none is left. */
    private void turn(long id, long size) throws SQLException {
        long started = System.nanoTime();
        try (Connection connection = dataSource.getConnection()) {
            Optional<Target> found = target(connection, id);
            if (found.isEmpty()) {
                return;
            }
            Target target = found.get();
            long through = target.deliveredThrough();
            int delivered = 0;
            while (delivered < ENTRIES_PER_TURN && System.nanoTime() - started < TURN.toNanos()) {
                List<Entry> entries = next(connection, target.filter(), through, size, 20);
                if (entries.isEmpty()) {
                    advance(connection, id, size - 1);
                    return;
                }
                for (Entry entry : entries) {
                    Outcome outcome = post(target, entry, size);
                    if (!outcome.delivered()) {
                        failed(connection, target, outcome);
                        return;
                    }
                    succeeded(connection, id, entry.index(), outcome.status());
                    through = entry.index();
                    delivered++;
                    // the turn's share is checked after each delivery: a receiver that answers slowly holds a worker for
                    // one delivery past its share at most, not for a batch of them
                    if (System.nanoTime() - started >= TURN.toNanos()) {
                        return;
                    }
                }
            }
        }
    }

    /**
     * The subscription as it stands now, if it is still due (the round's list may be older than the last turn), marked
     * as having had its turn now.
     */
    private static Optional<Target> target(Connection connection, long id) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement("update webhook_subscription set last_turn_at = clock_timestamp()"
                + " where id = ? and not failing and (next_attempt_at is null or next_attempt_at <= now())"
                + " returning url, filter_kind, body_code, region_prefix, private_key, delivered_through, attempts")) {
            read.setLong(1, id);
            try (ResultSet row = read.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Target(id, URI.create(row.getString(1)), new Filter(id, row.getString(2), row.getString(3),
                        row.getString(4)), row.getBytes(5), row.getLong(6), row.getInt(7)));
            }
        }
    }

    private static List<Entry> next(Connection connection, Filter filter, long through, long size, int limit) throws SQLException {
        List<Entry> entries = new ArrayList<>();
        try (PreparedStatement read = connection.prepareStatement("select e.index, e.entry from log_entry e where e.index > ?"
                + " and e.index < ? and " + filter.condition() + " order by e.index limit " + limit)) {
            read.setLong(1, through);
            read.setLong(2, size);
            filter.bind(read, 3);
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Entry(rows.getLong(1), rows.getBytes(2)));
                }
            }
        }
        return entries;
    }

    /** The body of a delivery: the entry's index, its bytes and decoded change, and the checkpoint that covers it. */
    static byte[] payload(long subscription, long index, byte[] entry, long checkpointSize) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subscription", subscription);
        body.put("index", index);
        body.put("change", LogEntries.decode(entry));
        body.put("entry", Base64.getEncoder().encodeToString(entry));
        body.put("checkpointSize", checkpointSize);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Outcome post(Target target, Entry entry, long size) {
        TargetUrl.Resolution resolved = TargetUrl.resolve(target.url(), config.allowLocalTargets());
        if (resolved.refusal().isPresent()) {
            return Outcome.notDelivered("not sent: " + resolved.refusal().get());
        }
        byte[] body = payload(target.id(), entry.index(), entry.entry(), size);
        String id = Long.toString(entry.index());
        long timestamp = System.currentTimeMillis() / 1000;
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.put("User-Agent", "cert-registry-webhooks/1");
        headers.put("webhook-id", id);
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put("webhook-signature", WebhookSignature.sign(target.privateKey(), id, timestamp, body));
        try {
            // to the addresses just checked, and ended at the read timeout: one slow receiver holds one worker that long
            PinnedPost.Answer answer = client.post(target.url(), resolved.addresses(), headers, body, config.readTimeout());
            int status = answer.status();
            boolean ok = status >= 200 && status < 300;
            return new Outcome(ok, status, ok ? null : "answered " + status, status == 410,
                    ok ? null : answer.retryAfter().flatMap(RetryAfter::parse).orElse(null));
        } catch (IOException e) {
            // one answer for every way a connection fails (refused, reset, timed out, TLS): which one it was would tell a
            // subscriber whether a port behind an address that changed since its check is open
            return Outcome.notDelivered(NO_ANSWER);
        }
    }

    private static void advance(Connection connection, long id, long through) throws SQLException {
        NamedSql.update(connection, "update webhook_subscription set delivered_through = greatest(delivered_through, :through)"
                + " where id = :id", Map.of("through", through, "id", id));
    }

    private static void succeeded(Connection connection, long id, long index, int status) throws SQLException {
        NamedSql.update(connection, "update webhook_subscription set delivered_through = greatest(delivered_through, :index),"
                + " last_delivered = :index, last_attempt_at = now(), last_status = :status, last_error = null, attempts = 0,"
                + " first_failure_at = null, next_attempt_at = null where id = :id", Map.of("index", index, "status", status,
                        "id", id));
    }

    /** Schedules the retry, or, once the entry has failed for the give-up time (or the receiver said 410 Gone), stops. */
    private void failed(Connection connection, Target target, Outcome outcome) throws SQLException {
        String stop = "(:gone or coalesce(first_failure_at, now()) <= now() - make_interval(secs => :giveUp))";
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("status", outcome.status());
        parameters.put("error", outcome.error().length() > 200 ? outcome.error().substring(0, 200) : outcome.error());
        parameters.put("gone", outcome.gone());
        parameters.put("giveUp", config.giveUpAfter().toMillis() / 1000.0);
        parameters.put("wait", wait(target.attempts(), outcome.retryAfter()).toMillis() / 1000.0);
        parameters.put("id", target.id());
        NamedSql.update(connection, "update webhook_subscription set attempts = attempts + 1, first_failure_at ="
                + " coalesce(first_failure_at, now()), last_attempt_at = now(), last_status = :status, last_error = :error,"
                + " failing = " + stop + ", next_attempt_at = case when " + stop + " then null"
                + " else now() + make_interval(secs => :wait) end where id = :id", parameters);
    }

    /** The backoff, or the receiver's {@code Retry-After} where that is longer (up to {@link RetryAfter#LONGEST}). */
    Duration wait(int failures, Duration retryAfter) {
        Duration backoff = backoff(failures);
        return retryAfter == null || retryAfter.compareTo(backoff) <= 0 ? backoff : retryAfter;
    }

    /** The wait after the {@code (failures + 1)}th failure in a row: the first wait, doubled each time, capped, plus up to 10 %. */
    Duration backoff(int failures) {
        Duration wait = config.retryInitial().multipliedBy(1L << Math.min(failures, 30));
        if (wait.compareTo(config.retryMax()) > 0 || wait.isNegative()) {
            wait = config.retryMax();
        }
        return wait.plusMillis(ThreadLocalRandom.current().nextLong(wait.toMillis() / 10 + 1));
    }


    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}

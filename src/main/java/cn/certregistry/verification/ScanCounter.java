package cn.certregistry.verification;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;

/**
 * Counts verifications per certificate and day in memory and writes them in one batch every few
 * seconds: a scan costs an increment, not a database write. A failed write keeps its counts for the
 * next one; a crash loses at most the last interval's; reading counts writes the pending ones first.
 */
@ApplicationScoped
public class ScanCounter {

    private static final Logger LOG = Logger.getLogger(ScanCounter.class);
    private static final long FLUSH_SECONDS = 5;

    record Key(long certificateId, LocalDate day) {
    }

    private final Map<Key, Long> pending = new ConcurrentHashMap<>();
    private ScheduledExecutorService flusher;

    @Inject
    EntityManager entityManager;

    @PostConstruct
    void start() {
        flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "scan-count-flush");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flushQuietly, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
    }

    /** The last write, while the database is still open (a @PreDestroy runs after Hibernate has closed). */
    void stop(@Observes ShutdownEvent shutdown) {
        flusher.shutdown();
        flushQuietly();
    }

    public void count(long certificateId, LocalDate day) {
        add(new Key(certificateId, day), 1);
    }

    private void add(Key key, long scans) {
        pending.merge(key, scans, Long::sum);
    }

    /** Writes the pending counts (called on a schedule, and before counts are read). */
    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        Map<Key, Long> batch = new HashMap<>();
        for (Key key : pending.keySet()) {
            batch.put(key, pending.remove(key));
        }
        try {
            QuarkusTransaction.requiringNew().run(() -> batch.forEach((key, scans) -> entityManager
                    .createNativeQuery("insert into scan_count (certificate_id, day, scans) values (:id, :day, :scans)"
                            + " on conflict (certificate_id, day) do update set scans = scan_count.scans + excluded.scans")
                    .setParameter("id", key.certificateId()).setParameter("day", key.day()).setParameter("scans", scans)
                    .executeUpdate()));
        } catch (RuntimeException | Error e) {
            batch.forEach(this::add);
            throw e;
        }
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException | Error e) {
            // whatever failed, the schedule goes on: an exception escaping a scheduled task would end it
            LOG.warn("Could not write scan counts; they are retried at the next flush", e);
        }
    }
}

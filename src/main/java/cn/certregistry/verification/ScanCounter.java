package cn.certregistry.verification;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Counts verifications per certificate and day in memory and writes them in one batch every few
 * seconds: a scan costs an increment, not a database write. A crash loses at most the last interval's
 * counts; reading counts writes the pending ones first.
 */
@ApplicationScoped
public class ScanCounter {

    private static final Logger LOG = Logger.getLogger(ScanCounter.class);
    private static final long FLUSH_SECONDS = 5;

    record Key(long certificateId, LocalDate day) {
    }

    private final Map<Key, LongAdder> pending = new ConcurrentHashMap<>();
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

    @PreDestroy
    void stop() {
        flusher.shutdown();
        flushQuietly();
    }

    public void count(long certificateId, LocalDate day) {
        pending.computeIfAbsent(new Key(certificateId, day), k -> new LongAdder()).increment();
    }

    /** Writes the pending counts (called on a schedule, and before counts are read). */
    public synchronized void flush() {
        if (pending.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            for (Key key : pending.keySet()) {
                long scans = pending.remove(key).sumThenReset();
                if (scans > 0) {
                    entityManager.createNativeQuery("insert into scan_count (certificate_id, day, scans) values (:id, :day, :scans)"
                            + " on conflict (certificate_id, day) do update set scans = scan_count.scans + excluded.scans")
                            .setParameter("id", key.certificateId()).setParameter("day", key.day()).setParameter("scans", scans)
                            .executeUpdate();
                }
            }
        });
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warn("Could not write scan counts; they are retried at the next flush", e);
        }
    }
}

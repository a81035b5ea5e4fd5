package cn.certregistry.scan;

import static io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

import cn.certregistry.common.SqlValues;

/**
 * Counts verifications per certificate and day in memory and writes them in one batch every few
 * seconds: a scan costs an increment, not a database write. A failed write keeps its counts for the
 * next one; a crash loses at most the last interval's; reading counts writes the pending ones first.
 */
@ApplicationScoped
public class ScanCounter {

    private static final Logger LOG = Logger.getLogger(ScanCounter.class);

    record Key(long certificateId, LocalDate day) {
    }

    private final Map<Key, Long> pending = new ConcurrentHashMap<>();

    @Inject
    EntityManager entityManager;

    @Scheduled(identity = "scan counts", every = "${registry.scan-flush-every}", concurrentExecution = SKIP)
    void flushOnSchedule() {
        flush();
    }

    /** The last write, while the database is still open (a @PreDestroy runs after Hibernate has closed). */
    void stop(@Observes ShutdownEvent shutdown) {
        try {
            flush();
        } catch (RuntimeException e) {
            LOG.warnf("The last scan counts could not be written (%s)", e.toString());
        }
    }

    public void count(long certificateId, LocalDate day) {
        add(new Key(certificateId, day), 1);
    }

    private void add(Key key, long scans) {
        pending.merge(key, scans, Long::sum);
    }

    /** The scans written for a certificate, a day a row, in order; days without scans are left out. */
    List<ScanService.Day> days(long certificateId, LocalDate from, LocalDate to) {
        List<ScanService.Day> days = new ArrayList<>();
        for (Object row : entityManager.createNativeQuery("select day, scans from scan_count where certificate_id = :id"
                + " and day between :from and :to order by day").setParameter("id", certificateId).setParameter("from", from)
                .setParameter("to", to).getResultList()) {
            Object[] columns = (Object[]) row;
            days.add(new ScanService.Day(SqlValues.localDate(columns[0]), ((Number) columns[1]).longValue()));
        }
        return days;
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
}

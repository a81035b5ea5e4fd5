package cn.certregistry.register;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import cn.certregistry.common.GenerationalCache;

/**
 * The records this server was asked for lately, so that a crowd scanning one code costs a handful of database reads,
 * not one each. A record is kept only while the server hears every change to the register ({@link #listening}), is
 * dropped when a change to its certificate is heard, and is read again at the latest after {@code maxAge} whatever is
 * heard. Plain Java: the change notices come from {@link CertificateChangeListener}.
 */
public final class RecordCache {

    /**
     * A record as of a register day, with what a verification needs beside it; {@code settled} when the log has every
     * event of it (only such a record is kept: its log index will not change without a notice).
     */
    public record Current(long certificateId, long lastEventId, boolean settled, CertificateViews.Record record) {
    }

    private record Kept(Current current, LocalDate day, long readAt, long epoch) {
    }

    private final GenerationalCache<String, Kept> kept;
    /** The latest event id each certificate is known to have: a read of an older state is not kept. */
    private final GenerationalCache<String, Long> lastEventIds;
    private final long maxAgeNanos;
    private final LongSupplier clock;
    /** Counts every notice and every start or loss of hearing; a read during which it moved is not kept. */
    private long changes;
    /** Counts the times hearing began: what was kept before is not trusted after. */
    private volatile long epoch;
    private volatile boolean listening;

    public RecordCache(int capacity, Duration maxAge, LongSupplier nanoClock) {
        this.kept = GenerationalCache.ofEntries(capacity);
        this.lastEventIds = GenerationalCache.ofEntries(capacity);
        this.maxAgeNanos = maxAge.toNanos();
        this.clock = nanoClock;
    }

    /** The record of a certificate on a day, from memory when it can be trusted, otherwise read (and kept). */
    public Optional<Current> get(String number, LocalDate day, Supplier<Optional<Current>> read) {
        Kept found = kept.get(number);
        long now = clock.getAsLong();
        if (found != null && found.day().equals(day) && listening && found.epoch() == epoch
                && now - found.readAt() < maxAgeNanos) {
            return Optional.of(found.current());
        }
        long seen = changesSeen();
        long readEpoch = epoch;
        Optional<Current> current = read.get();
        current.filter(Current::settled).ifPresent(value -> keep(number, new Kept(value, day, now, readEpoch), seen));
        return current;
    }

    private synchronized long changesSeen() {
        return changes;
    }

    /** Keeps a read unless a change was heard while it was made, or it is older than a change heard before. */
    private synchronized void keep(String number, Kept read, long seen) {
        Long required = lastEventIds.get(number);
        if (listening && changes == seen && epoch == read.epoch()
                && (required == null || read.current().lastEventId() >= required)) {
            kept.put(number, read);
        }
    }

    /**
     * A change notice: a certificate's number and, where the change added one, its latest event id; or {@code *}
     * when anything may have changed.
     */
    public synchronized void changed(String notice) {
        changes++;
        if ("*".equals(notice)) {
            epoch++;
            return;
        }
        int space = notice.indexOf(' ');
        String number = space < 0 ? notice : notice.substring(0, space);
        if (space > 0) {
            long lastEventId = Long.parseLong(notice.substring(space + 1));
            Long known = lastEventIds.get(number);
            if (known == null || known < lastEventId) {
                lastEventIds.put(number, lastEventId);
            }
        }
        kept.remove(number);
    }

    /** Whether the server hears every change now; what was kept before hearing began again is dropped. */
    public synchronized void listening(boolean listening) {
        changes++;
        epoch++;
        this.listening = listening;
    }
}

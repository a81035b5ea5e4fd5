package cn.certregistry.register;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/** When a kept record may answer, and when the database must be read again. */
class RecordCacheTest {

    private static final LocalDate DAY = LocalDate.of(2026, 11, 15);
    private final AtomicLong nanos = new AtomicLong();
    private final RecordCache cache = new RecordCache(100, Duration.ofSeconds(10), nanos::get);
    private final AtomicInteger reads = new AtomicInteger();

    /** A read of the database that answers a record whose latest event is {@code lastEventId}. */
    private Supplier<Optional<RecordCache.Current>> database(long lastEventId, boolean settled) {
        return () -> {
            reads.incrementAndGet();
            return Optional.of(new RecordCache.Current(7, lastEventId, settled, null));
        };
    }

    private long ask(String number, LocalDate day, long lastEventId) {
        return cache.get(number, day, database(lastEventId, true)).orElseThrow().lastEventId();
    }

    @Test
    void aRecordIsReadOnceWhileNothingChanges() {
        cache.listening(true);
        for (int i = 0; i < 100; i++) {
            ask("A-1", DAY, 5);
        }
        assertEquals(1, reads.get());
    }

    @Test
    void nothingIsKeptWhileTheServerDoesNotHearChanges() {
        for (int i = 0; i < 3; i++) {
            ask("A-1", DAY, 5);
        }
        assertEquals(3, reads.get());
        cache.listening(true);
        ask("A-1", DAY, 5);
        cache.listening(false);
        ask("A-1", DAY, 5);
        assertEquals(5, reads.get(), "hearing lost: the kept record is not trusted");
    }

    @Test
    void aNoticeDropsTheCertificateOnlyAndAnyNoticeDropsAll() {
        cache.listening(true);
        ask("A-1", DAY, 5);
        ask("B-2", DAY, 9);
        cache.changed("A-1 6");
        assertEquals(6, ask("A-1", DAY, 6));
        ask("B-2", DAY, 9);
        assertEquals(3, reads.get(), "B-2 kept, A-1 read again");
        cache.changed("*");
        ask("A-1", DAY, 6);
        ask("B-2", DAY, 9);
        assertEquals(5, reads.get());
    }

    @Test
    void aReadOlderThanTheChangeHeardIsAnsweredButNotKept() {
        cache.listening(true);
        ask("A-1", DAY, 5);
        cache.changed("A-1 6");
        // a replica that has not replayed event 6 yet
        assertEquals(5, ask("A-1", DAY, 5));
        assertEquals(5, ask("A-1", DAY, 5));
        assertEquals(3, reads.get());
        assertEquals(6, ask("A-1", DAY, 6));
        ask("A-1", DAY, 6);
        assertEquals(4, reads.get(), "kept once the read has the change");
    }

    @Test
    void aReadDuringWhichAChangeIsHeardIsNotKept() {
        cache.listening(true);
        cache.get("A-1", DAY, () -> {
            reads.incrementAndGet();
            cache.changed("A-1");
            return Optional.of(new RecordCache.Current(7, 5, true, null));
        });
        ask("A-1", DAY, 5);
        assertEquals(2, reads.get());
    }

    @Test
    void anotherDayAnUnsettledRecordOrAnOldOneIsReadAgain() {
        cache.listening(true);
        ask("A-1", DAY, 5);
        ask("A-1", DAY.plusDays(1), 5);
        assertEquals(2, reads.get(), "a new register day");
        cache.get("C-3", DAY, database(1, false));
        cache.get("C-3", DAY, database(1, false));
        assertEquals(4, reads.get(), "the log has not every event yet");
        ask("B-2", DAY, 5);
        nanos.addAndGet(Duration.ofSeconds(11).toNanos());
        ask("B-2", DAY, 5);
        assertEquals(6, reads.get(), "older than the longest a record is kept");
    }
}

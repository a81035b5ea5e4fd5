package cn.certregistry.log;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Waits a bounded time for the log to take a write in (it does within a second of the commit): how a writer
 * that asked to wait learns its entry's index. Between looks it holds no connection.
 */
@ApplicationScoped
public class LogAwaiter {

    /** The longest a request may wait for the log. */
    public static final Duration MOST_PATIENCE = Duration.ofSeconds(10);
    private static final long STEP_MILLIS = 100;

    @Inject
    TransparencyLog log;

    /**
     * The index of the certificate's latest entry once the log holds {@code entries} entries of it (every event
     * makes one); empty if it does not within {@code patience}.
     */
    public Optional<Long> latestIndex(String certificateNumber, long entries, Duration patience) {
        TransparencyLog.Position seen = until(() -> log.position(certificateNumber), p -> p.entries() >= entries, patience);
        return seen.entries() >= entries ? Optional.ofNullable(seen.latestIndex()) : Optional.empty();
    }

    /** Looks until {@code done} accepts what it sees or {@code patience} has passed; returns what it saw last. */
    static <T> T until(Supplier<T> look, Predicate<T> done, Duration patience) {
        long deadline = System.nanoTime() + Math.min(patience.toNanos(), MOST_PATIENCE.toNanos());
        while (true) {
            T seen = look.get();
            if (done.test(seen) || System.nanoTime() > deadline) {
                return seen;
            }
            try {
                Thread.sleep(STEP_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return seen;
            }
        }
    }
}

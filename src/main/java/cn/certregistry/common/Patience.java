package cn.certregistry.common;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting a bounded time for what the register does in the background (the log taking a write in, a snapshot being
 * taken): look, and look again every 100 ms, holding nothing between looks.
 */
public final class Patience {

    /** The longest a request may wait. */
    public static final Duration AT_MOST = Duration.ofSeconds(10);
    private static final long STEP_MILLIS = 100;

    private Patience() {
    }

    /** Looks until {@code done} accepts what it sees or {@code patience} (at most 10 s) has passed; what it saw last. */
    public static <T> T until(Supplier<T> look, Predicate<T> done, Duration patience) {
        long deadline = System.nanoTime() + Math.min(patience.toNanos(), AT_MOST.toNanos());
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

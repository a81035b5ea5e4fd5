package cn.certregistry;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waits for what the register does in the background (the log takes a change in within a second, webhooks go out
 * within one): looks every 100 ms until a condition holds, and fails after {@link #AT_MOST}, saying what it waited for
 * and what it saw last. One waiting rule for every test, in place of fixed sleeps.
 */
public final class Await {

    public static final Duration AT_MOST = Duration.ofSeconds(30);
    private static final long STEP_MILLIS = 100;

    private Await() {
    }

    /** The first value of {@code probe} that {@code done} accepts. */
    public static <T> T until(String what, Supplier<T> probe, Predicate<T> done) {
        return until(what, AT_MOST, probe, done);
    }

    /** The same, for work longer than the background's: reading a long bid file on a machine busy with other tests. */
    public static <T> T until(String what, Duration atMost, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (true) {
            T seen = probe.get();
            if (done.test(seen)) {
                return seen;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + atMost.toSeconds() + " s: " + what + "; last seen: " + seen);
            }
            pause();
        }
    }

    /** Waits until {@code condition} holds; {@code seen} says what stood instead, should it never hold. */
    public static void until(String what, java.util.function.BooleanSupplier condition, Supplier<String> seen) {
        long deadline = System.nanoTime() + AT_MOST.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + AT_MOST.toSeconds() + " s: " + what + "; " + seen.get());
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(STEP_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting", e);
        }
    }
}

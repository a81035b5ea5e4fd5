package cn.certregistry.common;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Background work that must run more often than the Quarkus scheduler can (its {@code every} is a second at the
 * finest): the log's integration (a change is in a signed checkpoint some 200 ms after its write) and the webhook
 * rounds (a live change reaches its receiver as soon). Each runs on a daemon thread of its own, one run at a time,
 * with a fixed pause between runs; a failed run is logged in one line, as every background failure is, and the next
 * tick tries again. Work that may wait a second or more runs on the Quarkus scheduler instead.
 */
public final class Ticker implements AutoCloseable {

    /** One run of the work; what it throws is logged, and the next tick runs it again. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private final ScheduledExecutorService thread;

    private Ticker(String name, Duration pause, Work work) {
        thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread daemon = new Thread(runnable, name);
            daemon.setDaemon(true);
            return daemon;
        });
        thread.scheduleWithFixedDelay(() -> {
            try {
                work.run();
            } catch (Exception | Error e) {
                // an exception escaping the task would end the schedule
                BackgroundFailures.failed(name, e);
            }
        }, pause.toMillis(), pause.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts {@code work} now, running again {@code pause} after each run ends. */
    public static Ticker every(Duration pause, String name, Work work) {
        return new Ticker(name, pause, work);
    }

    /** Stops the ticks and waits (a few seconds at most) for a run under way to end. */
    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package cn.certregistry.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.jboss.logging.Logger;

/**
 * Work a request may start without waiting for it (taking a status snapshot, counting the region figures): it runs on a
 * daemon thread of its own, at most once at a time, and a failure is logged, for the next start to try again.
 */
public final class BackgroundTask implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(BackgroundTask.class);

    private final String what;
    private final Runnable work;
    private final ExecutorService executor;
    private Future<?> running;

    /** {@code what} names the work in the log ("the status snapshot") and, as a thread name, its thread. */
    public BackgroundTask(String threadName, String what, Runnable work) {
        this.what = what;
        this.work = work;
        this.executor = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, threadName);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the work unless it is running already. */
    public synchronized void start() {
        if (running == null || running.isDone()) {
            running = executor.submit(() -> {
                try {
                    work.run();
                } catch (RuntimeException e) {
                    LOG.warnf("%s could not be taken: %s", what, e.toString());
                }
            });
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}

package cn.certregistry.common;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Anonymous requests whose cost grows to their caps (a check of 1 000 lines, a region's figures over all its
 * certificates, a page deep in a broad search) run a few at a time: a client that sends them in a loop then takes
 * that many threads of CPU and database, not the whole server, and scanned QR codes are still answered. One that
 * finds every slot taken waits a moment, then gets 429 with Retry-After.
 *
 * <p>A slot stays taken after its request for as long as the request took (up to the wait), so that clients
 * sending costly requests back to back keep their slots busy half of the time at most: on two cores, one such
 * client would otherwise hold a core of the service and its database for itself.
 */
@ApplicationScoped
public class CostlyRequests {

    private final long waitMilliseconds;
    private final int capacity;
    private final Semaphore slots;
    private final ScheduledExecutorService releases = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "costly-request-slots");
        thread.setDaemon(true);
        return thread;
    });
    /** A costly request that holds a slot may do more costly work (a region page's deep list) without a second one. */
    private final ThreadLocal<Boolean> holding = ThreadLocal.withInitial(() -> false);

    @Inject
    CostlyRequests(RegistryConfig config) {
        waitMilliseconds = config.costlyRequestsWait().toMillis();
        capacity = config.costlyRequestsAtOnce().orElse(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        slots = new Semaphore(capacity, true);
    }

    public <T> T run(Supplier<T> work) {
        if (holding.get()) {
            return work.get();
        }
        try {
            if (!slots.tryAcquire(waitMilliseconds, TimeUnit.MILLISECONDS)) {
                throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "The server is checking as many lists and"
                        + " drawing as many region figures as it does at once; try again in a few seconds.", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.UNAVAILABLE, "The server is stopping.", null);
        }
        holding.set(true);
        long began = System.nanoTime();
        try {
            return work.get();
        } finally {
            holding.set(false);
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
            releases.schedule((Runnable) slots::release, Math.min(took, waitMilliseconds), TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void stop() {
        releases.shutdownNow();
    }

    /** How many slots there are. */
    public int capacity() {
        return capacity;
    }

    /** How many slots are free now (for tests). */
    public int free() {
        return slots.availablePermits();
    }
}

package cn.certregistry.common;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Anonymous requests whose cost grows to their caps (a check of 1 000 lines, a region's figures over all its
 * certificates, a page deep in a broad search) run a few at a time: a client that sends them in a loop then takes
 * that many threads of CPU and database, not the whole server, and scanned QR codes are still answered. One that finds every slot taken
 * waits a moment, then gets 429 with Retry-After.
 */
@ApplicationScoped
public class CostlyRequests {

    private static final long WAIT_MILLISECONDS = 2000;

    private final Semaphore slots;
    /** A costly request that holds a slot may do more costly work (a region page's deep list) without a second one. */
    private final ThreadLocal<Boolean> holding = ThreadLocal.withInitial(() -> false);

    @Inject
    CostlyRequests(RegistryConfig config) {
        slots = new Semaphore(config.costlyRequestsAtOnce()
                .orElse(Math.max(1, Runtime.getRuntime().availableProcessors() / 2)), true);
    }

    public <T> T run(Supplier<T> work) {
        if (holding.get()) {
            return work.get();
        }
        try {
            if (!slots.tryAcquire(WAIT_MILLISECONDS, TimeUnit.MILLISECONDS)) {
                throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "The server is checking as many lists and"
                        + " drawing as many region figures as it does at once; try again in a few seconds.", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.UNAVAILABLE, "The server is stopping.", null);
        }
        holding.set(true);
        try {
            return work.get();
        } finally {
            holding.set(false);
            slots.release();
        }
    }

    /** How many slots are free now (for tests). */
    public int free() {
        return slots.availablePermits();
    }
}

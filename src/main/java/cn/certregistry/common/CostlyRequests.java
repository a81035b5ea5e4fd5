package cn.certregistry.common;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import io.quarkus.arc.Arc;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/**
 * Anonymous requests whose cost grows to their caps (a check of 1 000 lines, a region's figures over all its
 * certificates, a page deep in a broad search) run a few at a time: a crowd sending them then takes that many threads
 * of CPU and database, not the whole server, and scanned QR codes are still answered. One that finds every slot taken
 * waits a moment, in turn, then gets 429 with Retry-After.
 *
 * <p>Fairness is per client, not per request: each client (its API key when it sends a valid one, else its address)
 * runs one costly request at a time, and its others wait behind it. A client flooding from many connections thus holds
 * one slot and one place in the queue, so another client waits for at most one request of each other client, never
 * for a flood. A slot is free again the moment its request ends: a client sending requests one after another is
 * never made to rest between them (an earlier rule kept each slot resting as long as its request took, which doubled
 * the time of every such client's request whether anyone else was waiting or not).
 */
@ApplicationScoped
public class CostlyRequests {

    /** A client's turn: one costly request of the client runs at a time; {@code users} counts those holding or waiting. */
    private static final class Gate {

        final Semaphore turn = new Semaphore(1, true);
        int users;
    }

    private final long waitNanos;
    private final int capacity;
    private final Semaphore slots;
    private final Map<String, Gate> gates = new ConcurrentHashMap<>();
    /** A costly request that holds a slot may do more costly work (a region page's deep list) without a second one. */
    private final ThreadLocal<Boolean> holding = ThreadLocal.withInitial(() -> false);

    @Inject
    Instance<CurrentVertxRequest> request;
    @Inject
    Instance<CurrentIdentityAssociation> identity;

    @Inject
    CostlyRequests(RegistryConfig config) {
        waitNanos = config.costlyRequestsWait().toNanos();
        capacity = config.costlyRequestsAtOnce().orElse(Math.max(1, Runtime.getRuntime().availableProcessors() / 2));
        slots = new Semaphore(capacity, true);
    }

    public <T> T run(Supplier<T> work) {
        if (holding.get()) {
            return work.get();
        }
        String client = client();
        long deadline = System.nanoTime() + waitNanos;
        Gate gate = client == null ? null : enter(client);
        try {
            if (gate != null) {
                take(gate.turn, deadline);
            }
            try {
                take(slots, deadline);
                holding.set(true);
                try {
                    return work.get();
                } finally {
                    holding.set(false);
                    slots.release();
                }
            } finally {
                if (gate != null) {
                    gate.turn.release();
                }
            }
        } finally {
            if (gate != null) {
                leave(client);
            }
        }
    }

    private void take(Semaphore semaphore, long deadline) {
        try {
            if (!semaphore.tryAcquire(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "The server is checking as many lists and"
                        + " drawing as many region figures as it does at once; try again in a few seconds.", null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProblemException(ProblemType.UNAVAILABLE, "The server is stopping.", null);
        }
    }

    private Gate enter(String client) {
        return gates.compute(client, (key, gate) -> {
            Gate entered = gate == null ? new Gate() : gate;
            entered.users++;
            return entered;
        });
    }

    /** The last user of a gate removes it: the map holds the clients of the moment, not every address ever seen. */
    private void leave(String client) {
        gates.computeIfPresent(client, (key, gate) -> --gate.users == 0 ? null : gate);
    }

    /**
     * Who sends the current HTTP request: the API key's caller when the request carries a valid one, else the remote
     * address (the proxy's forwarded one where the server is configured to trust it); null outside a request (work of
     * the server's own, which only the slots bound).
     */
    private String client() {
        if (!Arc.container().requestContext().isActive() || !request.isResolvable()) {
            return null;
        }
        RoutingContext routing = request.get().getCurrent();
        if (routing == null) {
            return null;
        }
        if (routing.request().getHeader("Authorization") != null && identity.isResolvable()) {
            try {
                SecurityIdentity caller = identity.get().getIdentity();
                if (!caller.isAnonymous()) {
                    return "key " + caller.getPrincipal().getName();
                }
            } catch (RuntimeException e) {
                // a key that does not authenticate makes no client of its own: the address decides
            }
        }
        SocketAddress address = routing.request().remoteAddress();
        return address == null ? null : "address " + address.hostAddress();
    }

    /** How many slots there are. */
    public int capacity() {
        return capacity;
    }

    /** How many slots are free now (for tests). */
    public int free() {
        return slots.availablePermits();
    }

    /** How many clients hold or wait for a slot now (for tests). */
    int clients() {
        return gates.size();
    }
}

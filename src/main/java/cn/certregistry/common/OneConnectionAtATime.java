package cn.certregistry.common;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import io.agroal.api.AgroalPoolInterceptor;
import io.quarkus.agroal.DataSource;

/**
 * Refuses a thread a second connection of a pool while it holds one. A request that waits for a second connection
 * while holding its first deadlocks the pool under a crowd: once every connection is held by a request waiting for
 * another, nobody gets one until the acquisition timeout, and the whole public site answers 500. Refused at once,
 * the mistake fails the first test that takes the path instead.
 */
public final class OneConnectionAtATime implements AgroalPoolInterceptor {

    /** A thread asked a pool for a second connection while it held one: a bug, never a condition of the load. */
    public static final class SecondConnectionRefused extends IllegalStateException {

        public SecondConnectionRefused(String pool) {
            super("This thread already holds a connection of the " + pool + " pool: a request uses at most one"
                    + " connection of each pool, for all its statements (pass the session or connection it has)");
        }
    }

    private final String pool;
    private final ThreadLocal<AtomicInteger> heldByThisThread = ThreadLocal.withInitial(AtomicInteger::new);
    /** The holding thread's count, by connection: a connection may be given back by another thread than took it. */
    private final Map<Connection, AtomicInteger> holders = new ConcurrentHashMap<>();

    OneConnectionAtATime(String pool) {
        this.pool = pool;
    }

    @Override
    public void onConnectionAcquire(Connection connection) {
        AtomicInteger held = heldByThisThread.get();
        if (held.get() > 0) {
            throw new SecondConnectionRefused(pool);
        }
        held.incrementAndGet();
        holders.put(raw(connection), held);
    }

    @Override
    public void onConnectionReturn(Connection connection) {
        AtomicInteger held = holders.remove(raw(connection));
        if (held != null) {
            held.decrementAndGet();
        }
    }

    /** The driver's connection: the pool hands the interceptor a new wrapper each time. */
    private static Connection raw(Connection wrapper) {
        try {
            return wrapper.unwrap(Connection.class);
        } catch (SQLException e) {
            throw new IllegalStateException("The pool's connection does not unwrap", e);
        }
    }

    /** One interceptor for each pool: the primary's (writes) and the read-only one's (public reads). */
    @ApplicationScoped
    static class Pools {

        @Produces
        @Singleton
        AgroalPoolInterceptor primary() {
            return new OneConnectionAtATime("primary");
        }

        @Produces
        @Singleton
        @DataSource(ReadReplica.DATASOURCE)
        AgroalPoolInterceptor readOnly() {
            return new OneConnectionAtATime("read-only");
        }
    }
}

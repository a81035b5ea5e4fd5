package cn.certregistry.common;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
    private final ThreadLocal<Holding> heldByThisThread = ThreadLocal.withInitial(Holding::new);
    /** The holding thread's mark, by connection: a connection may be given back by another thread than took it. */
    private final Map<Connection, Holding> holders = new ConcurrentHashMap<>();

    /** The driver's connection a thread holds, or null. */
    private static final class Holding {
        volatile Connection connection;
    }

    OneConnectionAtATime(String pool) {
        this.pool = pool;
    }

    @Override
    public void onConnectionAcquire(Connection connection) {
        Holding holding = heldByThisThread.get();
        Connection held = holding.connection;
        if (held != null) {
            if (!closed(held)) {
                throw new SecondConnectionRefused(pool);
            }
            // the connection broke while held and the pool destroyed it without giving it back: the mark is stale
            holders.remove(held, holding);
        }
        Connection raw = raw(connection);
        holding.connection = raw;
        holders.put(raw, holding);
    }

    @Override
    public void onConnectionReturn(Connection connection) {
        release(connection);
    }

    /** A broken connection is destroyed, not returned: its holder holds nothing any more. */
    @Override
    public void onConnectionDestroy(Connection connection) {
        release(connection);
    }

    private void release(Connection connection) {
        Connection raw;
        try {
            raw = raw(connection);
        } catch (IllegalStateException e) {
            return; // a connection that no longer unwraps is closed, which the next acquire sees
        }
        Holding holding = holders.remove(raw);
        if (holding != null && holding.connection == raw) {
            holding.connection = null;
        }
    }

    private static boolean closed(Connection connection) {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
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

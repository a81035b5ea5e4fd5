package cn.certregistry.common;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.Session;
import org.hibernate.SessionFactory;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;

/**
 * The one read path of public reads (searches, records, QR codes, region figures, exports, verification):
 * a read-only Hibernate session over a connection of the read-only datasource (in Kubernetes, the
 * database replicas' service), so that readers never load the primary. Writes, and what a write
 * answers with, go through the primary.
 */
@ApplicationScoped
public class ReadReplica {

    public static final String DATASOURCE = "readonly";

    @Inject
    @DataSource(DATASOURCE)
    AgroalDataSource dataSource;
    @Inject
    SessionFactory sessionFactory;

    /**
     * Turns to the pool's connections, first come first served. The pool itself lets a newcomer take a connection
     * that a waiting request was about to get, so under a crowd some requests starved past the acquisition timeout
     * while others went straight through; in a queue everyone waits about as long, and only a really exhausted
     * server refuses (503 with Retry-After).
     */
    private Semaphore turns;
    private final ThreadLocal<Boolean> holdingATurn = ThreadLocal.withInitial(() -> false);
    private long waitNanos;

    @PostConstruct
    void queue() {
        turns = new Semaphore(dataSource.getConfiguration().connectionPoolConfiguration().maxSize(), true);
        waitNanos = dataSource.getConfiguration().connectionPoolConfiguration().acquisitionTimeout().toNanos();
    }

    /** Runs {@code work} in a read-only session of its own; each statement is its own transaction. */
    public <T> T inSession(Function<Session, T> work) {
        return run(work, false);
    }

    /**
     * Runs {@code work} in a read-only session inside one read-only transaction: all its statements see
     * one snapshot, and the driver can stream a large result through a cursor (a fetch size).
     */
    public <T> T inTransaction(Function<Session, T> work) {
        return run(work, true);
    }

    private <T> T run(Function<Session, T> work, boolean transaction) {
        if (holdingATurn.get()) {
            // refused here, before the pool's own check: under a crowd it would wait for a turn this thread holds
            throw new OneConnectionAtATime.SecondConnectionRefused("read-only");
        }
        if (!takeTurn()) {
            throw new ProblemException(ProblemType.UNAVAILABLE, StorageFailure.NO_CONNECTION_FREE, null);
        }
        holdingATurn.set(true);
        try {
            return read(work, transaction);
        } finally {
            holdingATurn.set(false);
            turns.release();
        }
    }

    private boolean takeTurn() {
        try {
            return turns.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private <T> T read(Function<Session, T> work, boolean transaction) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(!transaction);
            try (Session session = sessionFactory.withOptions().connection(connection).openSession()) {
                session.setDefaultReadOnly(true);
                return work.apply(session);
            } finally {
                if (transaction) {
                    connection.rollback();
                    connection.setAutoCommit(true);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("A read on the read-only datasource failed", e);
        }
    }
}

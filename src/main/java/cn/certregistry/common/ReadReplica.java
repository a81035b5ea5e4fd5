package cn.certregistry.common;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;

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

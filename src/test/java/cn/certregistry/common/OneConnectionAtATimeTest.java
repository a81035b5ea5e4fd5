package cn.certregistry.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A thread that holds a connection of a pool and asks for another is refused at once: under a crowd that wait is a
 * deadlock of the whole pool. Read path and primary alike; a refusal leaves the first connection working.
 */
@QuarkusTest
class OneConnectionAtATimeTest {

    @Inject
    ReadReplica replica;
    @Inject
    @DataSource(ReadReplica.DATASOURCE)
    AgroalDataSource readOnly;
    @Inject
    AgroalDataSource primary;
    @Inject
    EntityManager entityManager;

    @Test
    void aReadInsideAReadIsRefused() {
        var refused = assertThrows(OneConnectionAtATime.SecondConnectionRefused.class,
                () -> replica.inSession(outer -> replica.inSession(inner -> 1)));
        assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
        assertEquals(Integer.valueOf(2), replica.inSession(session -> 2), "the next read is served");
    }

    @Test
    void aSecondConnectionOfEitherPoolIsRefusedWhileTheFirstIsHeld() throws SQLException {
        for (AgroalDataSource pool : new AgroalDataSource[] {readOnly, primary}) {
            try (Connection first = pool.getConnection()) {
                assertThrows(OneConnectionAtATime.SecondConnectionRefused.class, pool::getConnection);
                assertEquals(1, one(first), "the first connection still works");
            }
            try (Connection again = pool.getConnection()) {
                assertEquals(1, one(again), "given back, a connection can be taken again");
            }
        }
    }

    @Test
    void aNewTransactionInsideATransactionIsRefused() {
        Throwable refused = assertThrows(Throwable.class, () -> QuarkusTransaction.requiringNew().run(() -> {
            entityManager.createNativeQuery("select 1").getSingleResult();
            QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("select 2").getSingleResult());
        }));
        assertTrue(causes(refused, OneConnectionAtATime.SecondConnectionRefused.class), String.valueOf(refused));
        assertEquals(3, ((Number) QuarkusTransaction.requiringNew().call(() -> entityManager.createNativeQuery("select 3")
                .getSingleResult())).intValue());
    }

    @Test
    void connectionsGivenBackOnAnotherThreadCountForTheThreadThatTookThem() throws Exception {
        Connection taken = readOnly.getConnection();
        Thread other = new Thread(() -> {
            try {
                taken.close();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        other.start();
        other.join();
        try (Connection next = readOnly.getConnection()) {
            assertEquals(1, one(next));
        }
    }

    /**
     * A connection that breaks while held (the database restarted, a failover) is destroyed by the pool, not given back:
     * the thread that held it gets a new one, of either pool, instead of being refused for the rest of its life.
     */
    @Test
    void aConnectionThatBrokeWhileHeldLeavesNoMark() throws Exception {
        for (AgroalDataSource pool : List.of(primary, readOnly)) {
            Connection broken = pool.getConnection();
            int backend;
            try (Statement statement = broken.createStatement(); var result = statement.executeQuery("select pg_backend_pid()")) {
                result.next();
                backend = result.getInt(1);
            }
            try (Connection owner = cn.certregistry.PostgresTestResource.owner(); Statement kill = owner.createStatement()) {
                kill.execute("select pg_terminate_backend(" + backend + ")");
            }
            assertThrows(SQLException.class, () -> one(broken));
            broken.close();
            for (int i = 0; i < 3; i++) {
                try (Connection next = pool.getConnection()) {
                    assertEquals(1, one(next));
                }
            }
        }
    }

    private static int one(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); var result = statement.executeQuery("select 1")) {
            result.next();
            return result.getInt(1);
        }
    }

    private static boolean causes(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}

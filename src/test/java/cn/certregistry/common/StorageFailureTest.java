package cn.certregistry.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;

import javax.transaction.xa.XAException;

import jakarta.transaction.RollbackException;

import org.junit.jupiter.api.Test;

/** What the database's refusals mean to a caller: a conflict to retry, or a 503 to ask again later, never a 500. */
class StorageFailureTest {

    private static int status(String sqlState) {
        return StorageFailure.problem(new RuntimeException("wrapped", new SQLException("refused", sqlState)), "/x")
                .map(Problem::status).orElse(500);
    }

    @Test
    void eachRefusalHasItsAnswer() {
        assertEquals(409, status("23505"), "a unique key taken by a concurrent request");
        assertEquals(409, status("40001"), "a serialisation failure");
        assertEquals(503, status("57014"), "a statement past its timeout");
        assertEquals(503, status("08006"), "a connection lost");
        assertEquals(503, status("57P01"), "the server shutting down");
        assertEquals(500, status("42P01"), "anything else is a defect, answered as one");
        assertTrue(StorageFailure.problem(new IllegalStateException("no SQL in it"), "/x").isEmpty());
    }

    /**
     * The shape of a commit that met a restarting server (bench/faults.sh): the transaction manager's own
     * exception has no cause; the driver's lost connection is among its suppressed failures.
     */
    @Test
    void aCommitThatLostItsConnectionIsA503() {
        Exception commit = new RollbackException("ARJUNA016053: Could not commit transaction.");
        commit.addSuppressed(new XAException("Error trying to transactionCommit local transaction")
                .initCause(new SQLException("An I/O error occurred while sending to the backend.", "08006")));
        Exception answered = new RuntimeException("Error invoking subclass method", commit);
        assertEquals(503, StorageFailure.problem(answered, "/x").map(Problem::status).orElse(500));

        Exception defect = new RollbackException("Could not commit transaction.");
        defect.addSuppressed(new SQLException("relation does not exist", "42P01"));
        assertTrue(StorageFailure.problem(new RuntimeException(defect), "/x").isEmpty(), "a defect stays a defect");
    }

    /** A key that could not be looked up because the database was away is a 503 to retry, not a 401 to give up on. */
    @Test
    void aKeyTheDatabaseCouldNotCheckIsA503() {
        ProblemMapper mapper = new ProblemMapper();
        RuntimeException away = new io.quarkus.security.AuthenticationFailedException(new RuntimeException("lookup",
                new SQLException("An I/O error occurred while sending to the backend.", "08006")));
        jakarta.ws.rs.core.Response answer = mapper.unauthenticated(away, null);
        assertEquals(503, answer.getStatus());
        assertTrue(answer.getHeaders().containsKey("Retry-After"));
        assertEquals(401, mapper.unauthenticated(new io.quarkus.security.AuthenticationFailedException("unknown key"), null)
                .getStatus());
    }
}

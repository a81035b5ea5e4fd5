package cn.certregistry.common;

import java.sql.SQLException;
import java.util.Optional;

/**
 * What the database's refusals of a write mean to the caller. Two requests that race to create the same
 * row (a certificate number, a holder, an idempotency key) meet the database's unique constraints: the
 * loser gets a conflict to retry or read, never an internal error.
 */
final class StorageFailure {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final String DEADLOCK_DETECTED = "40P01";

    private StorageFailure() {
    }

    static Optional<Problem> problem(Throwable failure, String path) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                switch (sql.getSQLState()) {
                    case UNIQUE_VIOLATION:
                        return Optional.of(Problem.of(ProblemType.CONFLICT, "Another request wrote the same record at the same"
                                + " moment; read it, or retry.", path, null));
                    case SERIALIZATION_FAILURE, DEADLOCK_DETECTED:
                        return Optional.of(Problem.of(ProblemType.CONCURRENT_MODIFICATION, "Another request changed the same"
                                + " record at the same moment; read it again and retry.", path, null));
                    default:
                        return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }
}

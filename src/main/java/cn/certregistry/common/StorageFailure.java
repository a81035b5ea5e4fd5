package cn.certregistry.common;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What the database's refusals of a write mean to the caller. Two requests that race to create the same
 * row (a certificate number, a holder, an idempotency key) meet the database's unique constraints: the
 * loser gets a conflict to retry or read, never an internal error.
 */
final class StorageFailure {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final String SERIALIZATION_FAILURE = "40001";
    private static final String DEADLOCK_DETECTED = "40P01";
    private static final String QUERY_CANCELED = "57014";
    private static final String CONNECTION_EXCEPTION_CLASS = "08";
    private static final String ADMIN_SHUTDOWN = "57P01";
    private static final String CANNOT_CONNECT_NOW = "57P03";
    /** What a caller is told when no database connection freed up in time. */
    static final String NO_CONNECTION_FREE = "The register is answering more requests than it has database connections for;"
            + " try again in a few seconds.";
    /** Agroal's words, lower-cased, for "no connection became free in time". */
    private static final String ACQUISITION_TIMEOUT = "acquisition timeout";

    private StorageFailure() {
    }

    /**
     * A connection lost at COMMIT leaves the outcome unknown to the service, so the caller is not told that
     * nothing changed: an Idempotency-Key makes the retry safe either way.
     */
    private static Problem unreachable(String path) {
        return Problem.of(ProblemType.UNAVAILABLE, "The register's database cannot be reached just now. Try again shortly;"
                + " a write retried with the same Idempotency-Key is carried out at most once.", path, null);
    }

    static Optional<Problem> problem(Throwable failure, String path) {
        if (poolExhausted(failure)) {
            return Optional.of(Problem.of(ProblemType.UNAVAILABLE, NO_CONNECTION_FREE, path, null));
        }
        SQLException sql = firstSqlState(failure, new HashSet<>());
        if (sql == null) {
            return Optional.empty();
        }
        switch (sql.getSQLState()) {
            case UNIQUE_VIOLATION:
                return Optional.of(Problem.of(ProblemType.CONFLICT, "Another request wrote the same record at the same"
                        + " moment; read it, or retry.", path, null));
            case SERIALIZATION_FAILURE, DEADLOCK_DETECTED:
                return Optional.of(Problem.of(ProblemType.CONCURRENT_MODIFICATION, "Another request changed the same"
                        + " record at the same moment; read it again and retry.", path, null));
            case QUERY_CANCELED:
                return Optional.of(Problem.of(ProblemType.UNAVAILABLE, "The register took too long to answer this"
                        + " request; try again shortly, or narrow it.", path, null));
            case ADMIN_SHUTDOWN, CANNOT_CONNECT_NOW:
                return Optional.of(unreachable(path));
            default:
                return sql.getSQLState().startsWith(CONNECTION_EXCEPTION_CLASS) ? Optional.of(unreachable(path))
                        : Optional.empty();
        }
    }

    /**
     * The pool's own refusal when no connection freed up within its acquisition timeout: a crowd, not a fault.
     * The pool gives it no SQL state, only its message.
     */
    private static boolean poolExhausted(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() == null && sql.getMessage() != null
                    && sql.getMessage().toLowerCase(Locale.ROOT).contains(ACQUISITION_TIMEOUT)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first database refusal with a state, along the causes and then the suppressed failures: a transaction
     * manager that cannot commit throws its own exception, with the driver's only among the suppressed.
     */
    private static SQLException firstSqlState(Throwable failure, Set<Throwable> seen) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable cause = failure; cause != null && seen.add(cause); cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return sql;
            }
            chain.add(cause);
        }
        for (Throwable cause : chain) {
            for (Throwable suppressed : cause.getSuppressed()) {
                SQLException sql = firstSqlState(suppressed, seen);
                if (sql != null) {
                    return sql;
                }
            }
        }
        return null;
    }
}

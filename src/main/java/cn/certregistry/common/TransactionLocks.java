package cn.certregistry.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * PostgreSQL's advisory locks held until the transaction ends: how servers take turns at work that one of them at a time
 * does (recording the keys at start, integrating the log, taking a snapshot, a dump or the region figures). Each such
 * work names its own key.
 */
public final class TransactionLocks {

    private TransactionLocks() {
    }

    /** Waits until no other transaction holds the lock, then holds it. */
    public static void take(Connection connection, long key) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_advisory_xact_lock(?)")) {
            lock.setLong(1, key);
            lock.execute();
        }
    }

    /** Holds the lock if no other transaction does, and says so; does not wait. */
    public static boolean tryTake(Connection connection, long key) throws SQLException {
        try (PreparedStatement lock = connection.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            lock.setLong(1, key);
            try (ResultSet result = lock.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }
}

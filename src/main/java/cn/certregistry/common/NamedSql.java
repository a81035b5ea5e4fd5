package cn.certregistry.common;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.postgresql.PGStatement;

/**
 * SQL with {@code :name} parameters run on plain JDBC, read or written. The register's read queries go through this
 * rather than Hibernate's native queries: Hibernate keys its cache of native query plans by a result mapping that
 * changes after the key is stored, so every execution adds an entry under the same hash, and each lookup compared
 * against up to two thousand of them (half the CPU of a search page at a million certificates). Each statement is
 * planned for its own values (see {@link #prepared}). A collection parameter stands for as many values as it holds;
 * text in quotes and {@code ::} casts are left alone.
 */
public final class NamedSql {

    /** The statement with a marker in place of each name, and the names in the order they appear. */
    record Parsed(String sql, List<String> names) {
    }

    private static final char PARAMETER = '\u0000';
    private static final GenerationalCache<String, Parsed> PARSED = GenerationalCache.ofEntries(512);

    private NamedSql() {
    }

    /** Every row of a query, as the driver gives its columns. */
    public static List<Object[]> rows(Connection connection, String sql, Map<String, Object> parameters) throws SQLException {
        try (PreparedStatement statement = prepared(connection, sql, parameters); ResultSet result = statement.executeQuery()) {
            int columns = result.getMetaData().getColumnCount();
            List<Object[]> rows = new ArrayList<>();
            while (result.next()) {
                Object[] row = new Object[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = result.getObject(i + 1);
                }
                rows.add(row);
            }
            return rows;
        }
    }

    /**
     * Every row of a query handed to {@code sink} as it arrives, {@code fetchSize} rows at a time from a cursor: the
     * driver streams only in a transaction (autocommit off), otherwise it reads the whole result first. A sink that
     * throws ends the reading; the caller's rollback then ends the statement on the server.
     */
    public static void each(Connection connection, String sql, Map<String, Object> parameters, int fetchSize,
            java.util.function.Consumer<Object[]> sink) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("A streamed query needs a transaction: with autocommit on the driver reads"
                    + " every row into memory before the first is seen");
        }
        try (PreparedStatement statement = prepared(connection, sql, parameters)) {
            statement.setFetchSize(fetchSize);
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    Object[] row = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = result.getObject(i + 1);
                    }
                    sink.accept(row);
                }
            }
        }
    }

    /** The one number a query answers (a count). */
    public static long single(Connection connection, String sql, Map<String, Object> parameters) throws SQLException {
        try (PreparedStatement statement = prepared(connection, sql, parameters); ResultSet result = statement.executeQuery()) {
            if (!result.next()) {
                throw new SQLException("No row from " + sql);
            }
            return result.getLong(1);
        }
    }

    /** A statement that writes (insert, update, delete): how many rows it wrote. */
    public static int update(Connection connection, String sql, Map<String, Object> parameters) throws SQLException {
        try (PreparedStatement statement = prepared(connection, sql, parameters)) {
            return statement.executeUpdate();
        }
    }

    private static PreparedStatement prepared(Connection connection, String sql, Map<String, Object> parameters)
            throws SQLException {
        Parsed parsed = parse(sql);
        List<Object> values = new ArrayList<>();
        StringBuilder text = new StringBuilder(parsed.sql().length() + 16);
        int name = 0;
        for (int i = 0; i < parsed.sql().length(); i++) {
            char c = parsed.sql().charAt(i);
            if (c != PARAMETER) {
                text.append(c);
                continue;
            }
            String parameter = parsed.names().get(name++);
            if (!parameters.containsKey(parameter)) {
                throw new IllegalArgumentException("No value for :" + parameter);
            }
            Object value = parameters.get(parameter);
            if (value instanceof Collection<?> many) {
                if (many.isEmpty()) {
                    throw new IllegalArgumentException(":" + parameter + " is an empty list");
                }
                text.append("?, ".repeat(many.size()), 0, 3 * many.size() - 2);
                values.addAll(many);
            } else {
                text.append('?');
                values.add(value);
            }
        }
        PreparedStatement statement = connection.prepareStatement(text.toString());
        try {
            // planned for its values every time: a plan made once for any value (the driver's server-side statements
            // after five runs) cannot tell a rare name from a common one, and walked a million rows for a rare one
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
            for (int i = 0; i < values.size(); i++) {
                Object value = values.get(i);
                if (value == null) {
                    statement.setNull(i + 1, Types.NULL);
                } else {
                    statement.setObject(i + 1, value);
                }
            }
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }

    static Parsed parse(String sql) {
        Parsed known = PARSED.get(sql);
        if (known == null) {
            known = parseNow(sql);
            PARSED.put(sql, known);
        }
        return known;
    }

    /** The statement with a NUL where each parameter stands (a list's values are known only when it runs), and the names. */
    private static Parsed parseNow(String sql) {
        StringBuilder marked = new StringBuilder(sql.length());
        List<String> names = new ArrayList<>();
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                marked.append(c);
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                marked.append(c);
            } else if (c == ':' && i + 1 < sql.length() && sql.charAt(i + 1) == ':') {
                marked.append("::");
                i++;
            } else if (c == ':' && i + 1 < sql.length() && Character.isJavaIdentifierStart(sql.charAt(i + 1))) {
                int end = i + 1;
                while (end < sql.length() && Character.isJavaIdentifierPart(sql.charAt(end))) {
                    end++;
                }
                names.add(sql.substring(i + 1, end));
                marked.append(PARAMETER);
                i = end - 1;
            } else {
                marked.append(c);
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("Unclosed quote in " + sql);
        }
        return new Parsed(marked.toString(), List.copyOf(names));
    }
}

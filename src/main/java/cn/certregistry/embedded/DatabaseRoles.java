package cn.certregistry.embedded;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;

/**
 * The three roles of a database this project sets up itself (the embedded one, the tests' servers): the
 * owner runs the migrations; the service writes as {@link #APPLICATION}, which owns nothing and may only
 * append to the history (V10__application_roles.sql grants the rights); public reads run as
 * {@link #READER}, which may only read. Kubernetes sets up the same split with CloudNativePG.
 */
public final class DatabaseRoles {

    public static final String APPLICATION = "registry_app";
    public static final String READER = "registry_reader";
    private static final SecureRandom RANDOM = new SecureRandom();

    private DatabaseRoles() {
    }

    /**
     * Creates the two roles if absent (with new passwords, once per process), and answers the configuration
     * that logs each datasource in as its role and Flyway as the owner.
     */
    public static Map<String, String> configure(String url, String owner, String ownerPassword) {
        String applicationPassword = password();
        String readerPassword = password();
        try (Connection connection = DriverManager.getConnection(url, owner, ownerPassword);
                Statement statement = connection.createStatement()) {
            login(statement, APPLICATION, applicationPassword);
            login(statement, READER, readerPassword);
            // PostgreSQL 17's maintenance role lets the bulk loader analyse the tables it fills
            statement.execute("do $$ begin if exists (select from pg_roles where rolname = 'pg_maintain') then"
                    + " grant pg_maintain to " + APPLICATION + "; end if; end $$");
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the database roles " + APPLICATION + " and " + READER, e);
        }
        // Flyway takes a login of its own only with a password; a server that trusts local logins ignores it
        String flywayPassword = ownerPassword == null || ownerPassword.isEmpty() ? "-" : ownerPassword;
        return Map.of("quarkus.flyway.username", owner, "quarkus.flyway.password", flywayPassword,
                "quarkus.datasource.username", APPLICATION, "quarkus.datasource.password", applicationPassword,
                "registry.database.application-role", APPLICATION,
                "registry.database.reader", READER, "registry.database.reader-password", readerPassword);
    }

    private static void login(Statement statement, String role, String password) throws SQLException {
        statement.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + role + "') then"
                + " create role " + role + "; end if; end $$");
        statement.execute("alter role " + role + " login nosuperuser nocreatedb nocreaterole password '" + password + "'");
    }

    private static String password() {
        byte[] secret = new byte[18];
        RANDOM.nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }
}

package cn.certregistry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import cn.certregistry.embedded.EmbeddedDatabase;

/**
 * A real PostgreSQL for every test: the external server named by REGISTRY_TEST_JDBC_URL (with
 * REGISTRY_TEST_DB_USER and REGISTRY_TEST_DB_PASSWORD) when set, otherwise a throw-away embedded one.
 * The read-only datasource logs in as {@link #READER}, a role that may only read, so a test can tell
 * by revoking its rights which reads it serves.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String READER = "registry_reader";
    private static final String READER_PASSWORD = "test-only-reader";

    @Override
    public Map<String, String> start() {
        String external = System.getenv("REGISTRY_TEST_JDBC_URL");
        Map<String, String> properties = new HashMap<>(external != null && !external.isBlank()
                ? Map.of("quarkus.datasource.jdbc.url", external,
                        "quarkus.datasource.username", System.getenv().getOrDefault("REGISTRY_TEST_DB_USER", "postgres"),
                        "quarkus.datasource.password", System.getenv().getOrDefault("REGISTRY_TEST_DB_PASSWORD", ""))
                : EmbeddedDatabase.datasourceProperties(EmbeddedDatabase.startTemporary()));
        createReader(properties.get("quarkus.datasource.jdbc.url"), properties.get("quarkus.datasource.username"),
                properties.get("quarkus.datasource.password"));
        properties.put("quarkus.datasource.readonly.username", READER);
        properties.put("quarkus.datasource.readonly.password", READER_PASSWORD);
        return properties;
    }

    /**
     * The reader may select every table, those the migrations create later included (default privileges of
     * the role that runs them, the tests' own), and nothing else.
     */
    private static void createReader(String url, String user, String password) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("do $$ begin if not exists (select from pg_roles where rolname = '" + READER + "') then"
                    + " create role " + READER + " login password '" + READER_PASSWORD + "'; end if; end $$");
            statement.execute("grant usage on schema public to " + READER);
            statement.execute("grant select on all tables in schema public to " + READER);
            statement.execute("alter default privileges in schema public grant select on tables to " + READER);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create the role " + READER + " for the read-only datasource", e);
        }
    }

    @Override
    public void stop() {
        // the embedded server stops with the JVM
    }
}

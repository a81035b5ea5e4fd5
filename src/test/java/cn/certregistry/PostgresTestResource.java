package cn.certregistry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import cn.certregistry.embedded.DatabaseRoles;
import cn.certregistry.embedded.EmbeddedDatabase;

/**
 * A real PostgreSQL for every test: the external server named by REGISTRY_TEST_JDBC_URL (with
 * REGISTRY_TEST_DB_USER and REGISTRY_TEST_DB_PASSWORD) when set, otherwise a throw-away embedded one.
 * The service logs in as the roles it has in production ({@link DatabaseRoles}): writes as one that owns
 * nothing, public reads as {@link #READER}, which may only read, so a test can tell by revoking its rights
 * which reads it serves; the migrations run as the server's owner login.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String READER = DatabaseRoles.READER;

    @Override
    public Map<String, String> start() {
        String external = System.getenv("REGISTRY_TEST_JDBC_URL");
        Map<String, String> properties = new HashMap<>(external != null && !external.isBlank()
                ? Map.of("quarkus.datasource.jdbc.url", external,
                        "quarkus.datasource.username", System.getenv().getOrDefault("REGISTRY_TEST_DB_USER", "postgres"),
                        "quarkus.datasource.password", System.getenv().getOrDefault("REGISTRY_TEST_DB_PASSWORD", ""))
                : EmbeddedDatabase.datasourceProperties(EmbeddedDatabase.startTemporary()));
        properties.putAll(DatabaseRoles.configure(properties.get("quarkus.datasource.jdbc.url"),
                properties.get("quarkus.datasource.username"), properties.get("quarkus.datasource.password")));
        return properties;
    }

    /** A connection as the owner of the schema, who runs the migrations. */
    public static Connection owner() throws SQLException {
        Config config = ConfigProvider.getConfig();
        return DriverManager.getConnection(config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.flyway.username", String.class),
                config.getValue("quarkus.flyway.password", String.class));
    }

    @Override
    public void stop() {
        // the embedded server stops with the JVM
    }
}

package cn.certregistry;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import cn.certregistry.embedded.EmbeddedDatabase;

/**
 * A real PostgreSQL for every test: the external server named by REGISTRY_TEST_JDBC_URL (with
 * REGISTRY_TEST_DB_USER and REGISTRY_TEST_DB_PASSWORD) when set, otherwise a throw-away embedded one.
 */
public class PostgresTestResource implements QuarkusTestResourceLifecycleManager {

    public static final String PRIMARY = "cert-registry-primary";
    public static final String READ_ONLY = "cert-registry-readonly";

    @Override
    public Map<String, String> start() {
        String external = System.getenv("REGISTRY_TEST_JDBC_URL");
        if (external != null && !external.isBlank()) {
            return Map.of("quarkus.datasource.jdbc.url", external,
                    "quarkus.datasource.username", System.getenv().getOrDefault("REGISTRY_TEST_DB_USER", "postgres"),
                    "quarkus.datasource.password", System.getenv().getOrDefault("REGISTRY_TEST_DB_PASSWORD", ""));
        }
        // the two datasources reach one server under two names, so a test can tell which one ran a query
        String url = EmbeddedDatabase.startTemporary();
        Map<String, String> properties = new java.util.HashMap<>(EmbeddedDatabase.datasourceProperties(url + "&ApplicationName=" + PRIMARY));
        properties.put("quarkus.datasource.readonly.jdbc.url", url + "&ApplicationName=" + READ_ONLY);
        return properties;
    }

    @Override
    public void stop() {
        // the embedded server stops with the JVM
    }
}

package cn.certregistry.embedded;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.eclipse.microprofile.config.spi.ConfigSource;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * When no datasource URL is configured, starts the embedded PostgreSQL on {@code registry.data-dir} and
 * points the datasource at it; such a register is a local one, so it may generate its own signing key.
 * Runs while the runtime configuration is built, before the datasource, Flyway and Hibernate start;
 * never at build time, and never in tests (they bring their own database through a test resource).
 */
public class EmbeddedDatabaseConfigSourceFactory implements ConfigSourceFactory {

    /** Below application.properties (250), so anything configured there or in the environment wins. */
    private static final int ORDINAL = 200;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        if (ExecutionMode.current() != ExecutionMode.RUNTIME_INIT || context.getProfiles().contains("test")
                || isSet(context.getValue("quarkus.datasource.jdbc.url"))) {
            return List.of();
        }
        ConfigValue dataDir = context.getValue("registry.data-dir");
        Path directory = isSet(dataDir) ? Path.of(dataDir.getValue())
                : Path.of(System.getProperty("user.home"), ".cert-registry");
        String url = EmbeddedDatabase.startPersistent(directory.resolve("postgres"));
        Map<String, String> properties = new HashMap<>(EmbeddedDatabase.datasourceProperties(url));
        properties.putAll(DatabaseRoles.configure(url, EmbeddedDatabase.USER, ""));
        properties.put("registry.signing.generate-key", "true");
        return List.of(new PropertiesConfigSource(properties, "embedded PostgreSQL", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    private static boolean isSet(ConfigValue value) {
        return value != null && value.getValue() != null && !value.getValue().isBlank();
    }
}

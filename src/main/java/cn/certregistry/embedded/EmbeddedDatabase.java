package cn.certregistry.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A real PostgreSQL server run from the binaries shipped in a Maven artifact, so the service and its
 * tests need nothing installed but a JDK. One per JVM.
 */
public final class EmbeddedDatabase {

    /** Survives Quarkus dev-mode restarts (new class loaders), so a restart reuses the running server. */
    static final String RUNNING_URL_PROPERTY = "cert-registry.embedded-database.jdbc-url";
    private static final String DIRECTORY_PROPERTY = "cert-registry.embedded-database.directory";
    public static final String USER = "postgres";
    public static final String DATABASE = "postgres";

    private static EmbeddedPostgres server;

    private EmbeddedDatabase() {
    }

    /** Starts a server on a data directory that persists across restarts (created on first start). */
    public static synchronized String startPersistent(Path dataDirectory) {
        String running = System.getProperty(RUNNING_URL_PROPERTY);
        if (running != null) {
            return running;
        }
        try {
            Files.createDirectories(dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the database directory " + dataDirectory, e);
        }
        // The library's defaults suit throw-away servers: fsync off (-F) and commits acknowledged before they reach
        // the WAL on disk, which a crash of the server loses (bench/faults.sh). A register keeps what it acknowledged.
        String url = start(EmbeddedPostgres.builder().setDataDirectory(dataDirectory).setCleanDataDirectory(false)
                .setServerConfig("fsync", "on").setServerConfig("synchronous_commit", "on"));
        System.setProperty(RUNNING_URL_PROPERTY, url);
        System.setProperty(DIRECTORY_PROPERTY, dataDirectory.toAbsolutePath().toString());
        return url;
    }

    /** Starts a throw-away server in a fresh temporary directory (for tests). */
    public static synchronized String startTemporary() {
        return start(EmbeddedPostgres.builder());
    }

    /** Whether this JVM runs the embedded server (then the register is a local, demo one). */
    public static boolean isRunning() {
        return System.getProperty(RUNNING_URL_PROPERTY) != null;
    }

    /** The data directory of the embedded server this JVM runs, if it runs one. */
    public static Optional<Path> directory() {
        return Optional.ofNullable(System.getProperty(DIRECTORY_PROPERTY)).map(Path::of);
    }

    public static Map<String, String> datasourceProperties(String jdbcUrl) {
        return Map.of("quarkus.datasource.jdbc.url", jdbcUrl,
                "quarkus.datasource.username", USER,
                "quarkus.datasource.password", "");
    }

    private static String start(EmbeddedPostgres.Builder builder) {
        if (server == null) {
            try {
                server = builder
                        .setServerConfig("max_connections", "100")
                        .setServerConfig("shared_buffers", "128MB")
                        // the data is on a local SSD: a random read costs little more than a sequential one, and at the
                        // default of 4 the planner reads all of certificate for a bid file's thousand numbers (160 ms
                        // for 100 000 certificates, against 21 ms through the index)
                        .setServerConfig("random_page_cost", "1.1")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the embedded PostgreSQL server", e);
            }
        }
        // without the user (a user in the URL outranks a datasource's username), so each datasource logs in as configured
        return "jdbc:postgresql://localhost:" + server.getPort() + "/" + DATABASE;
    }
}

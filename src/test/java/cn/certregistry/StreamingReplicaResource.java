package cn.certregistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import cn.certregistry.embedded.DatabaseRoles;

/**
 * A primary and a streaming standby of it, from the embedded PostgreSQL binaries: the service writes to
 * the primary and serves public reads from the standby, as in Kubernetes (the Cluster's -rw and -ro
 * services). The primary commits with {@code synchronous_commit = remote_apply} and the standby is its
 * synchronous standby, as the Cluster is configured. The binaries have no pg_basebackup, so the standby is
 * made from a base backup taken through the low-level API (pg_backup_start, a copy of the data directory,
 * pg_backup_stop's backup label), which is what pg_basebackup -R does, and streams through a slot.
 */
public class StreamingReplicaResource implements QuarkusTestResourceLifecycleManager {

    public static final String STANDBY_NAME = "standby1";
    private static final String PRIMARY_URL = "replica-test.primary-url";
    private static final String STANDBY_URL = "replica-test.standby-url";
    /** Run-time state of the server, not data: what pg_basebackup leaves out. */
    private static final Set<String> NOT_COPIED = Set.of("postmaster.pid", "postmaster.opts", "epg-lock", "backup_label.old");
    private static final Set<String> COPIED_EMPTY = Set.of("pg_wal", "pg_replslot", "pg_stat_tmp", "pg_dynshmem", "pg_notify",
            "pg_serial", "pg_snapshots", "pg_subtrans");

    private Path directory;
    private EmbeddedPostgres primary;
    private EmbeddedPostgres standby;

    @Override
    public int order() {
        return 10;
    }

    @Override
    public Map<String, String> start() {
        try {
            directory = Files.createTempDirectory(Path.of("target"), "streaming-replica-").toAbsolutePath();
            primary = EmbeddedPostgres.builder().setDataDirectory(directory.resolve("primary")).setCleanDataDirectory(true)
                    .setServerConfig("max_connections", "100").setServerConfig("synchronous_commit", "remote_apply")
                    .setPGStartupWait(Duration.ofSeconds(60)).start();
            String primaryUrl = "jdbc:postgresql://localhost:" + primary.getPort() + "/postgres";
            Map<String, String> properties = new HashMap<>(DatabaseRoles.configure(primaryUrl, "postgres", ""));
            Path standbyData = directory.resolve("standby");
            baseBackup(primaryUrl, directory.resolve("primary"), standbyData);
            Files.writeString(standbyData.resolve("standby.signal"), "");
            Files.writeString(standbyData.resolve("postgresql.auto.conf"), "\nprimary_conninfo = 'host=127.0.0.1 port="
                    + primary.getPort() + " user=postgres application_name=" + STANDBY_NAME + "'\nprimary_slot_name = '"
                    + STANDBY_NAME + "'\n", StandardOpenOption.APPEND);
            standby = EmbeddedPostgres.builder().setDataDirectory(standbyData).setCleanDataDirectory(false)
                    .setServerConfig("max_connections", "100").setPGStartupWait(Duration.ofSeconds(60)).start();
            String standbyUrl = "jdbc:postgresql://localhost:" + standby.getPort() + "/postgres";
            try (Connection connection = DriverManager.getConnection(primaryUrl, "postgres", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("alter system set synchronous_standby_names = '" + STANDBY_NAME + "'");
                statement.execute("select pg_reload_conf()");
            }
            awaitSyncState(primaryUrl, "sync");

            properties.put("quarkus.datasource.jdbc.url", primaryUrl);
            properties.put("quarkus.datasource.readonly.jdbc.url", standbyUrl);
            properties.put(PRIMARY_URL, primaryUrl);
            properties.put(STANDBY_URL, standbyUrl);
            return properties;
        } catch (IOException | SQLException e) {
            stop();
            throw new IllegalStateException("Cannot set up a primary with a streaming standby", e);
        }
    }

    /** A superuser connection to the primary. */
    public static Connection primary() throws SQLException {
        return DriverManager.getConnection(ConfigProvider.getConfig().getValue(PRIMARY_URL, String.class), "postgres", "");
    }

    /** A superuser connection to the standby. */
    public static Connection standby() throws SQLException {
        return DriverManager.getConnection(ConfigProvider.getConfig().getValue(STANDBY_URL, String.class), "postgres", "");
    }

    /** Waits (at most 30 s) until the primary reports the standby as streaming with this sync_state. */
    public static void awaitSyncState(String primaryUrl, String state) throws SQLException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection connection = DriverManager.getConnection(primaryUrl, "postgres", "");
                Statement statement = connection.createStatement()) {
            while (true) {
                try (ResultSet row = statement.executeQuery("select sync_state from pg_stat_replication"
                        + " where application_name = '" + STANDBY_NAME + "' and state = 'streaming'")) {
                    if (row.next() && state.equals(row.getString(1))) {
                        return;
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("The standby did not become '" + state + "' within 30 s");
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    public static void awaitSyncState(String state) throws SQLException {
        awaitSyncState(ConfigProvider.getConfig().getValue(PRIMARY_URL, String.class), state);
    }

    /** pg_basebackup's work on one machine: a slot, then a copy of the data directory between backup start and stop. */
    private static void baseBackup(String primaryUrl, Path from, Path to) throws SQLException, IOException {
        try (Connection connection = DriverManager.getConnection(primaryUrl, "postgres", "");
                Statement statement = connection.createStatement()) {
            statement.execute("select pg_create_physical_replication_slot('" + STANDBY_NAME + "', true)");
            statement.execute("select pg_backup_start('" + STANDBY_NAME + "', true)");
            copy(from, to);
            try (ResultSet stop = statement.executeQuery("select labelfile, spcmapfile from pg_backup_stop(false)")) {
                stop.next();
                Files.writeString(to.resolve("backup_label"), stop.getString(1));
                String tablespaces = stop.getString(2);
                if (tablespaces != null && !tablespaces.isEmpty()) {
                    Files.writeString(to.resolve("tablespace_map"), tablespaces);
                }
            }
        }
        Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return dir.equals(from) || !COPIED_EMPTY.contains(from.relativize(dir).toString()) ? FileVisitResult.CONTINUE
                        : FileVisitResult.SKIP_SUBTREE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (!NOT_COPIED.contains(file.getFileName().toString())) {
                    try {
                        Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                    } catch (NoSuchFileException e) {
                        // removed by the running server meanwhile; replaying the WAL from the backup's start recreates what matters
                    }
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        Files.createDirectories(to.resolve("pg_wal/archive_status"));
    }

    @Override
    public void stop() {
        for (EmbeddedPostgres server : new EmbeddedPostgres[] { standby, primary }) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        standby = null;
        primary = null;
        if (directory != null) {
            try (Stream<Path> paths = Files.walk(directory)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            directory = null;
        }
    }
}

package cn.certregistry.common;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The register's own settings (prefix {@code registry}); each is documented in the README. */
@ConfigMapping(prefix = "registry")
public interface RegistryConfig {

    /** Where the embedded PostgreSQL keeps its data, outside the source tree. */
    @WithDefault("${user.home}/.cert-registry")
    String dataDir();

    /** How often the log takes in what waits in its outbox (and signs a checkpoint of it). */
    @WithDefault("PT0.2S")
    java.time.Duration logIntegrateEvery();

    /**
     * A C2SP tlog-policy file naming the log's witnesses (with their submission URLs) and the quorum of cosignatures a
     * checkpoint needs before it is served; unset, the log has no witnesses.
     */
    java.util.Optional<java.nio.file.Path> logWitnessPolicy();

    /** How often the scans counted in memory are written. */
    @WithDefault("PT5S")
    java.time.Duration scanFlushEvery();

    /** Load demo certificates into an empty database. Unset: load them only into the embedded database. */
    Optional<Boolean> demoData();

    /** How many demo certificates to load. */
    @WithDefault("3000")
    int demoDataSize();

    /** Place the demo holders only in districts whose GB/T 2260 code starts with this (e.g. 44 for 广东省). */
    Optional<String> demoDataRegion();

    /** Accepted as an administrator's credential while set: how the first real admin key is made. */
    Optional<String> bootstrapAdminKey();

    /** How long past its due date (12 months after the last one) an annual surveillance audit may run late. */
    @WithDefault("P30D")
    java.time.Period surveillanceGrace();

    /** The address QR codes point to, without a trailing slash (30 characters or fewer keep the symbol small). */
    @WithDefault("http://localhost:8080")
    String publicBaseUrl();

    /** How many exports one server streams at once; more get 429 with Retry-After. */
    @WithDefault("4")
    int exportsAtOnce();

    /** Rows an export's cursor brings from the database per round trip. */
    @WithDefault("2000")
    int exportFetchSize();

    /** Rows a CSV import file may have; a longer file is refused whole (413). */
    @WithDefault("50000")
    int importMaxRows();

    /**
     * How many costly anonymous requests (batch and procurement checks, region pages, search pages past the first
     * 1 000 results) one server runs at once, one per client at most; more wait up to 2 s, then get 429 with
     * Retry-After. Unset: half the processors, at least one.
     */
    Optional<Integer> costlyRequestsAtOnce();

    /** How long a costly request waits for its client's turn and a slot before 429. */
    @WithDefault("PT2S")
    java.time.Duration costlyRequestsWait();

    /** The register's day: statuses and "today" are reckoned in this zone. */
    @WithDefault("Asia/Shanghai")
    ZoneId timeZone();

    /** A fixed "today" instead of the system clock's (the tests set one, so that no run crosses midnight). */
    Optional<LocalDate> today();

    /** The database roles the service logs in as, where they are not the schema's owner (see application.properties). */
    Database database();

    interface Database {

        /** The role the service writes as: the primary datasource's login, which owns nothing. */
        Optional<String> applicationRole();

        /** The role public reads run as, which may only read. */
        Optional<String> reader();

        Optional<String> readerPassword();
    }
}

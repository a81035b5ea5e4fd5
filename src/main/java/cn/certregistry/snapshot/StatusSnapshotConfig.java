package cn.certregistry.snapshot;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The signed status snapshot that offline verifiers read. */
@ConfigMapping(prefix = "registry.status-snapshot")
public interface StatusSnapshotConfig {

    /**
     * How often a new snapshot is taken (by one server, for all): none is served older than twice this. When the log
     * and the day are those of the last, its file is kept and only its note signed again.
     */
    @WithDefault("PT1M")
    Duration refresh();

    /**
     * How long a request waits for a fresh snapshot when the newest is too old to serve (twice the refresh, or an
     * earlier day), before it is told to come back (503 with Retry-After).
     */
    @WithDefault("PT3S")
    Duration waitForFresh();

    /**
     * How old a snapshot may be before the offline verifier stops showing a valid certificate as plainly valid and
     * says in words and colour how old its knowledge is.
     */
    @WithDefault("PT24H")
    Duration offlineOldAfter();
}

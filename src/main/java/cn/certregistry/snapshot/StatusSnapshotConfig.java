package cn.certregistry.snapshot;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The signed status snapshot that offline verifiers read. */
@ConfigMapping(prefix = "registry.status-snapshot")
public interface StatusSnapshotConfig {

    /**
     * The least time between two snapshots. A new one is taken on request once the log has grown or the day has turned,
     * and this long has passed since the last.
     */
    @WithDefault("PT1M")
    Duration refresh();
}

package cn.certregistry.regional;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The regions' figures, counted ahead (regional/RegionFigures). */
@ConfigMapping(prefix = "registry.region-figures")
public interface RegionFiguresConfig {

    /** How often the figures are brought up to date (by one server, for all): a page shows them at most this late. */
    @WithDefault("PT1M")
    Duration refresh();

    /** How long a page waits for the first take of the figures, before it shows the page without them. */
    @WithDefault("PT2S")
    Duration waitForFresh();
}

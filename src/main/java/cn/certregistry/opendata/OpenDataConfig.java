package cn.certregistry.opendata;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The nightly open-data dump. */
@ConfigMapping(prefix = "registry.open-data")
public interface OpenDataConfig {

    /** Whether this server makes the day's dump when it is due (one server at a time does, through a database lock). */
    @WithDefault("true")
    boolean schedule();

    /** How often a server looks whether the day's dump is due and missing. */
    @WithDefault("PT10M")
    java.time.Duration lookEvery();

    /** The hour of the register's day from which that day's dump is due. */
    @WithDefault("2")
    int hour();

    /** How many days' dumps are kept. */
    @WithDefault("3")
    int keep();
}

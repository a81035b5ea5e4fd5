package cn.certregistry.opendata;

import static io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP;

import java.time.ZonedDateTime;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.quarkus.scheduler.Scheduled;

import cn.certregistry.common.RegisterClock;

/**
 * Looks a minute after the start and then every {@code registry.open-data.look-every} (ten minutes) whether the day's dump is due (from {@link OpenDataConfig#hour()} of the register's day)
 * and missing, and makes it; the database lock lets one server make it however many run.
 */
@ApplicationScoped
public class OpenDataSchedule {

    @Inject
    OpenDataConfig config;
    @Inject
    RegisterClock clock;
    @Inject
    OpenDataDumps dumps;

    /** A server started after the hour makes the day's dump a minute later, once the start's own work is done. */
    @Scheduled(identity = "open data", every = "${registry.open-data.look-every}", delayed = "PT1M", concurrentExecution = SKIP)
    void makeWhenDue() {
        if (config.schedule() && ZonedDateTime.now(clock.zone()).getHour() >= config.hour()) {
            dumps.make(clock.today());
        }
    }
}

package cn.certregistry.opendata;

import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.Startup;

import cn.certregistry.common.RegisterClock;

/**
 * Looks a minute after the start and then every ten minutes whether the day's dump is due (from {@link OpenDataConfig#hour()} of the register's day)
 * and missing, and makes it; the database lock lets one server make it however many run.
 */
@ApplicationScoped
@Startup
public class OpenDataSchedule {

    private static final Logger LOG = Logger.getLogger(OpenDataSchedule.class);
    private static final long PERIOD_MINUTES = 10;

    @Inject
    OpenDataConfig config;
    @Inject
    RegisterClock clock;
    @Inject
    OpenDataDumps dumps;
    private ScheduledExecutorService schedule;

    @PostConstruct
    void start() {
        if (!config.schedule()) {
            return;
        }
        schedule = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "open-data");
            thread.setDaemon(true);
            return thread;
        });
        // a server started after the hour makes the day's dump a minute later, once the start's own work is done
        schedule.scheduleWithFixedDelay(this::makeWhenDue, 1, PERIOD_MINUTES, TimeUnit.MINUTES);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }

    private void makeWhenDue() {
        try {
            if (ZonedDateTime.now(clock.zone()).getHour() >= config.hour()) {
                dumps.make(clock.today());
            }
        } catch (Throwable e) {
            // the next look tries again
            LOG.warnf("The open-data dump failed (%s); trying again in %d minutes", e.toString(), PERIOD_MINUTES);
        }
    }
}

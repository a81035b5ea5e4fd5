package cn.certregistry.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.FailedExecution;

/**
 * A run of background work that failed (on the Quarkus scheduler, or on a {@link Ticker}), in one line: each is tried
 * again at its next run, so a database that is away for a minute makes a line a run, not a stack trace (the
 * scheduler's own report is switched off in application.properties).
 */
@ApplicationScoped
public class BackgroundFailures {

    private static final Logger LOG = Logger.getLogger(BackgroundFailures.class);

    void failed(@Observes FailedExecution failed) {
        failed(failed.getExecution().getTrigger().getId(), failed.getException());
    }

    static void failed(String work, Throwable failure) {
        LOG.warnf("%s failed (%s); it is tried again at its next run", work, failure.toString());
    }
}

package cn.certregistry.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.scheduler.FailedExecution;

/**
 * A run of background work that failed (the log's integration, the scan counts, the webhook rounds, the open-data dump),
 * in one line: each is tried again at its next run, so a database that is away for a minute makes a line a run, not a
 * stack trace (the scheduler's own report is switched off in application.properties).
 */
@ApplicationScoped
public class BackgroundFailures {

    private static final Logger LOG = Logger.getLogger(BackgroundFailures.class);

    void failed(@Observes FailedExecution failed) {
        LOG.warnf("%s failed (%s); it is tried again at its next run", failed.getExecution().getTrigger().getId(),
                failed.getException().toString());
    }
}

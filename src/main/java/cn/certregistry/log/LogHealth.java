package cn.certregistry.log;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness says when the log has stopped because the database no longer extends what it signed, or a witness refuses
 * its checkpoints: a register whose database went back in time would otherwise answer from the older state as if it
 * were current.
 */
@Readiness
@ApplicationScoped
public class LogHealth implements HealthCheck {

    @Inject
    LogIntegrator integrator;
    @Inject
    Witnessing witnessing;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder log = HealthCheckResponse.named("transparency log").up();
        integrator.halted().ifPresent(reason -> log.down().withData("stopped", reason));
        witnessing.refusals().forEach((witness, reason) -> log.down().withData("witness " + witness + " refuses", reason));
        return log.build();
    }
}

package cn.certregistry.log;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness says when the log has stopped because the database no longer extends what it signed: a register whose
 * database went back in time would otherwise answer from the older state as if it were current.
 */
@Readiness
@ApplicationScoped
public class LogHealth implements HealthCheck {

    @Inject
    LogIntegrator integrator;

    @Override
    public HealthCheckResponse call() {
        return integrator.halted()
                .map(reason -> HealthCheckResponse.named("transparency log").down().withData("stopped", reason).build())
                .orElseGet(() -> HealthCheckResponse.up("transparency log"));
    }
}

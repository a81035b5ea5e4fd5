package cn.certregistry.common;

import java.time.Clock;
import java.time.LocalDate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Today, in the register's time zone (China Standard Time by default). */
@ApplicationScoped
public class RegisterClock {

    @Inject
    RegistryConfig config;

    public java.time.ZoneId zone() {
        return config.timeZone();
    }

    public LocalDate today() {
        return LocalDate.now(Clock.system(config.timeZone()));
    }
}

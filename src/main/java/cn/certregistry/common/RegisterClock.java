package cn.certregistry.common;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Today, in the register's time zone (China Standard Time by default), or the fixed day of
 * {@code registry.today} when set. Every rule that reckons "today" asks this clock.
 */
@ApplicationScoped
public class RegisterClock {

    @Inject
    RegistryConfig config;

    private ZoneId zone;
    private Optional<LocalDate> fixedToday;

    @PostConstruct
    void readConfig() {
        zone = config.timeZone();
        fixedToday = config.today();
    }

    public ZoneId zone() {
        return zone;
    }

    public LocalDate today() {
        return fixedToday.orElseGet(() -> LocalDate.now(zone));
    }
}

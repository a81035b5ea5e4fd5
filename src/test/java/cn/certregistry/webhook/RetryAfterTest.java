package cn.certregistry.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class RetryAfterTest {

    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");

    @Test
    void secondsAndHttpDatesAreWaitsFromNow() {
        assertEquals(Optional.of(Duration.ofSeconds(120)), RetryAfter.parse("120", NOW));
        assertEquals(Optional.of(Duration.ofSeconds(90)), RetryAfter.parse(" 90 ", NOW));
        assertEquals(Optional.of(Duration.ofMinutes(30)), RetryAfter.parse("Sat, 05 Dec 2026 08:30:00 GMT", NOW));
    }

    @Test
    void aWaitBeyondTheLongestIsTheLongest() {
        assertEquals(Optional.of(RetryAfter.LONGEST), RetryAfter.parse("999999999", NOW));
        assertEquals(Optional.of(RetryAfter.LONGEST), RetryAfter.parse("Fri, 01 Jan 2100 00:00:00 GMT", NOW));
    }

    @Test
    void nothingUsableIsNoWait() {
        for (String value : new String[] {"", "0", "-5", "1.5", "soon", "12345678901", "Sat, 05 Dec 2026 07:00:00 GMT",
                "Sat, 05 Dec 2026 25:00:00 GMT"}) {
            assertEquals(Optional.empty(), RetryAfter.parse(value, NOW), value);
        }
    }
}

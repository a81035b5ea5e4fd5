package cn.certregistry.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.core.MultivaluedHashMap;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Dates and texts of request parameters: bad input is an invalid-parameter problem naming the parameter
 * (an unknown one, unknown-parameter), never another exception; an accepted date is the canonical
 * YYYY-MM-DD text of a day in 1900..9999, and an accepted text is stripped, bounded and free of control characters.
 */
class QueryParametersFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void parseDate(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        LocalDate date;
        try {
            date = QueryParameters.parseDate("on", text);
        } catch (ProblemException e) {
            assertEquals(ProblemType.INVALID_PARAMETER, e.type());
            assertEquals("on", e.parameter());
            return;
        }
        assertEquals(text, date.toString(), "one day, one text");
        assertTrue(date.getYear() >= 1900 && date.getYear() <= 9999);
    }

    @FuzzTest(maxDuration = "2m")
    void parameters(FuzzedDataProvider data) {
        String name = data.pickValue(new String[] {"on", "from", "to", "q"});
        String other = data.consumeBoolean() ? data.consumeString(50) : null;
        MultivaluedHashMap<String, String> values = new MultivaluedHashMap<>();
        int count = data.consumeInt(1, 2);
        for (int i = 0; i < count; i++) {
            values.add(name, data.consumeString(260));
        }
        values.add("to", data.consumeString(20));
        if (other != null) {
            values.add(other, "x");
        }
        Set<String> known = Set.of("on", "from", "to", "q");
        QueryParameters parameters;
        try {
            parameters = QueryParameters.of(values, known);
        } catch (ProblemException e) {
            assertEquals(ProblemType.UNKNOWN_PARAMETER, e.type());
            assertFalse(known.contains(other));
            assertTrue(e.parameter().length() <= 41 && e.parameter().codePoints().noneMatch(Character::isISOControl));
            return;
        }
        try {
            Optional<String> text = parameters.text(name);
            text.ifPresent(t -> {
                assertEquals(t.strip(), t);
                assertFalse(t.isEmpty());
                assertTrue(t.length() <= QueryParameters.MAX_VALUE_LENGTH);
                assertTrue(t.codePoints().noneMatch(Character::isISOControl));
            });
            Optional<LocalDate> from = parameters.date(name);
            assertEquals(text.map(t -> QueryParameters.parseDate(name, t)), from);
            QueryParameters.requireOrdered(name, from, "to", parameters.date("to"));
            from.ifPresent(f -> parameters.date("to").ifPresent(t -> assertFalse(f.isAfter(t))));
        } catch (ProblemException e) {
            assertEquals(ProblemType.INVALID_PARAMETER, e.type());
            assertTrue(e.parameter().equals(name) || e.parameter().equals("to"), e::parameter);
        }
    }
}

package cn.certregistry.common;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;

/**
 * Strict reading of query parameters: every value is checked here, so that bad input becomes a
 * 400 problem naming the parameter, never a conversion error deep in the stack.
 */
public final class QueryParameters {

    public static final int MAX_VALUE_LENGTH = 200;
    /** Exactly four digits of year: the pattern "uuuu" would also read a signed, longer year (+02024-11-15). */
    private static final DateTimeFormatter ISO_DATE = new DateTimeFormatterBuilder().appendValue(ChronoField.YEAR, 4)
            .appendLiteral('-').appendValue(ChronoField.MONTH_OF_YEAR, 2).appendLiteral('-')
            .appendValue(ChronoField.DAY_OF_MONTH, 2).toFormatter().withResolverStyle(ResolverStyle.STRICT);
    private static final LocalDate EARLIEST = LocalDate.of(1900, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(9999, 12, 31);

    private final MultivaluedMap<String, String> values;

    private QueryParameters(MultivaluedMap<String, String> values) {
        this.values = values;
    }

    /** Reads the request's query, refusing parameters the endpoint does not know (a typo must not widen a search). */
    public static QueryParameters of(UriInfo uri, Set<String> known) {
        return of(uri.getQueryParameters(), known);
    }

    /** Reads parameters gathered elsewhere (a web form), with the same checks. */
    public static QueryParameters of(MultivaluedMap<String, String> values, Set<String> known) {
        for (String name : values.keySet()) {
            if (!known.contains(name)) {
                throw new ProblemException(ProblemType.UNKNOWN_PARAMETER,
                        "Unknown query parameter '" + printable(name) + "'. Known parameters: "
                                + String.join(", ", new TreeSet<>(known)) + ".",
                        printable(name));
            }
        }
        return new QueryParameters(values);
    }

    public Optional<String> text(String name) {
        return text(name, MAX_VALUE_LENGTH);
    }

    /** A single, trimmed value without control characters; blank counts as absent. */
    public Optional<String> text(String name, int maxLength) {
        List<String> all = values.get(name);
        if (all == null || all.isEmpty()) {
            return Optional.empty();
        }
        if (all.size() > 1) {
            throw ProblemException.invalidParameter(name, "Give '" + name + "' at most once.");
        }
        String value = all.get(0);
        if (value.length() > maxLength) {
            throw ProblemException.invalidParameter(name,
                    "'" + name + "' is " + value.length() + " characters long; at most " + maxLength + " are accepted.");
        }
        if (value.codePoints().anyMatch(QueryParameters::isControl)) {
            throw ProblemException.invalidParameter(name, "'" + name + "' contains control characters.");
        }
        value = value.strip();
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    public Optional<LocalDate> date(String name) {
        return text(name).map(value -> parseDate(name, value));
    }

    public static LocalDate parseDate(String name, String value) {
        LocalDate date;
        try {
            date = LocalDate.parse(value, ISO_DATE);
        } catch (DateTimeParseException e) {
            throw ProblemException.invalidParameter(name,
                    "'" + name + "' must be a calendar date written YYYY-MM-DD, not '" + value + "'.");
        }
        if (date.isBefore(EARLIEST) || date.isAfter(LATEST)) {
            throw ProblemException.invalidParameter(name, "'" + name + "' must lie between 1900-01-01 and 9999-12-31.");
        }
        return date;
    }

    public <E extends Enum<E>> Optional<E> enumValue(String name, Class<E> type) {
        return text(name).map(value -> {
            String wanted = value.toUpperCase(Locale.ROOT).replace('-', '_');
            return Arrays.stream(type.getEnumConstants())
                    .filter(constant -> constant.name().equals(wanted))
                    .findFirst()
                    .orElseThrow(() -> ProblemException.invalidParameter(name,
                            "'" + name + "' must be one of " + Arrays.stream(type.getEnumConstants()).map(Enum::name)
                                    .collect(Collectors.joining(", ")) + ", not '" + value + "'."));
        });
    }

    public int integer(String name, int defaultValue, int min, int max) {
        return (int) longInteger(name, defaultValue, min, max);
    }

    public long longInteger(String name, long defaultValue, long min, long max) {
        Optional<String> text = text(name, 20);
        if (text.isEmpty()) {
            return defaultValue;
        }
        long value;
        try {
            value = Long.parseLong(text.get());
        } catch (NumberFormatException e) {
            throw ProblemException.invalidParameter(name, "'" + name + "' must be a whole number, not '" + text.get() + "'.");
        }
        if (value < min || value > max) {
            throw ProblemException.invalidParameter(name, "'" + name + "' must be between " + min + " and " + max + ".");
        }
        return value;
    }

    /** A whole number the request must give: left out, it is refused with {@code missing}. */
    public long requiredLongInteger(String name, long min, long max, String missing) {
        if (text(name, 20).isEmpty()) {
            throw ProblemException.invalidParameter(name, missing);
        }
        return longInteger(name, min, min, max);
    }

    /** Rejects from > to for a pair of range parameters. */
    public static void requireOrdered(String fromName, Optional<LocalDate> from, String toName, Optional<LocalDate> to) {
        if (from.isPresent() && to.isPresent() && from.get().isAfter(to.get())) {
            throw ProblemException.invalidParameter(fromName,
                    "'" + fromName + "' (" + from.get() + ") is after '" + toName + "' (" + to.get() + ").");
        }
    }

    private static boolean isControl(int codePoint) {
        return Character.getType(codePoint) == Character.CONTROL || Character.getType(codePoint) == Character.FORMAT;
    }

    private static String printable(String name) {
        String cleaned = name.codePoints().filter(c -> !isControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return cleaned.length() > 40 ? cleaned.substring(0, 40) + "…" : cleaned;
    }
}

package cn.certregistry.common;

import java.math.BigDecimal;
import java.util.regex.Pattern;

/** Checks of fields in request bodies; each failure names the field. */
public final class Fields {

    private Fields() {
    }

    public static <T> T required(ProblemType type, String field, T value) {
        if (value == null || value instanceof String text && text.isBlank()) {
            throw new ProblemException(type, "'" + field + "' is required.", field);
        }
        return value;
    }

    /** A required text, stripped, within a length and free of control characters. */
    public static String text(ProblemType type, String field, String value, int maxLength) {
        String text = required(type, field, value).strip();
        return checked(type, field, text, maxLength);
    }

    /** An optional text: null or blank gives null. */
    public static String optionalText(ProblemType type, String field, String value, int maxLength) {
        return value == null || value.isBlank() ? null : checked(type, field, value.strip(), maxLength);
    }

    public static String matching(ProblemType type, String field, String value, Pattern pattern, String expectation) {
        String text = text(type, field, value, 200);
        if (!pattern.matcher(text).matches()) {
            throw new ProblemException(type, "'" + field + "' must be " + expectation + ".", field);
        }
        return text;
    }

    /**
     * A score or sub-score: at most five digits before the point and two after it, as the register stores
     * them. Checked before any arithmetic, since {@code 1e999999999} is a valid JSON number whose
     * expansion exhausts memory, and {@code 1e-20000000} costs seconds of division.
     */
    public static BigDecimal points(ProblemType type, String field, BigDecimal value) {
        BigDecimal points = required(type, field, value).stripTrailingZeros();
        // in long: for 1E+2147483647 the int difference overflows to a negative number and would pass
        if (points.scale() > 2 || (long) points.precision() - points.scale() > 5) {
            throw new ProblemException(type, "'" + field + "' must be a number of points below 100000 with at most two"
                    + " decimals.", field);
        }
        return points.setScale(2);
    }

    private static String checked(ProblemType type, String field, String text, int maxLength) {
        if (text.length() > maxLength) {
            throw new ProblemException(type, "'" + field + "' has " + text.length() + " characters; at most " + maxLength
                    + " are accepted.", field);
        }
        if (text.codePoints().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw new ProblemException(type, "'" + field + "' contains control characters.", field);
        }
        return text;
    }
}

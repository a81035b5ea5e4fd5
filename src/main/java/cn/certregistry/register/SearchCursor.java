package cn.certregistry.register;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Base64;

import cn.certregistry.common.ProblemException;
import cn.certregistry.common.SqlValues;

/**
 * Where a walk through a search's results stands: the sort key and id of the last certificate sent. The
 * next page is the certificates after it in the search's order, found through the order's index however
 * deep the walk goes. Sent as an opaque {@code after} parameter that holds the order it was made for.
 */
public record SearchCursor(CertificateSearch.Order order, Object key, long id) {

    private static final String VERSION = "1";
    private static final String SEPARATOR = "\n";
    static final int MAX_LENGTH = 400;

    /** The cursor after a row of {@code order}, whose sort key is {@code key} (as the database returned it). */
    static SearchCursor after(CertificateSearch.Order order, Object key, long id) {
        return new SearchCursor(order, switch (order.by()) {
            case ISSUE_DATE, EXPIRY_DATE -> SqlValues.localDate(key);
            default -> key;
        }, id);
    }

    public String encoded() {
        String text = String.join(SEPARATOR, VERSION, order.parameter(), Long.toString(id), keyText());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent, for the order it asks for now; a cursor of another order is refused. */
    public static SearchCursor parse(String encoded, CertificateSearch.Order order) {
        String[] parts = decode(encoded).split(SEPARATOR, 4);
        if (parts.length != 4 || !parts[0].equals(VERSION)) {
            throw invalid();
        }
        if (!parts[1].equals(order.parameter())) {
            throw ProblemException.invalidParameter("after", "This 'after' cursor walks the order '" + parts[1]
                    + "'; ask for the same 'sort' to continue it, or start again without 'after'.");
        }
        try {
            long id = Long.parseLong(parts[2]);
            return new SearchCursor(order, key(order.by(), parts[3]), id);
        } catch (RuntimeException e) {
            throw invalid();
        }
    }

    private static String decode(String encoded) {
        try {
            return new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
    }

    /** The key as the database can compare it: a forged cursor gets no further than a bad one. */
    private static Object key(CertificateSearch.Sort sort, String text) {
        return switch (sort) {
            case ISSUE_DATE, EXPIRY_DATE -> {
                LocalDate day = LocalDate.parse(text);
                if (day.getYear() < 1 || day.getYear() > 9999) {
                    throw invalid();
                }
                yield day;
            }
            case NUMBER, HOLDER_NAME -> {
                if (text.isEmpty() || text.chars().anyMatch(Character::isISOControl)) {
                    throw invalid();
                }
                yield text;
            }
            case SCORE -> {
                BigDecimal score = new BigDecimal(text);
                if (score.abs().compareTo(BigDecimal.TEN) > 0 || score.scale() > 40) {
                    throw invalid();
                }
                yield score;
            }
        };
    }

    private String keyText() {
        return key instanceof BigDecimal decimal ? decimal.toPlainString() : key.toString();
    }

    private static ProblemException invalid() {
        return ProblemException.invalidParameter("after", "'after' must be the cursor a page of this search gave in 'after'.");
    }
}

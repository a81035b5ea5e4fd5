package cn.certregistry.procurement;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cn.certregistry.common.Label;
import cn.certregistry.scheme.Scheme;

/**
 * What a certificate's copy in a bid file states of itself, against what the register says: the grade, the holder and the
 * expiry date, read only where the copy labels them ("等级：四星级", "Holder: …"), never guessed from unlabelled text. A
 * fact is named as differing only when the copy states it once (or always the same way) and plainly: a grade that is no
 * grade of the certificate's scheme, a date that does not read, a name cut by a line break, or a name in another script
 * than the register's is not a difference but a fact the copy does not state clearly.
 */
public final class CopyFacts {

    /** A fact a copy may state that the register also holds. */
    public enum Fact {
        GRADE(new Label("等级", "grade"), "认证等级|证书等级|星级|等级|Grade|Rating"),
        HOLDER_NAME(new Label("持证组织", "holder"), "持证单位|持证组织|持证企业|获证组织|获证单位|证书持有人|Certificate holder|Holder"),
        EXPIRY_DATE(new Label("有效期至", "valid until"), "证书有效期至|有效期至|Valid until|Expiry date|Expires on");

        final Label label;
        final Pattern labelled;

        Fact(Label label, String names) {
            this.label = label;
            // the name starts a line or follows a space or punctuation, so that "原等级" or "Holdername" is not read as it
            this.labelled = Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + names + ")[ \\t]*[：:][ \\t]*([^\\r\\n]*)",
                    Pattern.CASE_INSENSITIVE);
        }
    }

    /** A fact the copy states otherwise than the register, both as written, and the page that states it. */
    public record Difference(Fact fact, Label name, String onCopy, String inRegister, int file, int page) {
    }

    /** Another label on the same line ends a value: "持证单位：某公司 统一社会信用代码：…". */
    private static final Pattern NEXT_FIELD = Pattern.compile("(?:[ \\t\\u3000]{2,}|[ \\t\\u3000]+[^ \\t\\u3000：:]{1,16}[：:])");
    private static final Pattern DATE = Pattern.compile(
            "^(\\d{4})[ \\t]*[-./年][ \\t]*(\\d{1,2})[ \\t]*[-./月][ \\t]*(\\d{1,2})(?![0-9])[ \\t]*日?");
    private static final Pattern HAN = Pattern.compile("\\p{IsHan}");

    private CopyFacts() {
    }

    /**
     * The facts a page's text states of the certificate on it, and how they differ from the register's: its holder's name
     * and expiry date as of the bid date and its grade (with the scheme's grade names).
     */
    static List<Difference> differences(String text, Scheme scheme, String gradeCode, String holderName, LocalDate expiryDate,
            int file, int page) {
        List<Difference> differences = new ArrayList<>();
        stated(text, Fact.GRADE).ifPresent(onCopy -> grade(scheme, gradeCode, onCopy)
                .ifPresent(register -> differences.add(difference(Fact.GRADE, onCopy, register, file, page))));
        stated(text, Fact.HOLDER_NAME).ifPresent(onCopy -> {
            if (holderName != null && holderDiffers(onCopy, holderName)) {
                differences.add(difference(Fact.HOLDER_NAME, onCopy, holderName, file, page));
            }
        });
        stated(text, Fact.EXPIRY_DATE).flatMap(CopyFacts::date).ifPresent(onCopy -> {
            if (expiryDate != null && !onCopy.equals(expiryDate)) {
                differences.add(difference(Fact.EXPIRY_DATE, onCopy.toString(), expiryDate.toString(), file, page));
            }
        });
        return differences;
    }

    private static Difference difference(Fact fact, String onCopy, String inRegister, int file, int page) {
        return new Difference(fact, fact.label, onCopy, inRegister, file, page);
    }

    /** The value of a labelled fact, when the text states it, and states it one way only. */
    static Optional<String> stated(String text, Fact fact) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        Set<String> values = new LinkedHashSet<>();
        Matcher matcher = fact.labelled.matcher(text);
        while (matcher.find()) {
            String value = matcher.group(1);
            Matcher next = NEXT_FIELD.matcher(value);
            if (next.find()) {
                value = value.substring(0, next.start());
            }
            value = value.strip().replaceAll("[。，,;；]+$", "");
            if (value.isEmpty() || value.contains("：") || value.contains(":")) {
                return Optional.empty(); // a label with no plain value after it: nothing is stated clearly
            }
            values.add(value);
        }
        return values.size() == 1 ? Optional.of(values.iterator().next()) : Optional.empty();
    }

    /**
     * The register's grade, named as the copy names grades, when the copy states another grade of the scheme; empty when
     * it states the same grade or something that is no grade of the scheme.
     */
    private static Optional<String> grade(Scheme scheme, String gradeCode, String onCopy) {
        if (scheme == null || gradeCode == null) {
            return Optional.empty();
        }
        Optional<Scheme.Grade> register = scheme.grade(gradeCode);
        String printed = gradeKey(onCopy);
        for (Scheme.Grade grade : scheme.grades()) {
            for (String language : List.of("zh", "en")) {
                if (gradeKey(grade.name().get(language)).equals(printed)) {
                    return grade.code().equals(gradeCode) || register.isEmpty() ? Optional.empty()
                            : Optional.of(register.get().name().get(language));
                }
            }
        }
        return Optional.empty();
    }

    /** A grade's name without what copies vary in: "五星级 (区域卓越)", "五星" and "五 星 级" are one; "Five stars" is "Five-star". */
    private static String gradeKey(String name) {
        String key = name.replaceAll("[(（].*$", "").replaceAll("[^\\p{L}\\p{N}]", "").toLowerCase(Locale.ROOT);
        return key.replaceAll("级$", "").replaceAll("s$", "");
    }

    /**
     * Whether a printed holder differs from the register's: compared without spaces and with one kind of bracket, and only
     * in the register's script (an English rendering of a Chinese name is no difference); a name that is the start of
     * the other may be cut by a line break or followed by a stamp's words, and is no difference either.
     */
    private static boolean holderDiffers(String onCopy, String register) {
        if (HAN.matcher(register).find() != HAN.matcher(onCopy).find()) {
            return false;
        }
        String printed = nameKey(onCopy);
        String registered = nameKey(register);
        return !printed.isEmpty() && !printed.startsWith(registered) && !registered.startsWith(printed);
    }

    private static String nameKey(String name) {
        return name.replaceAll("[\\s\\u3000]", "").replace('（', '(').replace('）', ')').toLowerCase(Locale.ROOT);
    }

    /** A date as copies print it: 2027-03-15, 2027/3/15, 2027.03.15, 2027年3月15日. */
    static Optional<LocalDate> date(String value) {
        Matcher matcher = DATE.matcher(value);
        if (!matcher.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)),
                    Integer.parseInt(matcher.group(3))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The differences of a certificate found in several places, each once. */
    static List<Difference> distinct(List<Difference> differences) {
        Map<String, Difference> byFact = new LinkedHashMap<>();
        differences.forEach(d -> byFact.putIfAbsent(d.fact() + "\u0000" + d.onCopy(), d));
        return List.copyOf(byFact.values());
    }
}

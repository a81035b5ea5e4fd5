package cn.certregistry.verification;

import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

import cn.certregistry.signing.Tokens;
import cn.certregistry.web.Messages;

/** The words the phone page puts beside a verdict, in the page's language. */
final class PhoneAdvice {

    private PhoneAdvice() {
    }

    /**
     * What the phone page says beside the verdict, in the page's language: what to do next, whom to tell, why a code is
     * not genuine, which signed facts differ, and when it was checked, as a person reads a time.
     */
    record Advice(String next, String bodyContact, String reason, String differences,
            String checkedAt, String officialHost) {
    }

    static Advice advice(VerificationService.TokenVerification v, Messages words, String language, String officialHost) {
        var certificate = v.certificate();
        Locale locale = Locale.forLanguageTag(language);
        DateTimeFormatter day = DateTimeFormatter.ofPattern(words.dateFormat(), locale);
        String next = switch (v.verdict()) {
            case VALID -> words.nextValid(certificate.scope(), day.format(certificate.expiryDate()));
            case SUSPENDED, WITHDRAWN, CANCELLED, EXPIRED -> words.nextNotInForce(certificate.status().label().get(language),
                    certificate.status().since() == null ? "?" : day.format(certificate.status().since()));
            case MISMATCH -> words.nextMismatch();
            case ISSUER_NOT_APPROVED -> words.nextIssuerNotApproved(certificate.issuerApproval().onIssueDate().label().get(language),
                    day.format(certificate.issueDate()));
            case NOT_FOUND, NOT_GENUINE -> words.nextReport();
        };
        String contact = certificate == null || certificate.body() == null ? null
                : certificate.body().website() == null ? words.nextBodyName(certificate.body().name())
                : words.nextBodyContact(certificate.body().name(), certificate.body().website());
        Map<String, String> facts = Map.of("creditCode", words.creditCode(), "holderName", words.holder(), "scheme",
                words.scheme(), "grade", words.grade(), "issueDate", words.issueDate(), "expiryDate", words.expiryDate());
        String differences = v.differences() == null ? null : String.join(words.listSeparator(),
                v.differences().stream().map(field -> facts.getOrDefault(field, field)).toList());
        String checkedAt = DateTimeFormatter.ofPattern(words.timeFormat(), locale).format(v.checkedAt());
        return new Advice(next, contact, v.reason() == null ? null : reason(v.reason(), words), differences, checkedAt,
                officialHost);
    }

    /** A failure of a code's signature in the page's words (the JSON answer gives its code). */
    static String reason(String failure, Messages words) {
        return switch (failure) {
            case Tokens.UNSUPPORTED_ALGORITHM -> words.reasonUnsupportedAlgorithm();
            case Tokens.UNKNOWN_KEY -> words.reasonUnknownKey();
            case Tokens.REVOKED_KEY -> words.reasonRevokedKey();
            case Tokens.BAD_SIGNATURE -> words.reasonBadSignature();
            default -> words.reasonMalformed();
        };
    }

    static String tone(Verdict verdict) {
        return verdict.good() ? "good"
                : verdict == Verdict.NOT_GENUINE || verdict == Verdict.NOT_FOUND || verdict == Verdict.MISMATCH
                || verdict == Verdict.ISSUER_NOT_APPROVED ? "bad" : "warn";
    }
}

package cn.certregistry.signing;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The token in a QR code: a {@link CoseSign1} over a CBOR map of claims with small integer keys,
 * written as base32. See
 * docs/token-format.md. Free of framework types: a verifier needs this class, a key ring and nothing else.
 */
public final class Tokens {

    public static final String MALFORMED = CoseSign1.MALFORMED;
    public static final String UNSUPPORTED_ALGORITHM = CoseSign1.UNSUPPORTED_ALGORITHM;
    public static final String UNKNOWN_KEY = CoseSign1.UNKNOWN_KEY;
    public static final String REVOKED_KEY = CoseSign1.REVOKED_KEY;
    public static final String BAD_SIGNATURE = CoseSign1.BAD_SIGNATURE;

    /**
     * Claim keys of the payload map: 1 to 7 in every token, 8 in every token signed since the holder's name is signed,
     * 9 in every token signed since the status snapshot exists.
     */
    static final long NUMBER = 1, CREDIT_CODE = 2, SCHEME = 3, GRADE = 4, ISSUE_DATE = 5, EXPIRY_DATE = 6, ISSUED_AT = 7,
            HOLDER_NAME = 8, STATUS_INDEX = 9;
    /** Scheme codes in the payload: small integers keep the symbol small. */
    static final List<String> SCHEMES = List.of("AFTER_SALES", "AFTER_SALES_COMPLETENESS", "CUSTOMER_SATISFACTION");
    /**
     * Tokens longer than this are not ours: refuse before decoding. The register's longest facts (a 40-character
     * number, a 200-character holder name of 3-byte characters) sign to 1 248 characters; {@link #sign} refuses
     * anything longer than this, so every token it makes verifies.
     */
    public static final int MAX_TOKEN_LENGTH = 1600;

    private Tokens() {
    }

    /** The outcome of checking a token: verified claims and the key that signed them, or the reason it failed. */
    public record Checked(TokenClaims claims, SigningKey key, String failure) {

        public boolean genuine() {
            return failure == null;
        }
    }

    public static String sign(TokenClaims claims, SigningKey key) {
        if (!SCHEMES.contains(claims.scheme())) {
            throw new IllegalArgumentException("Unknown scheme " + claims.scheme());
        }
        if (claims.holderName() == null || claims.holderName().isBlank()) {
            throw new IllegalArgumentException("A new token signs the holder's name");
        }
        if (claims.statusIndex() == null || claims.statusIndex() < 0) {
            throw new IllegalArgumentException("A new token signs the certificate's status index");
        }
        byte[] payload = Cbor.encode(orderedMap(
                NUMBER, claims.number(),
                CREDIT_CODE, claims.creditCode(),
                SCHEME, (long) SCHEMES.indexOf(claims.scheme()) + 1,
                GRADE, claims.grade(),
                ISSUE_DATE, claims.issueDate().toEpochDay(),
                EXPIRY_DATE, claims.expiryDate().toEpochDay(),
                ISSUED_AT, claims.issuedAt(),
                HOLDER_NAME, claims.holderName(),
                STATUS_INDEX, claims.statusIndex()));
        String token = Base32.encode(CoseSign1.sign(payload, key));
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new IllegalArgumentException("The token would have " + token.length() + " characters; verifiers refuse more than "
                    + MAX_TOKEN_LENGTH);
        }
        return token;
    }

    public static Checked verify(String token, KeyRing keys) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            return new Checked(null, null, MALFORMED);
        }
        try {
            CoseSign1.Verified verified = CoseSign1.verify(Base32.decode(token), keys);
            if (!verified.genuine()) {
                return new Checked(null, null, verified.failure());
            }
            return new Checked(claims(Cbor.decode(verified.payload())), verified.key(), null);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException | java.time.DateTimeException e) {
            return new Checked(null, null, MALFORMED);
        }
    }

    private static TokenClaims claims(Object decoded) {
        Map<?, ?> map = (Map<?, ?>) decoded;
        for (long claim = NUMBER; claim <= ISSUED_AT; claim++) {
            if (map.get(claim) == null) {
                throw new IllegalArgumentException(MALFORMED);
            }
        }
        int scheme = ((Long) map.get(SCHEME)).intValue();
        if (scheme < 1 || scheme > SCHEMES.size()) {
            throw new IllegalArgumentException(MALFORMED);
        }
        // claims 8 and 9 are absent from tokens signed before they were introduced; when present they have their types
        Long statusIndex = (Long) map.get(STATUS_INDEX);
        if (statusIndex != null && statusIndex < 0) {
            throw new IllegalArgumentException(MALFORMED);
        }
        return new TokenClaims((String) map.get(NUMBER), (String) map.get(CREDIT_CODE), SCHEMES.get(scheme - 1),
                (String) map.get(GRADE), LocalDate.ofEpochDay((Long) map.get(ISSUE_DATE)),
                LocalDate.ofEpochDay((Long) map.get(EXPIRY_DATE)), (Long) map.get(ISSUED_AT), (String) map.get(HOLDER_NAME),
                statusIndex);
    }

    private static Map<Object, Object> orderedMap(Object... keysAndValues) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}

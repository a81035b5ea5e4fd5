package cn.certregistry.signing;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.charset.StandardCharsets;

/**
 * The token in a QR code: a COSE_Sign1 (RFC 9052, tag 18) with alg EdDSA and the key id in the
 * protected header, over a CBOR map of claims with small integer keys, written as base32. See
 * docs/token-format.md. Free of framework types: a verifier needs this class, a key ring and nothing else.
 */
public final class Tokens {

    public static final String MALFORMED = "malformed token";
    public static final String UNSUPPORTED_ALGORITHM = "unsupported algorithm";
    public static final String UNKNOWN_KEY = "unknown key";
    public static final String REVOKED_KEY = "revoked key";
    public static final String BAD_SIGNATURE = "bad signature";

    static final long COSE_SIGN1_TAG = 18;
    static final long HEADER_ALG = 1;
    static final long HEADER_KID = 4;
    static final long ALG_EDDSA = -8;
    /** Claim keys of the payload map. */
    static final long NUMBER = 1, CREDIT_CODE = 2, SCHEME = 3, GRADE = 4, ISSUE_DATE = 5, EXPIRY_DATE = 6, ISSUED_AT = 7;
    /** Scheme codes in the payload: small integers keep the symbol small. */
    static final List<String> SCHEMES = List.of("AFTER_SALES", "AFTER_SALES_COMPLETENESS", "CUSTOMER_SATISFACTION");
    /** Tokens longer than this are not ours: refuse before decoding. */
    public static final int MAX_TOKEN_LENGTH = 600;

    private Tokens() {
    }

    /** The outcome of checking a token: verified claims and the key that signed them, or the reason it failed. */
    public record Checked(TokenClaims claims, SigningKey key, String failure) {

        public boolean genuine() {
            return failure == null;
        }
    }

    public static String sign(TokenClaims claims, SigningKey key) {
        byte[] protectedHeader = Cbor.encode(orderedMap(HEADER_ALG, ALG_EDDSA, HEADER_KID, key.kid().getBytes(StandardCharsets.UTF_8)));
        byte[] payload = Cbor.encode(orderedMap(
                NUMBER, claims.number(),
                CREDIT_CODE, claims.creditCode(),
                SCHEME, (long) SCHEMES.indexOf(claims.scheme()) + 1,
                GRADE, claims.grade(),
                ISSUE_DATE, claims.issueDate().toEpochDay(),
                EXPIRY_DATE, claims.expiryDate().toEpochDay(),
                ISSUED_AT, claims.issuedAt()));
        if (!SCHEMES.contains(claims.scheme())) {
            throw new IllegalArgumentException("Unknown scheme " + claims.scheme());
        }
        byte[] signature = key.sign(sigStructure(protectedHeader, payload));
        return Base32.encode(Cbor.encode(new Cbor.Tagged(COSE_SIGN1_TAG, List.of(protectedHeader, Map.of(), payload, signature))));
    }

    public static Checked verify(String token, KeyRing keys) {
        if (token.length() > MAX_TOKEN_LENGTH) {
            return failed(MALFORMED);
        }
        try {
            Object decoded = Cbor.decode(Base32.decode(token));
            if (!(decoded instanceof Cbor.Tagged tagged) || tagged.tag() != COSE_SIGN1_TAG
                    || !(tagged.value() instanceof List<?> parts) || parts.size() != 4
                    || !(parts.get(0) instanceof byte[] protectedHeader) || !(parts.get(1) instanceof Map<?, ?>)
                    || !(parts.get(2) instanceof byte[] payload) || !(parts.get(3) instanceof byte[] signature)) {
                return failed(MALFORMED);
            }
            if (!(Cbor.decode(protectedHeader) instanceof Map<?, ?> header) || !(header.get(HEADER_KID) instanceof byte[] kid)) {
                return failed(MALFORMED);
            }
            if (!Long.valueOf(ALG_EDDSA).equals(header.get(HEADER_ALG))) {
                return failed(UNSUPPORTED_ALGORITHM);
            }
            SigningKey key = keys.find(new String(kid, StandardCharsets.UTF_8)).orElse(null);
            if (key == null) {
                return failed(UNKNOWN_KEY);
            }
            if (key.state() == KeyState.REVOKED) {
                return failed(REVOKED_KEY);
            }
            if (!key.verify(sigStructure(protectedHeader, payload), signature)) {
                return failed(BAD_SIGNATURE);
            }
            return new Checked(claims(Cbor.decode(payload)), key, null);
        } catch (IllegalArgumentException | ClassCastException | NullPointerException | java.time.DateTimeException e) {
            return failed(MALFORMED);
        }
    }

    /** The Sig_structure of RFC 9052 §4.4 for COSE_Sign1, with empty external AAD. */
    static byte[] sigStructure(byte[] protectedHeader, byte[] payload) {
        return Cbor.encode(List.of("Signature1", protectedHeader, new byte[0], payload));
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
        return new TokenClaims((String) map.get(NUMBER), (String) map.get(CREDIT_CODE), SCHEMES.get(scheme - 1),
                (String) map.get(GRADE), LocalDate.ofEpochDay((Long) map.get(ISSUE_DATE)),
                LocalDate.ofEpochDay((Long) map.get(EXPIRY_DATE)), (Long) map.get(ISSUED_AT));
    }

    private static Checked failed(String reason) {
        return new Checked(null, null, reason);
    }

    private static Map<Object, Object> orderedMap(Object... keysAndValues) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}

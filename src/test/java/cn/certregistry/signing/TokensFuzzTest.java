package cn.certregistry.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The QR token verifier (base32, COSE_Sign1, the claims map) on untrusted text: it never throws, fails
 * only with its documented reasons, and what it calls genuine is what was signed.
 */
class TokensFuzzTest {

    private static final Set<String> FAILURES = Set.of(Tokens.MALFORMED, Tokens.UNSUPPORTED_ALGORITHM, Tokens.UNKNOWN_KEY,
            Tokens.REVOKED_KEY, Tokens.BAD_SIGNATURE);
    /** The published test keys of docs/token-vectors.json (public halves only). */
    private static final KeyRing VECTOR_KEYS = vectorKeys();
    private static final SigningKey OWN = SigningKey.generate("fz");
    private static final KeyRing OWN_KEYS = new KeyRing(List.of(OWN));

    private static KeyRing vectorKeys() {
        try {
            JsonNode file = new ObjectMapper().readTree(Path.of("docs", "token-vectors.json").toFile());
            List<SigningKey> keys = new ArrayList<>();
            for (JsonNode jwk : file.get("keys")) {
                keys.add(SigningKey.publicOnly(jwk.get("kid").asText(), KeyState.valueOf(jwk.get("state").asText().toUpperCase()),
                        Base64.getUrlDecoder().decode(jwk.get("x").asText())));
            }
            return new KeyRing(keys);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Any text as a scanned token: seeds are the committed vectors. */
    @FuzzTest(maxDuration = "2m")
    void verify(byte[] input) {
        String token = new String(input, StandardCharsets.UTF_8);
        Tokens.Checked checked = Tokens.verify(token, VECTOR_KEYS);
        if (!checked.genuine()) {
            assertTrue(FAILURES.contains(checked.failure()), () -> "undocumented failure: " + checked.failure());
            return;
        }
        assertNotNull(checked.key());
        // what the verifier read is exactly what was signed: the claims re-encode to the signed payload
        byte[] payload = signedPayload(Base32.decode(token));
        assertArrayEquals(payload, payload(checked.claims()));
        assertEquals(checked.claims(), Tokens.verify(token.toLowerCase(Locale.ROOT), VECTOR_KEYS).claims());
    }

    /**
     * Any bytes as the payload of a message genuinely signed with an active key: the claims parser sees
     * every shape a signer could produce. Genuine or malformed, nothing else; genuine claims are complete.
     */
    @FuzzTest(maxDuration = "2m")
    void verifySignedPayload(byte[] payload) {
        String token = Base32.encode(CoseSign1.sign(payload, OWN));
        Tokens.Checked checked = Tokens.verify(token, OWN_KEYS);
        if (token.length() > Tokens.MAX_TOKEN_LENGTH) {
            assertEquals(Tokens.MALFORMED, checked.failure());
            return;
        }
        if (!checked.genuine()) {
            assertEquals(Tokens.MALFORMED, checked.failure());
            return;
        }
        TokenClaims claims = checked.claims();
        assertNotNull(claims.number());
        assertNotNull(claims.creditCode());
        assertTrue(Tokens.SCHEMES.contains(claims.scheme()));
        assertNotNull(claims.grade());
        assertNotNull(claims.issueDate());
        assertNotNull(claims.expiryDate());
        Map<?, ?> map = (Map<?, ?>) Cbor.decode(payload);
        for (long claim = Tokens.NUMBER; claim <= Tokens.ISSUED_AT; claim++) {
            assertNotNull(map.get(claim));
        }
        assertEquals(map.get(Tokens.HOLDER_NAME), claims.holderName());
    }

    /** Claims as the register signs them come back unchanged, and the token is never too long to verify. */
    @FuzzTest(maxDuration = "2m")
    void signThenVerify(FuzzedDataProvider data) {
        TokenClaims claims = new TokenClaims(data.consumeString(60), data.consumeString(24),
                data.pickValue(List.of("AFTER_SALES", "AFTER_SALES_COMPLETENESS", "CUSTOMER_SATISFACTION", "OTHER")),
                data.consumeString(40), day(data), day(data), data.consumeLong(), data.consumeString(260),
                data.consumeBoolean() ? null : data.consumeLong());
        String token;
        try {
            token = Tokens.sign(claims, OWN);
        } catch (IllegalArgumentException e) {
            // the documented refusals: an unknown scheme, no holder name or status index, a token too long to verify
            assertTrue(!Tokens.SCHEMES.contains(claims.scheme()) || claims.holderName().isBlank()
                    || claims.statusIndex() == null || claims.statusIndex() < 0
                    || e.getMessage().contains("verifiers refuse"), e::getMessage);
            return;
        }
        assertTrue(token.length() <= Tokens.MAX_TOKEN_LENGTH);
        Tokens.Checked checked = Tokens.verify(token, OWN_KEYS);
        assertEquals(null, checked.failure());
        assertEquals(claims, checked.claims());
    }

    private static LocalDate day(FuzzedDataProvider data) {
        return LocalDate.ofEpochDay(data.consumeLong(LocalDate.MIN.toEpochDay(), LocalDate.MAX.toEpochDay()));
    }

    private static byte[] signedPayload(byte[] message) {
        return (byte[]) ((List<?>) ((Cbor.Tagged) Cbor.decode(message)).value()).get(2);
    }

    /** The payload as docs/token-format.md lays it out: keys 1 to 7, and 8 when the holder's name is signed. */
    private static byte[] payload(TokenClaims claims) {
        Map<Object, Object> map = new LinkedHashMap<>();
        map.put(Tokens.NUMBER, claims.number());
        map.put(Tokens.CREDIT_CODE, claims.creditCode());
        map.put(Tokens.SCHEME, (long) Tokens.SCHEMES.indexOf(claims.scheme()) + 1);
        map.put(Tokens.GRADE, claims.grade());
        map.put(Tokens.ISSUE_DATE, claims.issueDate().toEpochDay());
        map.put(Tokens.EXPIRY_DATE, claims.expiryDate().toEpochDay());
        map.put(Tokens.ISSUED_AT, claims.issuedAt());
        if (claims.holderName() != null) {
            map.put(Tokens.HOLDER_NAME, claims.holderName());
        }
        return Cbor.encode(map);
    }
}

package cn.certregistry.verification;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import cn.certregistry.signing.Base32;
import cn.certregistry.signing.Cbor;
import cn.certregistry.signing.CoseSign1;
import cn.certregistry.signing.KeyState;
import cn.certregistry.signing.SigningKey;
import cn.certregistry.signing.TokenClaims;
import cn.certregistry.signing.Tokens;

/**
 * Writes docs/token-vectors.json from the test keys in src/test/resources/signing (t1 retired, t0
 * revoked). Run it only to change the format; TokenVectorsTest checks the committed file. Ed25519 is
 * deterministic: the same claims and key give the same token, so vectors that did not change keep their text.
 */
public final class TokenVectorsGenerator {

    static final TokenClaims CLAIMS = new TokenClaims("HXSC-AS-2024-0000001", "91350100M000100Y43", "AFTER_SALES", "FIVE_STAR",
            LocalDate.of(2024, 3, 15), LocalDate.of(2027, 3, 14), 1_710_460_800L, "福州示例家电售后服务有限公司", 1_234L);
    static final String BASE_URL = "HTTPS://CERT.EXAMPLE.CN/V/";

    /**
     * Run from the project directory after {@code ./mvnw -o test-compile}, with the test classpath, e.g.
     * {@code ./mvnw -o -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt} and then
     * {@code java -cp target/test-classes:target/classes:$(cat target/cp.txt) cn.certregistry.verification.TokenVectorsGenerator}.
     */
    public static void main(String[] args) throws Exception {
        SigningKey t1 = key("t1");
        SigningKey t0 = key("t0");
        List<Map<String, Object>> vectors = new ArrayList<>();
        String genuine = Tokens.sign(CLAIMS, t1);
        vectors.add(vector("genuine, signed by the retired key t1", genuine, "genuine"));

        Map<String, Object> oldFormat = vector("genuine, signed by t1 before the holder's name was signed (no claim 8)",
                oldFormatToken(CLAIMS, t1), "genuine");
        oldFormat.put("claims", claims(CLAIMS, 7));
        vectors.add(oldFormat);

        Map<String, Object> beforeStatusIndex = vector("genuine, signed by t1 before the status index was signed (no claim 9)",
                Base32.encode(CoseSign1.sign(Cbor.encode(beforeStatusIndexPayload(CLAIMS)), t1)), "genuine");
        beforeStatusIndex.put("claims", claims(CLAIMS, 8));
        vectors.add(beforeStatusIndex);

        byte[] bytes = Base32.decode(genuine);
        byte[] badSignature = bytes.clone();
        badSignature[bytes.length - 1] ^= 0x01;
        vectors.add(vector("last signature byte flipped", Base32.encode(badSignature), Tokens.BAD_SIGNATURE));

        byte[] altered = bytes.clone();
        int grade = indexOf(bytes, "FIVE_STAR".getBytes());
        altered[grade] = 'T'; // FIVE_STAR -> TIVE_STAR: still well-formed CBOR, no longer what was signed
        vectors.add(vector("one payload byte changed", Base32.encode(altered), Tokens.BAD_SIGNATURE));

        byte[] renamed = bytes.clone();
        int name = indexOf(bytes, "示例".getBytes(StandardCharsets.UTF_8));
        System.arraycopy("假冒".getBytes(StandardCharsets.UTF_8), 0, renamed, name, 6); // same length: only the name changes
        vectors.add(vector("holder name changed (示例 -> 假冒)", Base32.encode(renamed), Tokens.BAD_SIGNATURE));

        vectors.add(vector("signed by the revoked key t0", Tokens.sign(CLAIMS, t0), Tokens.REVOKED_KEY));
        vectors.add(vector("signed by a key the register never published", Tokens.sign(CLAIMS, SigningKey.generate("x9")),
                Tokens.UNKNOWN_KEY));

        Object decoded = Cbor.decode(bytes);
        @SuppressWarnings("unchecked")
        List<Object> parts = new ArrayList<>((List<Object>) ((Cbor.Tagged) decoded).value());
        Map<Object, Object> es256 = new LinkedHashMap<>();
        es256.put(1L, -7L);
        es256.put(4L, "t1".getBytes());
        parts.set(0, Cbor.encode(es256));
        vectors.add(vector("protected header names ES256 instead of EdDSA", Base32.encode(Cbor.encode(new Cbor.Tagged(18, parts))),
                Tokens.UNSUPPORTED_ALGORITHM));
        vectors.add(vector("not base32", "HXSC-AS-2024-0000001", Tokens.MALFORMED));

        Map<Object, Object> numericName = payload(CLAIMS);
        numericName.put(8L, 12345L);
        vectors.add(vector("signed by t1, but claim 8 is an integer, not text", Base32.encode(CoseSign1.sign(Cbor.encode(numericName), t1)),
                Tokens.MALFORMED));
        Map<Object, Object> textIndex = payload(CLAIMS);
        textIndex.put(9L, "1234");
        vectors.add(vector("signed by t1, but claim 9 is text, not an unsigned integer",
                Base32.encode(CoseSign1.sign(Cbor.encode(textIndex), t1)), Tokens.MALFORMED));

        Map<String, Object> file = new LinkedHashMap<>();
        file.put("description", "Test vectors for cert-registry QR tokens; see docs/token-format.md. Keys are test keys only.");
        file.put("keys", List.of(jwk(t1, "retired"), jwk(t0, "revoked")));
        file.put("claims", claims(CLAIMS, 9));
        file.put("vectors", vectors);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(Path.of("docs/token-vectors.json").toFile(), file);
    }

    /** The claims map as the register writes it (keys 1 to 9 in order): built here by hand, not by Tokens. */
    static Map<Object, Object> payload(TokenClaims claims) {
        Map<Object, Object> payload = beforeStatusIndexPayload(claims);
        payload.put(9L, claims.statusIndex());
        return payload;
    }

    /** The claims map of a token signed before the status index was: keys 1 to 8. */
    static Map<Object, Object> beforeStatusIndexPayload(TokenClaims claims) {
        Map<Object, Object> payload = oldFormatPayload(claims);
        payload.put(8L, claims.holderName());
        return payload;
    }

    /** The claims map of a token signed before the holder's name was: keys 1 to 7 only. */
    static Map<Object, Object> oldFormatPayload(TokenClaims claims) {
        Map<Object, Object> payload = new LinkedHashMap<>();
        payload.put(1L, claims.number());
        payload.put(2L, claims.creditCode());
        payload.put(3L, 1L); // AFTER_SALES
        payload.put(4L, claims.grade());
        payload.put(5L, claims.issueDate().toEpochDay());
        payload.put(6L, claims.expiryDate().toEpochDay());
        payload.put(7L, claims.issuedAt());
        return payload;
    }

    /** A token as the register signed them before claim 8: what is printed on packaging from that time. */
    static String oldFormatToken(TokenClaims claims, SigningKey key) {
        return Base32.encode(CoseSign1.sign(Cbor.encode(oldFormatPayload(claims)), key));
    }

    private static Map<String, Object> claims(TokenClaims signed, int lastClaim) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("number", signed.number());
        claims.put("creditCode", signed.creditCode());
        claims.put("scheme", signed.scheme());
        claims.put("grade", signed.grade());
        claims.put("issueDate", signed.issueDate().toString());
        claims.put("expiryDate", signed.expiryDate().toString());
        claims.put("issuedAt", signed.issuedAt());
        if (lastClaim >= 8) {
            claims.put("holderName", signed.holderName());
        }
        if (lastClaim >= 9) {
            claims.put("statusIndex", signed.statusIndex());
        }
        return claims;
    }

    public static SigningKey key(String kid) throws Exception {
        return SigningKey.fromPem(kid, KeyState.ACTIVE, Files.readString(Path.of("src/test/resources/signing/" + kid + ".pem")));
    }

    private static Map<String, Object> vector(String name, String token, String expected) {
        Map<String, Object> vector = new LinkedHashMap<>();
        vector.put("name", name);
        vector.put("token", token);
        vector.put("url", BASE_URL + token);
        vector.put("expected", expected);
        return vector;
    }

    private static Map<String, Object> jwk(SigningKey key, String state) {
        Map<String, Object> jwk = new LinkedHashMap<>();
        jwk.put("kty", "OKP");
        jwk.put("crv", "Ed25519");
        jwk.put("kid", key.kid());
        jwk.put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(key.publicKeyBytes()));
        jwk.put("state", state);
        return jwk;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalStateException("not found");
    }
}

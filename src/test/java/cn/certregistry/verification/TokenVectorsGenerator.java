package cn.certregistry.verification;

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
import cn.certregistry.signing.KeyState;
import cn.certregistry.signing.SigningKey;
import cn.certregistry.signing.TokenClaims;
import cn.certregistry.signing.Tokens;

/**
 * Writes docs/token-vectors.json from the test keys in src/test/resources/signing (t1 retired, t0
 * revoked). Run it only to change the format; TokenVectorsTest checks the committed file.
 */
public final class TokenVectorsGenerator {

    static final TokenClaims CLAIMS = new TokenClaims("HXSC-AS-2024-0000001", "91350100M000100Y43", "AFTER_SALES", "FIVE_STAR",
            LocalDate.of(2024, 3, 15), LocalDate.of(2027, 3, 14), 1_710_460_800L);
    static final String BASE_URL = "HTTPS://CERT.EXAMPLE.CN/V/";

    public static void main(String[] args) throws Exception {
        SigningKey t1 = key("t1");
        SigningKey t0 = key("t0");
        List<Map<String, Object>> vectors = new ArrayList<>();
        String genuine = Tokens.sign(CLAIMS, t1);
        vectors.add(vector("genuine, signed by the retired key t1", genuine, "genuine"));

        byte[] bytes = Base32.decode(genuine);
        byte[] badSignature = bytes.clone();
        badSignature[bytes.length - 1] ^= 0x01;
        vectors.add(vector("last signature byte flipped", Base32.encode(badSignature), Tokens.BAD_SIGNATURE));

        byte[] altered = bytes.clone();
        int grade = indexOf(bytes, "FIVE_STAR".getBytes());
        altered[grade] = 'T'; // FIVE_STAR -> TIVE_STAR: still well-formed CBOR, no longer what was signed
        vectors.add(vector("one payload byte changed", Base32.encode(altered), Tokens.BAD_SIGNATURE));

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

        Map<String, Object> file = new LinkedHashMap<>();
        file.put("description", "Test vectors for cert-registry QR tokens; see docs/token-format.md. Keys are test keys only.");
        file.put("keys", List.of(jwk(t1, "retired"), jwk(t0, "revoked")));
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("number", CLAIMS.number());
        claims.put("creditCode", CLAIMS.creditCode());
        claims.put("scheme", CLAIMS.scheme());
        claims.put("grade", CLAIMS.grade());
        claims.put("issueDate", CLAIMS.issueDate().toString());
        claims.put("expiryDate", CLAIMS.expiryDate().toString());
        claims.put("issuedAt", CLAIMS.issuedAt());
        file.put("claims", claims);
        file.put("vectors", vectors);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(Path.of("docs/token-vectors.json").toFile(), file);
    }

    static SigningKey key(String kid) throws Exception {
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

package cn.certregistry.verification;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

import org.apache.commons.codec.binary.Base32;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORParser;

import cn.certregistry.signing.KeyRing;
import cn.certregistry.signing.KeyState;
import cn.certregistry.signing.SigningKey;
import cn.certregistry.signing.Tokens;

/**
 * The committed vectors (docs/token-vectors.json) checked twice: by the register's own code, and by a
 * second implementation built only from other libraries (commons-codec base32, Jackson CBOR, the JDK's
 * Ed25519), as a third party following docs/token-format.md would write it.
 */
class TokenVectorsTest {

    private static final JsonNode FILE = read();
    private static final CBORFactory CBOR = new CBORFactory();

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(Path.of("docs", "token-vectors.json").toFile());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theRegistersOwnCodeGivesTheExpectedResults() {
        List<SigningKey> keys = new ArrayList<>();
        for (JsonNode jwk : FILE.get("keys")) {
            keys.add(SigningKey.publicOnly(jwk.get("kid").asText(), KeyState.valueOf(jwk.get("state").asText().toUpperCase()),
                    Base64.getUrlDecoder().decode(jwk.get("x").asText())));
        }
        KeyRing ring = new KeyRing(keys);
        for (JsonNode vector : FILE.get("vectors")) {
            Tokens.Checked checked = Tokens.verify(vector.get("token").asText(), ring);
            assertEquals(vector.get("expected").asText(), checked.genuine() ? "genuine" : checked.failure(),
                    vector.get("name").asText());
            if (checked.genuine()) {
                JsonNode expected = vector.has("claims") ? vector.get("claims") : FILE.get("claims");
                assertEquals(expected.get("number").asText(), checked.claims().number(), vector.get("name").asText());
                assertEquals(expected.has("holderName") ? expected.get("holderName").asText() : null, checked.claims().holderName(),
                        vector.get("name").asText());
                assertEquals(expected.has("statusIndex") ? expected.get("statusIndex").asLong() : null, checked.claims().statusIndex(),
                        vector.get("name").asText());
            }
        }
    }

    @Test
    void signingIsDeterministic() throws Exception {
        String genuine = FILE.get("vectors").get(0).get("token").asText();
        assertEquals(genuine, Tokens.sign(TokenVectorsGenerator.CLAIMS, TokenVectorsGenerator.key("t1")));
    }

    @Test
    void theOldFormatVectorIsTheTokenSignedBeforeClaim8() throws Exception {
        JsonNode old = oldFormatVector();
        assertEquals(old.get("token").asText(), TokenVectorsGenerator.oldFormatToken(TokenVectorsGenerator.CLAIMS, TokenVectorsGenerator.key("t1")));
        assertFalse(old.get("claims").has("holderName"));
        // the text committed before the holder's name was signed: a code printed then still verifies
        assertEquals("2KCEPIQBE4CEE5BRUBMENJYBOREFQU2DFVAVGLJSGAZDILJQGAYDAMBQGEBHEOJRGM2TAMJQGBGTAMBQGEYDAWJUGMBQCBDJIZEVMRK7"
                + "KNKECUQFDFGVKBQZKGNQOGTF6OHYAWCA6Q2EZCI3MURIUWQDGFCEQUTZN5ZSCYOJHVZIWST6C6IDVAOP462L5RFO5Z2KLNRM3HPOI2DZRPIO4XLD"
                + "ET27IYY3P5GEONO5BA2P6CI", old.get("token").asText());
    }

    private static JsonNode oldFormatVector() {
        for (JsonNode vector : FILE.get("vectors")) {
            if (vector.has("claims")) {
                return vector;
            }
        }
        throw new AssertionError("no vector without claim 8");
    }

    @Test
    void anIndependentVerifierAgreesOnEveryVector() throws Exception {
        for (JsonNode vector : FILE.get("vectors")) {
            assertEquals(vector.get("expected").asText(), independentVerdict(vector.get("token").asText()), vector.get("name").asText());
        }
    }

    @Test
    void anIndependentDecoderReadsTheSignedClaims() throws Exception {
        byte[] token = new Base32().decode(FILE.get("vectors").get(0).get("token").asText());
        JsonNode sign1 = new ObjectMapper(CBOR).readTree(token);
        JsonNode claims = new ObjectMapper(CBOR).readTree(sign1.get(2).binaryValue());
        JsonNode expected = FILE.get("claims");
        assertEquals(expected.get("number").asText(), claims.get("1").asText());
        assertEquals(expected.get("creditCode").asText(), claims.get("2").asText());
        assertEquals(1, claims.get("3").asInt()); // AFTER_SALES
        assertEquals(expected.get("grade").asText(), claims.get("4").asText());
        assertEquals(expected.get("issueDate").asText(), java.time.LocalDate.ofEpochDay(claims.get("5").asLong()).toString());
        assertEquals(expected.get("expiryDate").asText(), java.time.LocalDate.ofEpochDay(claims.get("6").asLong()).toString());
        assertEquals(expected.get("issuedAt").asLong(), claims.get("7").asLong());
        assertEquals(expected.get("holderName").asText(), claims.get("8").asText());
        assertEquals(expected.get("statusIndex").asLong(), claims.get("9").asLong());
        assertEquals(9, claims.size());

        JsonNode old = oldFormatVector();
        JsonNode oldClaims = new ObjectMapper(CBOR).readTree(new ObjectMapper(CBOR).readTree(new Base32().decode(old.get("token").asText()))
                .get(2).binaryValue());
        assertEquals(7, oldClaims.size());
        assertFalse(oldClaims.has("8"));
        assertEquals(old.get("claims").get("number").asText(), oldClaims.get("1").asText());
        assertEquals(old.get("claims").get("issuedAt").asLong(), oldClaims.get("7").asLong());
    }

    /** Written from docs/token-format.md alone. */
    private static String independentVerdict(String text) throws Exception {
        Base32 base32 = new Base32();
        if (!text.matches("[A-Z2-7]+") || !base32.isInAlphabet(text)) {
            return "malformed token";
        }
        byte[] bytes = base32.decode(text);
        try (CBORParser parser = CBOR.createParser(bytes)) {
            parser.nextToken();
            if (parser.getCurrentTag() != 18) {
                return "malformed token";
            }
        }
        JsonNode sign1 = new ObjectMapper(CBOR).readTree(bytes);
        byte[] protectedHeader = sign1.get(0).binaryValue();
        byte[] payload = sign1.get(2).binaryValue();
        byte[] signature = sign1.get(3).binaryValue();
        JsonNode header = new ObjectMapper(CBOR).readTree(protectedHeader);
        if (header.get("1").asInt() != -8) {
            return "unsupported algorithm";
        }
        String kid = new String(header.get("4").binaryValue(), java.nio.charset.StandardCharsets.UTF_8);
        JsonNode jwk = null;
        for (JsonNode candidate : FILE.get("keys")) {
            if (candidate.get("kid").asText().equals(kid)) {
                jwk = candidate;
            }
        }
        if (jwk == null) {
            return "unknown key";
        }
        if (jwk.get("state").asText().equals("revoked")) {
            return "revoked key";
        }
        ByteArrayOutputStream sigStructure = new ByteArrayOutputStream();
        try (CBORGenerator generator = CBOR.createGenerator(sigStructure)) {
            generator.writeStartArray(null, 4);
            generator.writeString("Signature1");
            generator.writeBinary(protectedHeader);
            generator.writeBinary(new byte[0]);
            generator.writeBinary(payload);
            generator.writeEndArray();
        }
        byte[] x509 = HexFormat.of().parseHex("302a300506032b6570032100");
        byte[] raw = Base64.getUrlDecoder().decode(jwk.get("x").asText());
        byte[] encoded = new byte[x509.length + raw.length];
        System.arraycopy(x509, 0, encoded, 0, x509.length);
        System.arraycopy(raw, 0, encoded, x509.length, raw.length);
        PublicKey publicKey = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
        Signature verifier = Signature.getInstance("Ed25519");
        verifier.initVerify(publicKey);
        verifier.update(sigStructure.toByteArray());
        if (!verifier.verify(signature)) {
            return "bad signature";
        }
        // the claims: 1 to 7 required, 8 (the holder's name) and 9 (the status index) optional, each of its type
        JsonNode claims = new ObjectMapper(CBOR).readTree(payload);
        if (!claims.isObject()) {
            return "malformed token";
        }
        for (String key : List.of("1", "2", "4")) {
            if (!claims.path(key).isTextual()) {
                return "malformed token";
            }
        }
        for (String key : List.of("3", "5", "6", "7")) {
            if (!claims.path(key).isIntegralNumber() || claims.get(key).asLong() < 0) {
                return "malformed token";
            }
        }
        if (claims.get("3").asLong() < 1 || claims.get("3").asLong() > 3) {
            return "malformed token";
        }
        if (claims.has("8") && !claims.get("8").isTextual()) {
            return "malformed token";
        }
        if (claims.has("9") && (!claims.get("9").isIntegralNumber() || claims.get("9").asLong() < 0)) {
            return "malformed token";
        }
        return "genuine";
    }

    @Test
    void theGenuineVectorFitsAVersion11SymbolAtLevelM() {
        // with a 14-character holder name; before claim 8 the same certificate fitted version 10
        String url = FILE.get("vectors").get(0).get("url").asText();
        assertTrue(url.length() <= 366, "alphanumeric capacity of version 11-M is 366 characters: " + url.length());
        String old = oldFormatVector().get("url").asText();
        assertTrue(old.length() <= 311, "alphanumeric capacity of version 10-M is 311 characters: " + old.length());
    }
}

package cn.certregistry;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Signed notes (C2SP signed-note) read and checked with the JDK's own Ed25519, not the register's code: a note's text
 * and its one signature line, and the published verifier key it names.
 */
public final class SignedNotes {

    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), before the key's 32 bytes. */
    private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");

    public record Note(String text, String keyName, byte[] keyId, byte[] signature) {

        /** The value of the text's line {@code <name> <value>}. */
        public String fact(String name) {
            return text.lines().filter(line -> line.startsWith(name + " ")).map(line -> line.substring(name.length() + 1))
                    .findFirst().orElseThrow(() -> new AssertionError("no '" + name + "' in " + text));
        }

        public Note withText(String changed) {
            return new Note(changed, keyName, keyId, signature);
        }
    }

    private SignedNotes() {
    }

    /** A note's text and its one signature line, {@code — <name> base64(keyID ‖ signature)}, signed under its first line. */
    public static Note parse(String signed) {
        int blank = signed.indexOf("\n\n");
        assertTrue(blank > 0, signed);
        String text = signed.substring(0, blank + 1);
        String line = signed.substring(blank + 2).strip();
        assertTrue(line.startsWith("— "), line);
        String[] parts = line.substring(2).split(" ");
        byte[] decoded = Base64.getDecoder().decode(parts[1]);
        assertEquals(68, decoded.length, "a 4-byte key ID and a 64-byte Ed25519 signature");
        assertEquals(text.lines().findFirst().orElseThrow(), parts[0], "signed under the note's own name");
        return new Note(text, parts[0], Arrays.copyOf(decoded, 4), Arrays.copyOfRange(decoded, 4, 68));
    }

    /** The verifier key the note names among those published at {@code path}, {@code <name>+<hex key ID>+<base64(0x01 ‖ key)>}. */
    public static PublicKey publishedKey(Note note, String path) throws Exception {
        String published = given().get(path).then().statusCode(200).extract().asString();
        String wanted = note.keyName() + "+" + HexFormat.of().formatHex(note.keyId()) + "+";
        String verifier = published.lines().filter(line -> line.startsWith(wanted)).findFirst()
                .orElseThrow(() -> new AssertionError(wanted + " is not among " + published));
        byte[] typed = Base64.getDecoder().decode(verifier.substring(wanted.length()));
        assertEquals(1, typed[0], "Ed25519");
        byte[] spki = Arrays.copyOf(ED25519_SPKI, ED25519_SPKI.length + 32);
        System.arraycopy(typed, 1, spki, ED25519_SPKI.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    public static boolean verifies(PublicKey key, Note note) throws Exception {
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(key);
        ed25519.update(note.text().getBytes(StandardCharsets.UTF_8));
        return ed25519.verify(note.signature());
    }
}

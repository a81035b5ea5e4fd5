package cn.certregistry.log;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;

import cn.certregistry.log.VerificationException.Reason;

class SignedNoteTest {

    // The signer and note of golang.org/x/mod/sumdb/note's tests: the private key is 0x01 ‖ Ed25519 seed.
    private static final Ed25519PrivateKeyParameters PETER = new Ed25519PrivateKeyParameters(
            Arrays.copyOfRange(Base64.getDecoder().decode("AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"), 1, 33), 0);
    private static final String PETER_KEY = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
    private static final String TEXT = "If you think cryptography is the answer to your problem,\n"
            + "then you don't know what your problem is.\n";
    private static final String PETER_SIG = "— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n";
    private static final String ENOCH_SIG = "— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n";

    private static final String NAME = "certregistry.example/log";
    private static final Ed25519PrivateKeyParameters KEY = new Ed25519PrivateKeyParameters(new SecureRandom());
    private static final String VKEY = SignedNote.verifierKey(NAME, KEY.generatePublicKey());

    @Test
    void theNoteOfGosTests() {
        assertEquals(PETER_KEY, SignedNote.verifierKey("PeterNeumann", PETER.generatePublicKey()));
        String note = SignedNote.sign(TEXT, "PeterNeumann", PETER);
        assertEquals(TEXT + "\n" + PETER_SIG, note);
        assertEquals(TEXT, SignedNote.open(note, PETER_KEY));
        // a cosignature by a key we do not know is ignored, before or after ours
        assertEquals(TEXT, SignedNote.open(TEXT + "\n" + ENOCH_SIG + PETER_SIG, PETER_KEY));
        assertEquals(TEXT, SignedNote.open(TEXT + "\n" + PETER_SIG + ENOCH_SIG, PETER_KEY));
        assertReason(Reason.UNKNOWN_KEY, () -> SignedNote.open(TEXT + "\n" + ENOCH_SIG, PETER_KEY));
    }

    @Test
    void aCheckpointSignedAndOpened() {
        Checkpoint checkpoint = new Checkpoint(NAME, 1234, Merkle.leafHash(new byte[] {1}));
        String note = SignedNote.sign(checkpoint.body(), NAME, KEY);
        assertTrue(note.startsWith(checkpoint.body() + "\n— " + NAME + " "), note);
        assertTrue(VKEY.matches("certregistry\\.example/log\\+[0-9a-f]{8}\\+[A-Za-z0-9+/]{44}"), VKEY);
        assertEquals(checkpoint, Checkpoint.parse(SignedNote.open(note, VKEY)));
        // a text with empty lines of its own: the signatures follow the last one
        String poem = "a\n\nb\n\n";
        assertEquals(poem, SignedNote.open(SignedNote.sign(poem, NAME, KEY), VKEY));
        String chinese = "中国认证注册\n𠀋\n";
        assertEquals(chinese, SignedNote.open(SignedNote.sign(chinese, NAME, KEY), VKEY));
    }

    @Test
    void aTamperedNoteDoesNotOpen() {
        String note = SignedNote.sign(new Checkpoint(NAME, 10, new byte[32]).body(), NAME, KEY);
        VerificationException body = assertReason(Reason.BAD_SIGNATURE, () -> SignedNote.open(note.replace("\n10\n", "\n11\n"), VKEY));
        assertTrue(body.getMessage().contains(NAME), body.getMessage());

        String line = note.substring(note.lastIndexOf("— "));
        byte[] signature = Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1, line.length() - 1));
        for (int bit : new int[] {40, 300, 8 * 67 + 7}) {
            byte[] changed = signature.clone();
            changed[bit / 8] ^= (byte) (1 << (bit % 8));
            String tampered = note.replace(Base64.getEncoder().encodeToString(signature), Base64.getEncoder().encodeToString(changed));
            assertNotEquals(note, tampered);
            assertReason(Reason.BAD_SIGNATURE, () -> SignedNote.open(tampered, VKEY));
        }
        // a short signature with our key ID
        String shortSig = note.replace(Base64.getEncoder().encodeToString(signature),
                Base64.getEncoder().encodeToString(Arrays.copyOf(signature, 20)));
        assertReason(Reason.BAD_SIGNATURE, () -> SignedNote.open(shortSig, VKEY));
        // a bad line by our key spoils the note even beside a good one
        byte[] flipped = signature.clone();
        flipped[10] ^= 1;
        String badLine = "— " + NAME + " " + Base64.getEncoder().encodeToString(flipped) + "\n";
        assertReason(Reason.BAD_SIGNATURE, () -> SignedNote.open(note + badLine, VKEY));
        assertReason(Reason.BAD_SIGNATURE, () -> SignedNote.open(note.replace(line, badLine + line), VKEY));
    }

    @Test
    void anotherKeyDoesNotOpenIt() {
        String note = SignedNote.sign("hello\n", NAME, KEY);
        Ed25519PrivateKeyParameters other = new Ed25519PrivateKeyParameters(new SecureRandom());
        VerificationException sameName = assertReason(Reason.UNKNOWN_KEY,
                () -> SignedNote.open(note, SignedNote.verifierKey(NAME, other.generatePublicKey())));
        assertTrue(sameName.getMessage().startsWith("note has no signature by key " + NAME + "+"), sameName.getMessage());
        assertReason(Reason.UNKNOWN_KEY, () -> SignedNote.open(note, SignedNote.verifierKey("other.example/log", KEY.generatePublicKey())));
        // the same key under another name signs with another key ID
        String renamed = SignedNote.sign("hello\n", "other.example/log", KEY);
        assertReason(Reason.UNKNOWN_KEY, () -> SignedNote.open(renamed, VKEY));
        // someone else's signature under our name keeps its own key ID, so it is not ours
        String relabelled = renamed.replace("— other.example/log ", "— " + NAME + " ");
        assertReason(Reason.UNKNOWN_KEY, () -> SignedNote.open(relabelled, VKEY));
    }

    @Test
    void malformedNotesAndKeys() {
        String note = SignedNote.sign("hello\n", NAME, KEY);
        String sig = note.substring(note.indexOf("— "));
        String[] malformed = {
                "", "hello\n", "hello\n\n", note.substring(0, note.length() - 1), note.replace("\n\n", "\n"),
                note.replace("— ", "-- "), note.replace("— ", "—"), note.replace("— ", "— \u0000"),
                "hel\rlo\n\n" + sig, "hel\tlo\n\n" + sig, "hel\uD800lo\n\n" + sig, note + "garbage\n", note + "\n",
                note.replace(NAME + " ", NAME + "  "), note.replace(NAME + " ", "certregistry example/log "),
                note.replace(NAME + " ", NAME + "+x "), note.replace(NAME + " ", " "), note.replace(" ", " \u00A0"),
                note.replace("=\n", "\n"), note.replace("=\n", "==\n"), note.replace(NAME + " ", NAME + " AAA"),
                "hello\n\n" + "— " + NAME + " AAAAAA==\n", "hello\n\n" + "— " + NAME + "\n",
                "hello\n\n" + sig.repeat(101),
        };
        for (String bad : malformed) {
            assertReason(Reason.MALFORMED, () -> SignedNote.open(bad, VKEY));
        }
        assertEquals("hello\n", SignedNote.open("hello\n\n" + sig.repeat(100), VKEY));
        assertReason(Reason.MALFORMED, () -> SignedNote.open(null, VKEY));
        // well formed, but by a key ID nobody has
        assertReason(Reason.UNKNOWN_KEY, () -> SignedNote.open(note.replace(NAME + " ", NAME + " AAAA"), VKEY));

        String[] keys = {
                null, "", NAME, VKEY.replace("+", "-"), VKEY + "+", VKEY.toUpperCase(),
                VKEY.substring(0, VKEY.length() - 1), VKEY + "=", VKEY + "AAAA",
                VKEY.replaceFirst("\\+[0-9a-f]{8}\\+", "+00000000+"),
                VKEY.replaceFirst("\\+([0-9a-f]{8})\\+", "+$10+"),
                "PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY==",
                "PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
                "Peter Neumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW",
        };
        for (String bad : keys) {
            assertReason(Reason.MALFORMED, () -> SignedNote.open(note, bad));
        }
        // every single-character change of Go's key is refused or names another key
        byte[] b = PETER_KEY.getBytes();
        String peterNote = TEXT + "\n" + PETER_SIG;
        for (int i = 0; i < b.length; i++) {
            b[i]++;
            String mangled = new String(b);
            assertThrows(VerificationException.class, () -> SignedNote.open(peterNote, mangled), mangled);
            b[i]--;
        }
    }

    @Test
    void signRefusesWhatCannotBeANote() {
        assertThrows(IllegalArgumentException.class, () -> SignedNote.sign("no newline", NAME, KEY));
        assertThrows(IllegalArgumentException.class, () -> SignedNote.sign("", NAME, KEY));
        assertThrows(IllegalArgumentException.class, () -> SignedNote.sign("tab\there\n", NAME, KEY));
        assertThrows(IllegalArgumentException.class, () -> SignedNote.sign("ok\n", "a+b", KEY));
        assertThrows(IllegalArgumentException.class, () -> SignedNote.sign("ok\n", "a b", KEY));
        assertThrows(IllegalArgumentException.class, () -> SignedNote.sign("ok\n", "", KEY));
        assertThrows(IllegalArgumentException.class, () -> SignedNote.verifierKey("a\u3000b", KEY.generatePublicKey()));
    }

    @Test
    void checkpointBodies() {
        byte[] root = Merkle.emptyRoot();
        Checkpoint empty = new Checkpoint(NAME, 0, root);
        assertEquals(NAME + "\n0\n47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=\n", empty.body());
        assertEquals(empty, Checkpoint.parse(empty.body()));
        Checkpoint big = new Checkpoint("example.com/behind-the-sofa", 20852163,
                Base64.getDecoder().decode("CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I="));
        String body = "example.com/behind-the-sofa\n20852163\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=\n";
        assertEquals(body, big.body());
        assertEquals(big, Checkpoint.parse(body));
        assertEquals(Long.MAX_VALUE, Checkpoint.parse(NAME + "\n9223372036854775807\n" + body.split("\n")[2] + "\n").size());
        byte[] held = big.rootHash();
        held[0] ^= 1;
        assertArrayEquals(Checkpoint.parse(body).rootHash(), big.rootHash(), "the root hash is copied out");

        String hash = "CsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2I=";
        String[] bad = {
                "", "\n", NAME + "\n1\n" + hash, NAME + "\n1\n" + hash + "\nextension\n", NAME + "\n1\n", "\n1\n" + hash + "\n",
                NAME + "\n01\n" + hash + "\n", NAME + "\n-1\n" + hash + "\n", NAME + "\n+1\n" + hash + "\n", NAME + "\n1 \n" + hash + "\n",
                NAME + "\n\n" + hash + "\n", NAME + "\n9223372036854775808\n" + hash + "\n", NAME + "\n1e3\n" + hash + "\n",
                NAME + "\n1\n" + hash.replace("=", "") + "\n", NAME + "\n1\nCsUYapGGPo4dkMgIAUqom/Xajj7h2fB2MPA3j2jxq2J=\n",
                NAME + "\n1\n" + hash.substring(4) + "\n", NAME + "\n1\n" + hash + "\r\n", NAME + "\r\n1\n" + hash + "\n",
                NAME + "\n1\n" + hash + "\n\n", "a\u0000b\n1\n" + hash + "\n", NAME + "\n١\n" + hash + "\n",
        };
        for (String b : bad) {
            assertReason(Reason.MALFORMED, () -> Checkpoint.parse(b));
        }
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("", 1, root));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint("a\nb", 1, root));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(NAME, -1, root));
        assertThrows(IllegalArgumentException.class, () -> new Checkpoint(NAME, 1, new byte[31]));
    }

    static VerificationException assertReason(Reason reason, org.junit.jupiter.api.function.Executable call) {
        VerificationException e = assertThrows(VerificationException.class, call);
        assertEquals(reason, e.reason(), e.getMessage());
        return e;
    }
}

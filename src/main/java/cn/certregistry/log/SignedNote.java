package cn.certregistry.log;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

import cn.certregistry.log.VerificationException.Reason;
import cn.certregistry.signing.KeyRing;
import cn.certregistry.signing.KeyState;

/**
 * C2SP signed-note with Ed25519 (signature type 0x01): a text, a blank line, then lines
 * {@code — <key name> <base64(key ID ‖ signature)>}. A verifier key is written
 * {@code <name>+<hex key ID>+<base64(0x01 ‖ public key)>}, as Go's golang.org/x/mod/sumdb/note reads it.
 */
public final class SignedNote {

    private static final byte ED25519 = 0x01;
    private static final String SIGNATURE_PREFIX = "\u2014 ";
    /** More than the 16 the specification requires a verifier to accept, as many as Go's reader takes. */
    private static final int MAX_SIGNATURES = 100;

    private SignedNote() {
    }

    /** The note: {@code body}, a blank line and one signature line by {@code keyName}. */
    public static String sign(String body, String keyName, Ed25519PrivateKeyParameters key) {
        return sign(body, keyName, key.generatePublicKey().getEncoded(), message -> {
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(true, key);
            signer.update(message, 0, message.length);
            return signer.generateSignature();
        });
    }

    /**
     * Signs with a key held elsewhere (the register's signing key, which never leaves its holder):
     * {@code signer} returns the Ed25519 signature of the bytes it is given, made with the private half of
     * {@code publicKey}.
     */
    public static String sign(String body, String keyName, byte[] publicKey, Function<byte[], byte[]> signer) {
        requireBody(body);
        requireName(keyName);
        byte[] signature = signer.apply(body.getBytes(StandardCharsets.UTF_8));
        byte[] line = ByteBuffer.allocate(4 + signature.length)
                .putInt(keyId(keyName, publicKey))
                .put(signature)
                .array();
        return body + "\n" + SIGNATURE_PREFIX + keyName + " " + Base64.getEncoder().encodeToString(line) + "\n";
    }

    /**
     * The name the register signs a kind of note under: its public address without the scheme, and the kind's path
     * ({@code cert.example.cn/log}, {@code cert.example.cn/exports}).
     */
    public static String keyName(String publicBaseUrl, String kind) {
        URI base = URI.create(publicBaseUrl.replaceAll("/+$", ""));
        return base.getAuthority() + (base.getPath() == null ? "" : base.getPath()) + "/" + kind;
    }

    /**
     * The verifier keys under a name of the keys whose signatures stand, the active key first, then the retired ones (a
     * revoked key's signatures do not stand).
     */
    public static List<String> verifierKeys(String name, KeyRing ring) {
        return ring.all().stream().filter(key -> key.state() != KeyState.REVOKED)
                .sorted(Comparator.comparing(key -> key.state() != KeyState.ACTIVE))
                .map(key -> verifierKey(name, new Ed25519PublicKeyParameters(key.publicKeyBytes(), 0))).toList();
    }

    /** {@code <name>+<hex key ID>+<base64(0x01 ‖ public key)>}. */
    public static String verifierKey(String name, Ed25519PublicKeyParameters publicKey) {
        requireName(name);
        byte[] key = publicKey.getEncoded();
        return name + "+" + hex(keyId(name, key)) + "+" + Base64.getEncoder().encodeToString(typed(key));
    }

    /** The body of {@code note} if a signature by one of {@code verifierKeys} verifies; empty if none does. */
    public static Optional<String> openByAny(String note, List<String> verifierKeys) {
        for (String key : verifierKeys) {
            try {
                return Optional.of(open(note, key));
            } catch (IllegalArgumentException notThisKey) {
                // another key, or none of them
            }
        }
        return Optional.empty();
    }

    /**
     * The body of {@code note} if it carries a signature by the key of {@code verifierKey} and every
     * signature line by that key verifies. Lines by other keys (witnesses, a rotated key) are ignored.
     *
     * @throws VerificationException MALFORMED for a note or key not of the format, UNKNOWN_KEY when no line
     *         is by the key, BAD_SIGNATURE when a line by the key does not verify
     */
    public static String open(String note, String verifierKey) {
        Verifier verifier = Verifier.parse(verifierKey);
        if (note == null) {
            throw malformed("note is missing");
        }
        checkText(note, "note");
        int split = note.lastIndexOf("\n\n");
        if (split < 0) {
            throw malformed("note has no blank line before its signatures");
        }
        String text = note.substring(0, split + 1);
        String signatures = note.substring(split + 2);
        if (signatures.isEmpty() || !signatures.endsWith("\n")) {
            throw malformed("note does not end with a signature line and a newline");
        }
        String[] lines = signatures.substring(0, signatures.length() - 1).split("\n", -1);
        if (lines.length > MAX_SIGNATURES) {
            throw malformed("note has more than " + MAX_SIGNATURES + " signatures");
        }
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        boolean verified = false;
        for (String line : lines) {
            if (!line.startsWith(SIGNATURE_PREFIX)) {
                throw malformed("note has a signature line that does not start with an em dash and a space");
            }
            String rest = line.substring(SIGNATURE_PREFIX.length());
            int space = rest.indexOf(' ');
            String name = space < 0 ? rest : rest.substring(0, space);
            String base64 = space < 0 ? "" : rest.substring(space + 1);
            byte[] signature = decode(base64);
            if (!isValidName(name) || signature == null || signature.length < 5) {
                throw malformed("note has a signature line that is not a key name and a base64 signature");
            }
            int id = ByteBuffer.wrap(signature, 0, 4).getInt();
            if (!name.equals(verifier.name) || id != verifier.id) {
                continue;
            }
            if (!verifier.verify(message, signature)) {
                throw new VerificationException(Reason.BAD_SIGNATURE, "signature by key " + verifier.name + "+"
                        + hex(verifier.id) + " does not verify");
            }
            verified = true;
        }
        if (!verified) {
            throw new VerificationException(Reason.UNKNOWN_KEY, "note has no signature by key " + verifier.name + "+"
                    + hex(verifier.id));
        }
        return text;
    }

    /** SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4], big-endian. */
    static int keyId(String name, byte[] publicKey) {
        MessageDigest sha = sha256();
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
        sha.update(typed(publicKey));
        return ByteBuffer.wrap(sha.digest(), 0, 4).getInt();
    }

    private static final class Verifier {
        final String name;
        final int id;
        final Ed25519PublicKeyParameters key;

        private Verifier(String name, int id, Ed25519PublicKeyParameters key) {
            this.name = name;
            this.id = id;
            this.key = key;
        }

        static Verifier parse(String verifierKey) {
            if (verifierKey == null) {
                throw malformed("verifier key is missing");
            }
            // the name and key ID hold no plus sign; the base64 key may
            String[] parts = verifierKey.split("\\+", 3);
            if (parts.length != 3 || !isValidName(parts[0]) || !parts[1].matches("[0-9a-f]{8}")) {
                throw malformed("verifier key is not <name>+<8 hex digits>+<base64 key>");
            }
            byte[] typed = decode(parts[2]);
            if (typed == null || typed.length != 1 + Ed25519PublicKeyParameters.KEY_SIZE || typed[0] != ED25519) {
                throw malformed("verifier key " + parts[0] + " is not an Ed25519 key (0x01 and 32 bytes, base64)");
            }
            byte[] key = Arrays.copyOfRange(typed, 1, typed.length);
            int id = Integer.parseUnsignedInt(parts[1], 16);
            if (id != keyId(parts[0], key)) {
                throw malformed("verifier key " + parts[0] + " has key ID " + parts[1] + ", not the hash of its name and key");
            }
            return new Verifier(parts[0], id, new Ed25519PublicKeyParameters(key, 0));
        }

        boolean verify(byte[] message, byte[] signatureLine) {
            if (signatureLine.length != 4 + Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
                return false;
            }
            Ed25519Signer signer = new Ed25519Signer();
            signer.init(false, key);
            signer.update(message, 0, message.length);
            return signer.verifySignature(Arrays.copyOfRange(signatureLine, 4, signatureLine.length));
        }
    }

    /** Key names are non-empty, without Unicode spaces or plus signs (and, being note text, without control characters). */
    static boolean isValidName(String name) {
        if (name == null || name.isEmpty() || name.indexOf('+') >= 0 || !isText(name)) {
            return false;
        }
        return name.codePoints().noneMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c) || c == 0x85 || c == '\n');
    }

    static void requireText(String text, String what) {
        if (!isText(text)) {
            throw new IllegalArgumentException(what + " has a control character or is not valid Unicode");
        }
    }

    private static void checkText(String text, String what) {
        if (!isText(text)) {
            throw malformed(what + " has a control character other than newline, or is not valid Unicode");
        }
    }

    /** Valid UTF-16 (so valid UTF-8 once encoded) with no control character below U+0020 but newline. */
    private static boolean isText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 && c != '\n') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static void requireBody(String body) {
        if (body == null || body.isEmpty() || !body.endsWith("\n")) {
            throw new IllegalArgumentException("note text must end with a newline");
        }
        requireText(body, "note text");
    }

    private static void requireName(String name) {
        if (!isValidName(name)) {
            throw new IllegalArgumentException("key name \"" + name + "\" is empty or has a space, a plus sign or a control character");
        }
    }

    private static byte[] typed(byte[] publicKey) {
        byte[] typed = new byte[1 + publicKey.length];
        typed[0] = ED25519;
        System.arraycopy(publicKey, 0, typed, 1, publicKey.length);
        return typed;
    }

    /** Canonical standard base64, or null. */
    private static byte[] decode(String base64) {
        if (base64.isEmpty()) {
            return null;
        }
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            return Base64.getEncoder().encodeToString(bytes).equals(base64) ? bytes : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static VerificationException malformed(String why) {
        return new VerificationException(Reason.MALFORMED, why);
    }

    private static String hex(int id) {
        return HexFormat.of().toHexDigits(id);
    }
}

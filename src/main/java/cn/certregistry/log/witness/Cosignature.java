package cn.certregistry.log.witness;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.OptionalLong;
import java.util.function.Function;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * C2SP tlog-cosignature, Ed25519 ({@code cosignature/v1}): a witness's timestamped statement that a checkpoint is the
 * largest consistent tree it has seen of the log. A note signature line {@code — <name> base64(key ID ‖ timestamp ‖
 * signature)}, the key ID being SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4], the signature over
 * {@code cosignature/v1\ntime <timestamp>\n} and the checkpoint's body.
 */
public final class Cosignature {

    /** The signature type of Ed25519 cosignatures in key IDs and verifier keys. */
    static final byte TYPE = 0x04;
    private static final String PREFIX = "\u2014 ";

    private Cosignature() {
    }

    /** A witness's verifier key, parsed: {@code <name>+<hex key ID>+<base64(0x04 ‖ public key)>}. */
    public record Verifier(String name, int keyId, byte[] publicKey) {

        public static Verifier parse(String vkey) {
            String[] parts = vkey == null ? new String[0] : vkey.split("\\+", 3);
            if (parts.length != 3 || parts[0].isEmpty() || !parts[1].matches("[0-9a-f]{8}")) {
                throw new IllegalArgumentException("a witness key is <name>+<8 hex digits>+<base64 key>");
            }
            byte[] typed;
            try {
                typed = Base64.getDecoder().decode(parts[2]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("witness key " + parts[0] + " is not base64");
            }
            if (typed.length != 33 || typed[0] != TYPE) {
                throw new IllegalArgumentException("witness key " + parts[0] + " is not an Ed25519 cosignature key (0x04 and 32 bytes)");
            }
            byte[] key = Arrays.copyOfRange(typed, 1, 33);
            if (Integer.parseUnsignedInt(parts[1], 16) != Cosignature.keyId(parts[0], key)) {
                throw new IllegalArgumentException("witness key " + parts[0] + " has a key ID that is not the hash of its name and key");
            }
            return new Verifier(parts[0], Cosignature.keyId(parts[0], key), key);
        }

        @Override
        public String toString() {
            return vkey(name, publicKey);
        }
    }

    /** SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key)[:4], big-endian. */
    public static int keyId(String name, byte[] publicKey) {
        MessageDigest sha = sha256();
        sha.update(name.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) '\n');
        sha.update(TYPE);
        sha.update(publicKey);
        return ByteBuffer.wrap(sha.digest(), 0, 4).getInt();
    }

    public static String vkey(String name, byte[] publicKey) {
        byte[] typed = new byte[33];
        typed[0] = TYPE;
        System.arraycopy(publicKey, 0, typed, 1, 32);
        return name + "+" + HexFormat.of().toHexDigits(keyId(name, publicKey)) + "+" + Base64.getEncoder().encodeToString(typed);
    }

    /** What is signed: the header line, the time line and the checkpoint's body (its text up to the signatures). */
    public static byte[] message(String checkpointBody, long timestamp) {
        return ("cosignature/v1\ntime " + timestamp + "\n" + checkpointBody).getBytes(StandardCharsets.UTF_8);
    }

    /** The signature line of a cosignature, newline included. */
    public static String line(String name, byte[] publicKey, long timestamp, String checkpointBody,
            Function<byte[], byte[]> signer) {
        byte[] signature = signer.apply(message(checkpointBody, timestamp));
        ByteBuffer signed = ByteBuffer.allocate(4 + 8 + signature.length);
        signed.putInt(keyId(name, publicKey)).putLong(timestamp).put(signature);
        return PREFIX + name + " " + Base64.getEncoder().encodeToString(signed.array()) + "\n";
    }

    /** The time of the verifier's cosignature among a note's signature lines on this body, if one verifies. */
    public static OptionalLong verify(String signatureLines, Verifier verifier, String checkpointBody) {
        for (String line : signatureLines.split("\n")) {
            if (!line.startsWith(PREFIX + verifier.name() + " ")) {
                continue;
            }
            byte[] signed;
            try {
                signed = Base64.getDecoder().decode(line.substring(PREFIX.length() + verifier.name().length() + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (signed.length != 4 + 8 + 64 || ByteBuffer.wrap(signed, 0, 4).getInt() != verifier.keyId()) {
                continue;
            }
            long timestamp = ByteBuffer.wrap(signed, 4, 8).getLong();
            if (timestamp < 0) {
                continue;
            }
            Ed25519Signer check = new Ed25519Signer();
            check.init(false, new Ed25519PublicKeyParameters(verifier.publicKey(), 0));
            byte[] message = message(checkpointBody, timestamp);
            check.update(message, 0, message.length);
            if (check.verifySignature(Arrays.copyOfRange(signed, 12, signed.length))) {
                return OptionalLong.of(timestamp);
            }
        }
        return OptionalLong.empty();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package cn.certregistry.webhook;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Standard Webhooks' asymmetric signature: Ed25519 over {@code <webhook-id>.<webhook-timestamp>.<body>}, sent as
 * {@code webhook-signature: v1a,<base64 signature>}; the public key is shown as {@code whpk_<base64 of its 32 bytes>}.
 */
public final class WebhookSignature {

    public static final String PUBLIC_KEY_PREFIX = "whpk_";
    public static final String VERSION = "v1a";
    private static final SecureRandom RANDOM = new SecureRandom();

    private WebhookSignature() {
    }

    /** A new key pair: the 32-byte private key (seed) and its 32-byte public key. */
    public record KeyPair(byte[] privateKey, byte[] publicKey) {
    }

    public static KeyPair generate() {
        Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(RANDOM);
        return new KeyPair(key.getEncoded(), key.generatePublicKey().getEncoded());
    }

    public static String publicKeyText(byte[] publicKey) {
        return PUBLIC_KEY_PREFIX + Base64.getEncoder().encodeToString(publicKey);
    }

    /** The value of the {@code webhook-signature} header. */
    public static String sign(byte[] privateKey, String id, long timestamp, byte[] body) {
        byte[] content = signedContent(id, timestamp, body);
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, new Ed25519PrivateKeyParameters(privateKey, 0));
        signer.update(content, 0, content.length);
        return VERSION + "," + Base64.getEncoder().encodeToString(signer.generateSignature());
    }

    /** Whether one of the header's space-separated signatures is a valid {@code v1a} one by this public key. */
    public static boolean verify(byte[] publicKey, String id, long timestamp, byte[] body, String header) {
        byte[] content = signedContent(id, timestamp, body);
        for (String signature : header.split(" ")) {
            if (!signature.startsWith(VERSION + ",")) {
                continue;
            }
            byte[] bytes;
            try {
                bytes = Base64.getDecoder().decode(signature.substring(VERSION.length() + 1));
            } catch (IllegalArgumentException e) {
                continue;
            }
            Ed25519Signer verifier = new Ed25519Signer();
            verifier.init(false, new Ed25519PublicKeyParameters(publicKey, 0));
            verifier.update(content, 0, content.length);
            if (verifier.verifySignature(bytes)) {
                return true;
            }
        }
        return false;
    }

    static byte[] signedContent(String id, long timestamp, byte[] body) {
        ByteArrayOutputStream content = new ByteArrayOutputStream(body.length + 40);
        content.writeBytes((id + "." + timestamp + ".").getBytes(StandardCharsets.US_ASCII));
        content.writeBytes(body);
        return content.toByteArray();
    }
}

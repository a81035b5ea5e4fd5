package cn.certregistry.signing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;

/**
 * An Ed25519 key with its id and state, through BouncyCastle's lightweight API. The private half never
 * leaves this object: {@link #toString()} shows the id and state only.
 */
public final class SigningKey {

    public static final String NOT_PKCS8_ED25519 = "not a PKCS#8 PEM Ed25519 private key";

    private final String kid;
    private final KeyState state;
    private final Ed25519PublicKeyParameters publicKey;
    private final Ed25519PrivateKeyParameters privateKey;

    private SigningKey(String kid, KeyState state, Ed25519PublicKeyParameters publicKey, Ed25519PrivateKeyParameters privateKey) {
        this.kid = kid;
        this.state = state;
        this.publicKey = publicKey;
        this.privateKey = privateKey;
    }

    public static SigningKey generate(String kid) {
        Ed25519PrivateKeyParameters privateKey = new Ed25519PrivateKeyParameters(new SecureRandom());
        return new SigningKey(kid, KeyState.ACTIVE, privateKey.generatePublicKey(), privateKey);
    }

    public static SigningKey fromPem(String kid, KeyState state, String pem) {
        String base64 = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
        try {
            AsymmetricKeyParameter key = PrivateKeyFactory.createKey(Base64.getDecoder().decode(base64));
            if (key instanceof Ed25519PrivateKeyParameters ed25519) {
                return new SigningKey(kid, state, ed25519.generatePublicKey(), ed25519);
            }
        } catch (IOException | IllegalArgumentException | ClassCastException e) {
            // reported below, without the key material
        }
        throw new IllegalArgumentException(NOT_PKCS8_ED25519 + " (key " + kid + ")");
    }

    /** A verification-only key from its raw 32-byte public key. */
    public static SigningKey publicOnly(String kid, KeyState state, byte[] publicKey) {
        return new SigningKey(kid, state, new Ed25519PublicKeyParameters(publicKey, 0), null);
    }

    public String toPem() {
        try {
            PrivateKeyInfo info = PrivateKeyInfoFactory.createPrivateKeyInfo(privateKey);
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(info.getEncoded());
            return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
        } catch (IOException e) {
            throw new IllegalStateException("Cannot encode key " + kid, e);
        }
    }

    public SigningKey withState(KeyState newState) {
        return new SigningKey(kid, newState, publicKey, privateKey);
    }

    public byte[] sign(byte[] message) {
        if (privateKey == null || state != KeyState.ACTIVE) {
            throw new IllegalStateException("Key " + kid + " does not sign: it is " + state);
        }
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, privateKey);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }

    public boolean verify(byte[] message, byte[] signature) {
        if (signature.length != Ed25519PrivateKeyParameters.SIGNATURE_SIZE) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, publicKey);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(signature);
    }

    public String kid() {
        return kid;
    }

    public KeyState state() {
        return state;
    }

    public byte[] publicKeyBytes() {
        return publicKey.getEncoded();
    }

    @Override
    public String toString() {
        return "SigningKey[" + kid + ", " + state + "]";
    }
}

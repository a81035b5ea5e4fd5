package cn.certregistry.log;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

import cn.certregistry.common.RegistryConfig;
import cn.certregistry.signing.SigningKey;

/**
 * The log's name (its checkpoints' origin line and key name: the register's host and {@code /log}) and
 * the notes signed under it with the register's active key.
 */
@ApplicationScoped
public class LogOrigin {

    private final String name;

    @Inject
    LogOrigin(RegistryConfig config) {
        name = SignedNote.keyName(config.publicBaseUrl(), "log");
    }

    public String name() {
        return name;
    }

    String sign(String body, SigningKey key) {
        return SignedNote.sign(body, name, key.publicKeyBytes(), key::sign);
    }

    /** The verifier key of a signing key, in the signed-note form {@code name+keyID+key}. */
    public String verifierKey(SigningKey key) {
        return SignedNote.verifierKey(name, new Ed25519PublicKeyParameters(key.publicKeyBytes(), 0));
    }
}

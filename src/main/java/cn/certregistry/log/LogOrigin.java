package cn.certregistry.log;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import cn.certregistry.signing.SigningKey;

/**
 * The log's name (its checkpoints' origin line and key name: the register's host and {@code /log}) and
 * the notes signed under it with the register's active key.
 */
@ApplicationScoped
public class LogOrigin {

    private final NoteSigner signer;

    @Inject
    LogOrigin(NoteSigners signers) {
        signer = signers.of("log");
    }

    public String name() {
        return signer.name();
    }

    String sign(String body, SigningKey key) {
        return signer.sign(body, key);
    }

    /** The verifier keys of the keys whose checkpoints stand, the active key first. */
    public java.util.List<String> verifierKeys() {
        return signer.verifierKeys();
    }

    /** The verifier key of a signing key, in the signed-note form {@code name+keyID+key}. */
    public String verifierKey(SigningKey key) {
        return signer.verifierKey(key);
    }
}

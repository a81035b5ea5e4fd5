package cn.certregistry.signing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Signing keys by id: at most one active (the register's own ring has exactly one), any number retired or revoked. */
public final class KeyRing {

    private final Map<String, SigningKey> keys = new LinkedHashMap<>();
    private final SigningKey active;

    public KeyRing(List<SigningKey> keys) {
        SigningKey found = null;
        for (SigningKey key : keys) {
            if (this.keys.put(key.kid(), key) != null) {
                throw new IllegalArgumentException("Two signing keys have the id " + key.kid());
            }
            if (key.state() == KeyState.ACTIVE) {
                if (found != null) {
                    throw new IllegalArgumentException("Two signing keys are active: " + found.kid() + " and " + key.kid());
                }
                found = key;
            }
        }
        this.active = found;
    }

    /** The key that signs new codes. */
    public SigningKey active() {
        if (active == null) {
            throw new IllegalStateException("No signing key is active");
        }
        return active;
    }

    public Optional<SigningKey> find(String kid) {
        return Optional.ofNullable(keys.get(kid));
    }

    public List<SigningKey> all() {
        return List.copyOf(keys.values());
    }
}

package cn.certregistry.signing;

/** What a signing key may still do. */
public enum KeyState {
    /** Signs new codes (exactly one key) and verifies. */
    ACTIVE,
    /** Verifies codes signed earlier; signs nothing new. */
    RETIRED,
    /** Compromised or withdrawn: codes signed with it are not genuine. */
    REVOKED
}

package cn.certregistry.access;

/** The roles a credential can carry. Public reads need none. */
public final class Roles {

    /** Registers bodies and regulators, issues and revokes credentials. */
    public static final String ADMIN = "admin";
    /** Bound to one certification body: maintains that body's certificates, and only those. */
    public static final String BODY = "body";
    /** Bound to a region code prefix: reads non-public information within it. */
    public static final String REGULATOR = "regulator";
    /** A system that watches the register (a procurement platform, a regulator's system): owns webhook subscriptions. */
    public static final String SUBSCRIBER = "subscriber";

    private Roles() {
    }
}

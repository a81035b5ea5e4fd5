package cn.certregistry.access;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import cn.certregistry.body.CertificationBody;
import cn.certregistry.common.Hashes;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.RegistryConfig;

/**
 * Issues, checks and revokes API keys. A key reads {@code crk_<id>_<secret>}: the id finds the
 * stored hash, the 256-bit secret is compared with it in constant time.
 */
@ApplicationScoped
public class ApiKeys {

    private static final Pattern FORMAT = Pattern.compile("crk_([1-9][0-9]{0,17})_([A-Za-z0-9_-]{43})");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    RegistryConfig config;

    /** Who a key belongs to; what the security identity is built from. */
    public record Principal(String name, String role, Long keyId, String bodyCode, String regionPrefix, String subscriberCode) {

        Principal(String name, String role, Long keyId, String bodyCode, String regionPrefix) {
            this(name, role, keyId, bodyCode, regionPrefix, null);
        }
    }

    /** A newly created key: the only time its secret is ever shown. */
    public record CreatedKey(long id, String key, String role, String body, String regulator, String subscriber, String label,
            OffsetDateTime createdAt) {
    }

    @Transactional
    public CreatedKey createForBody(CertificationBody body, String label) {
        ApiKey key = newKey(Roles.BODY, label);
        key.body = body;
        return persist(key);
    }

    @Transactional
    public CreatedKey createForRegulator(Regulator regulator, String label) {
        ApiKey key = newKey(Roles.REGULATOR, label);
        key.regulator = regulator;
        return persist(key);
    }

    @Transactional
    public CreatedKey createForSubscriber(Subscriber subscriber, String label) {
        ApiKey key = newKey(Roles.SUBSCRIBER, label);
        key.subscriber = subscriber;
        return persist(key);
    }

    @Transactional
    public CreatedKey createAdmin(String label) {
        return persist(newKey(Roles.ADMIN, label));
    }

    @Transactional
    public void revoke(long id) {
        ApiKey key = ApiKey.findById(id);
        if (key == null) {
            throw ProblemException.notFound("No API key has the id " + id + ".");
        }
        if (key.revokedAt == null) {
            key.revokedAt = OffsetDateTime.now();
        }
    }

    /** Revokes every unrevoked key with this label (the demo keys of an earlier start). */
    @Transactional
    public void revokeLabelled(String label) {
        ApiKey.update("revokedAt = ?1 where label = ?2 and revokedAt is null", OffsetDateTime.now(), label);
    }

    /** The principal a presented key stands for, or empty when it is unknown, malformed or revoked. */
    @Transactional
    public Optional<Principal> authenticate(String presented) {
        Optional<String> bootstrap = config.bootstrapAdminKey().filter(k -> !k.isBlank());
        if (bootstrap.isPresent() && MessageDigest.isEqual(Hashes.sha256(presented), Hashes.sha256(bootstrap.get()))) {
            return Optional.of(new Principal("bootstrap-admin", Roles.ADMIN, null, null, null));
        }
        Matcher matcher = FORMAT.matcher(presented);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        ApiKey key = ApiKey.findById(Long.parseLong(matcher.group(1)));
        // compare even when the key is missing or revoked, so timing tells nothing
        byte[] stored = key == null ? new byte[32] : key.secretHash;
        boolean matches = MessageDigest.isEqual(stored, Hashes.sha256(matcher.group(2)));
        if (key == null || !matches || key.revokedAt != null) {
            return Optional.empty();
        }
        key.lastUsedAt = OffsetDateTime.now();
        return Optional.of(switch (key.role) {
            case Roles.BODY -> new Principal("body:" + key.body.code, Roles.BODY, key.id, key.body.code, null);
            case Roles.REGULATOR -> new Principal("regulator:" + key.regulator.code, Roles.REGULATOR, key.id, null,
                    key.regulator.regionPrefix);
            case Roles.SUBSCRIBER -> new Principal("subscriber:" + key.subscriber.code, Roles.SUBSCRIBER, key.id, null, null,
                    key.subscriber.code);
            default -> new Principal("admin:" + key.id, Roles.ADMIN, key.id, null, null);
        });
    }

    private static ApiKey newKey(String role, String label) {
        ApiKey key = new ApiKey();
        key.role = role;
        key.label = label;
        key.createdAt = OffsetDateTime.now();
        return key;
    }

    private static CreatedKey persist(ApiKey key) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String encoded = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        key.secretHash = Hashes.sha256(encoded);
        key.persistAndFlush();
        return new CreatedKey(key.id, "crk_" + key.id + "_" + encoded, key.role, key.body == null ? null : key.body.code,
                key.regulator == null ? null : key.regulator.code, key.subscriber == null ? null : key.subscriber.code, key.label,
                key.createdAt);
    }
}

package cn.certregistry.signing;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.hibernate.Session;

import io.quarkus.runtime.StartupEvent;

import cn.certregistry.common.NamedSql;
import cn.certregistry.common.TransactionLocks;

/**
 * Brings the recorded keys ({@code signing_key_record}) in line with the configured ring at start: a key
 * not seen before is added, a key whose state changed (retired, revoked, active again) is updated. The
 * table's trigger puts each such change into the transparency log in the same transaction.
 */
@ApplicationScoped
public class SigningKeyRecords {

    /** Servers starting together record the ring one at a time: "sigkeys" in ASCII. */
    private static final long RECORDING_LOCK = 0x7369676b657973L;

    @Inject
    SigningKeys keys;
    @Inject
    Session session;

    @Transactional
    void onStart(@Observes StartupEvent start) {
        session.doWork(connection -> record(connection, keys.ring()));
    }

    private record Recorded(String state, byte[] publicKey) {
    }

    public static void record(Connection connection, KeyRing ring) throws SQLException {
        TransactionLocks.take(connection, RECORDING_LOCK);
        Map<String, Recorded> recorded = new HashMap<>();
        for (Object[] row : NamedSql.rows(connection, "select kid, state, public_key from signing_key_record", Map.of())) {
            recorded.put((String) row[0], new Recorded((String) row[1], (byte[]) row[2]));
        }
        for (SigningKey key : ring.all()) {
            Recorded found = recorded.get(key.kid());
            if (found != null && !Arrays.equals(found.publicKey(), key.publicKeyBytes())) {
                throw new IllegalStateException("The signing key " + key.kid() + " was recorded with another public key:"
                        + " a key id names one key for good");
            }
            if (found == null) {
                NamedSql.update(connection, "insert into signing_key_record (kid, public_key, state) values (:kid, :publicKey,"
                        + " :state)", Map.of("kid", key.kid(), "publicKey", key.publicKeyBytes(), "state", key.state().name()));
            } else if (!found.state().equals(key.state().name())) {
                NamedSql.update(connection, "update signing_key_record set state = :state, changed_at = now() where kid = :kid",
                        Map.of("state", key.state().name(), "kid", key.kid()));
            }
        }
    }
}

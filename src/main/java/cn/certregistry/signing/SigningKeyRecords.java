package cn.certregistry.signing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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
        try (PreparedStatement read = connection.prepareStatement("select kid, state, public_key from signing_key_record");
                ResultSet rows = read.executeQuery()) {
            while (rows.next()) {
                recorded.put(rows.getString(1), new Recorded(rows.getString(2), rows.getBytes(3)));
            }
        }
        for (SigningKey key : ring.all()) {
            Recorded found = recorded.get(key.kid());
            if (found != null && !Arrays.equals(found.publicKey(), key.publicKeyBytes())) {
                throw new IllegalStateException("The signing key " + key.kid() + " was recorded with another public key:"
                        + " a key id names one key for good");
            }
            if (found == null) {
                try (PreparedStatement insert = connection.prepareStatement(
                        "insert into signing_key_record (kid, public_key, state) values (?, ?, ?)")) {
                    insert.setString(1, key.kid());
                    insert.setBytes(2, key.publicKeyBytes());
                    insert.setString(3, key.state().name());
                    insert.executeUpdate();
                }
            } else if (!found.state().equals(key.state().name())) {
                try (PreparedStatement update = connection.prepareStatement(
                        "update signing_key_record set state = ?, changed_at = now() where kid = ?")) {
                    update.setString(1, key.state().name());
                    update.setString(2, key.kid());
                    update.executeUpdate();
                }
            }
        }
    }
}

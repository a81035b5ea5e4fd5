package cn.certregistry.signing;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;

import cn.certregistry.common.Hashes;
import cn.certregistry.common.NamedSql;
import cn.certregistry.common.ReadReplica;
import cn.certregistry.common.TransactionLocks;

/**
 * The document-signing keys as the register recorded them ({@code document_signing_key}, V35), as
 * {@link SigningKeyRecords} records the token keys: at start each server adds the keys of its files it finds
 * unrecorded and records their changes of state; the table's trigger puts each into the transparency log in the same
 * transaction. What is published and which signers a bid-file check trusts are read from the table, not from this
 * server's files, so that every server answers the same. Only certificates are recorded, never a private key.
 */
@ApplicationScoped
public class DocumentSigningKeyRecords {

    private static final Logger LOG = Logger.getLogger(DocumentSigningKeyRecords.class);
    /** Servers starting together record their keys one at a time: "dockeys" in ASCII. */
    private static final long RECORDING_LOCK = 0x646f636b657973L;

    @Inject
    DocumentSigningKeys keys;
    @Inject
    Session session;
    @Inject
    ReadReplica replica;

    @Transactional
    void onStart(@Observes StartupEvent start) {
        session.doWork(connection -> record(connection, keys.all()));
    }

    /** One recorded key: its certificate, state, when the register first saw it and changed its state, and its log entry. */
    public record Recorded(String kid, X509Certificate certificate, byte[] sha256, KeyState state, Instant firstSeenAt,
            Instant activatedAt, Instant retiredAt, Instant revokedAt, Long logIndex) {
    }

    private record Found(KeyState state, byte[] certificate) {
    }

    /**
     * Records {@code configured}: a key not recorded is added, a key whose state differs is changed; keys recorded but
     * not configured here stay as recorded (another server holds them). A revoked key stays revoked whatever a
     * configuration says, and a server whose active key was revoked does not start: it would sign files that every
     * check finds altered.
     */
    public static void record(Connection connection, List<DocumentSigningKey> configured) throws SQLException {
        TransactionLocks.take(connection, RECORDING_LOCK);
        Map<String, Found> recorded = new HashMap<>();
        for (Object[] row : NamedSql.rows(connection, "select kid, state, certificate from document_signing_key", Map.of())) {
            recorded.put((String) row[0], new Found(KeyState.valueOf((String) row[1]), (byte[]) row[2]));
        }
        for (DocumentSigningKey key : configured) {
            Found found = recorded.get(key.kid());
            if (found == null) {
                NamedSql.update(connection, "insert into document_signing_key (kid, certificate, state) values (:kid,"
                        + " :certificate, :state)", Map.of("kid", key.kid(), "certificate", key.certificateDer(), "state",
                                key.state().name()));
                continue;
            }
            if (!Arrays.equals(found.certificate(), key.certificateDer())) {
                throw new IllegalStateException("The document-signing key " + key.kid() + " was recorded with another"
                        + " certificate: a key id names one key for good");
            }
            if (found.state() == KeyState.REVOKED) {
                if (key.state() == KeyState.ACTIVE) {
                    throw new IllegalStateException("The active document-signing key " + key.kid() + " was revoked:"
                            + " set registry.signing.document-active-kid to another key");
                }
                if (key.state() != KeyState.REVOKED) {
                    LOG.warnf("Document-signing key %s stays revoked, as recorded, though this server's configuration"
                            + " does not list it in registry.signing.document-revoked-kids", key.kid());
                }
            } else if (found.state() != key.state()) {
                NamedSql.update(connection, "update document_signing_key set state = :state where kid = :kid",
                        Map.of("state", key.state().name(), "kid", key.kid()));
            }
        }
    }

    /**
     * Every recorded key, first seen first, each with the index of the log entry that records its present state (none
     * in the second or so before the log takes it in).
     */
    public List<Recorded> all() {
        return replica.inSession(reading -> reading.doReturningWork(connection -> NamedSql.rows(connection, """
                select k.kid, k.certificate, k.sha256, k.state, k.first_seen_at, k.activated_at, k.retired_at, k.revoked_at,
                       (select max(e.index) from log_entry e
                         where e.kind like 'DOCUMENT_SIGNING_KEY_%'
                           and convert_from(e.entry, 'UTF8')::jsonb ->> 'kid' = k.kid
                           and convert_from(e.entry, 'UTF8')::jsonb ->> 'state' = k.state
                           and convert_from(e.entry, 'UTF8')::jsonb ->> 'recordedAt' = registry_log_time(k.changed_at))
                  from document_signing_key k order by k.first_seen_at, k.kid""", Map.of()))).stream()
                .map(row -> new Recorded((String) row[0], certificate((byte[]) row[1]), (byte[]) row[2],
                        KeyState.valueOf((String) row[3]), instant((Timestamp) row[4]), instant((Timestamp) row[5]),
                        instant((Timestamp) row[6]), instant((Timestamp) row[7]), (Long) row[8]))
                .toList();
    }

    /** The recorded state of the key whose certificate has this DER encoding; empty if the register never had it. */
    public Optional<KeyState> stateOf(byte[] certificateDer) {
        return replica.inSession(reading -> reading.doReturningWork(connection -> NamedSql.rows(connection,
                "select state from document_signing_key where sha256 = :sha256",
                Map.of("sha256", Hashes.sha256().digest(certificateDer))))).stream()
                .map(row -> KeyState.valueOf((String) row[0])).findFirst();
    }

    private static Instant instant(Timestamp time) {
        return time == null ? null : time.toInstant();
    }

    private static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("A recorded document-signing certificate does not parse", e);
        }
    }
}

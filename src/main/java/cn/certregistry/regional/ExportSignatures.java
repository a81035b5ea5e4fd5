package cn.certregistry.regional;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;

import cn.certregistry.common.RegistryConfig;
import cn.certregistry.log.NoteSigner;
import cn.certregistry.log.NoteSigners;
import cn.certregistry.log.TransparencyLog;

/**
 * What an export is a snapshot of, and its signature: a signed note (C2SP signed-note, Ed25519, the register's active
 * key under the name {@code <host>/exports}) over the file's SHA-256 and those facts, kept for {@link #KEPT_DAYS} days.
 */
@ApplicationScoped
public class ExportSignatures {

    static final int KEPT_DAYS = 400;
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    /** An export about to be written: its id, its address (path and query), when and at which log size. */
    public record Snapshot(String id, String address, OffsetDateTime exportedAt, long logSize) {

        public String time() {
            return SECONDS.format(exportedAt);
        }
    }

    private final NoteSigner signer;
    private final String base;

    @Inject
    TransparencyLog log;

    @Inject
    ExportSignatures(RegistryConfig config, NoteSigners signers) {
        base = config.publicBaseUrl().replaceAll("/+$", "");
        signer = signers.of("exports");
    }

    /** The key's name in notes and in the verifier key. */
    public String name() {
        return signer.name();
    }

    public Snapshot begin(String address) {
        byte[] id = new byte[16];
        RANDOM.nextBytes(id);
        return new Snapshot(Base64.getUrlEncoder().withoutPadding().encodeToString(id), address,
                OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS), log.size());
    }

    /** Where the signature of an export is served. */
    public String signatureUrl(Snapshot snapshot) {
        String path = snapshot.address().replaceFirst("\\?.*", "");
        return base + path + ".sig?export=" + snapshot.id();
    }

    /** The note's text: the name, then one fact a line. */
    static String body(String name, Snapshot snapshot, long rows, byte[] sha256) {
        return name + "\n"
                + "address " + snapshot.address() + "\n"
                + "export " + snapshot.id() + "\n"
                + "exported " + snapshot.time() + "\n"
                + "log-size " + snapshot.logSize() + "\n"
                + "rows " + rows + "\n"
                + "sha256 " + HexFormat.of().formatHex(sha256) + "\n";
    }

    /** Signs a finished export and keeps the note for its .sig. */
    public void sign(Snapshot snapshot, long rows, byte[] sha256) {
        String note = signer.sign(body(signer.name(), snapshot, rows, sha256));
        QuarkusTransaction.requiringNew().run(() -> {
            EntityManager session = Panache.getEntityManager();
            session.createNativeQuery("delete from export_signature where created_at < now() - make_interval(days => :days)")
                    .setParameter("days", KEPT_DAYS).executeUpdate();
            session.createNativeQuery("insert into export_signature (id, note) values (:id, :note)")
                    .setParameter("id", snapshot.id()).setParameter("note", note).executeUpdate();
        });
    }

    public Optional<String> find(String id) {
        if (id == null || !id.matches("[A-Za-z0-9_-]{22}")) {
            return Optional.empty();
        }
        return QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager()
                .createNativeQuery("select note from export_signature where id = :id", String.class).setParameter("id", id)
                .getResultStream().findFirst());
    }

    /** The verifier keys of export signatures, the active key first. */
    public List<String> verifierKeys() {
        return signer.verifierKeys();
    }
}

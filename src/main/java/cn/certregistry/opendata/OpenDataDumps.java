package cn.certregistry.opendata;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedHashMap;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;

import cn.certregistry.common.Csv;
import cn.certregistry.common.Hashes;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.common.ReadReplica;
import cn.certregistry.common.TransactionLocks;
import cn.certregistry.log.NoteSigner;
import cn.certregistry.log.NoteSigners;
import cn.certregistry.log.TransparencyLog;
import cn.certregistry.region.Region;
import cn.certregistry.region.RegionService;
import cn.certregistry.register.CertificateQueries;
import cn.certregistry.register.CertificateSearch;
import cn.certregistry.register.RegisterReferenceData;

/**
 * The whole register as open data, once a day: a gzip CSV per province (codes, not labels: for programs), the directory
 * of certification bodies (their contacts and what their approval lets them certify that day, and every approval event),
 * and a manifest, a signed note (Ed25519, the register's active key, under {@code <host>/open-data}) of each file's
 * SHA-256 and row count, with the transparency log's size when it was made.
 */
@ApplicationScoped
public class OpenDataDumps {

    private static final Logger LOG = Logger.getLogger(OpenDataDumps.class);
    /** The advisory lock of the dump's maker: "opendata" in ASCII. */
    private static final long MAKER_LOCK = 0x6f70656e_64617461L;
    static final List<String> COLUMNS = List.of("number", "holder_name", "credit_code", "scheme", "grade", "score", "score_scale",
            "status", "issue_date", "expiry_date", "body", "site_region", "site_address");

    static final List<String> BODY_COLUMNS = List.of("code", "name", "approval_number", "website", "address", "region", "phone",
            "approval_recorded", "certifies", "valid_until");
    static final List<String> APPROVAL_COLUMNS = List.of("body", "kind", "effective_date", "schemes", "valid_until", "reason",
            "recorded_at");
    /** The directory's parts, beside the provinces' two-digit codes. */
    static final String BODIES = "bodies";
    static final String APPROVALS = "body-approvals";

    // the approval rule (V27) decides which schemes a body may certify on the day; ';' between schemes
    private static final String BODIES_QUERY = "select b.code, b.name, b.approval_number, b.website, b.address, b.region_code,"
            + " b.phone, exists (select 1 from body_approval_event e where e.body_id = b.id),"
            + " (select string_agg(s.code, ';' order by s.code) from scheme s"
            + "   where registry_approval_certifies(registry_approval_on(b.id, s.code, ?))),"
            + " (select e.valid_until from body_approval_event e where e.body_id = b.id and e.kind = 'APPROVED'"
            + "   and e.effective_date <= ? order by e.effective_date desc, e.id desc limit 1)"
            + " from certification_body b order by b.code";
    private static final String APPROVALS_QUERY = "select b.code, e.kind, e.effective_date, array_to_string(e.schemes, ';'),"
            + " e.valid_until, e.reason, e.recorded_at from body_approval_event e join certification_body b on b.id = e.body_id"
            + " order by b.code, e.effective_date, e.id";

    /** One file of a dump: a province's certificates, or a part of the directory. */
    public record File(String part, String name, long rows, byte[] sha256) {

        /** The province whose certificates the file holds; none for the directory's parts. */
        public Optional<String> province() {
            return part.matches("[0-9]{2}") ? Optional.of(part) : Optional.empty();
        }
    }

    /** A day's dump: its files and its signed manifest. */
    public record Dump(LocalDate date, long logSize, String manifest, List<File> files) {
    }

    private final NoteSigner signer;

    @Inject
    Session session;
    @Inject
    ReadReplica replica;
    @Inject
    CertificateQueries queries;
    @Inject
    RegisterReferenceData referenceData;
    @Inject
    RegionService regions;
    @Inject
    TransparencyLog log;
    @Inject
    OpenDataConfig config;

    @Inject
    OpenDataDumps(NoteSigners signers) {
        signer = signers.of("open-data");
    }

    public String name() {
        return signer.name();
    }

    public List<String> verifierKeys() {
        return signer.verifierKeys();
    }

    static String fileName(String part) {
        return part + ".csv.gz";
    }

    /**
     * Makes the day's dump unless it exists or another server is making it; keeps the latest {@link OpenDataConfig#keep()}.
     * True when this call made it.
     */
    public boolean make(LocalDate day) {
        return QuarkusTransaction.requiringNew().timeout(3600).call(() -> session.doReturningWork(connection -> {
            if (!TransactionLocks.tryTake(connection, MAKER_LOCK)) {
                return false;
            }
            if (exists(connection, day)) {
                return false;
            }
            long started = System.nanoTime();
            long logSize = log.size();
            StringBuilder manifest = new StringBuilder(signer.name()).append('\n').append("date ").append(day).append('\n')
                    .append("log-size ").append(logSize).append('\n');
            long total = 0;
            for (Region province : regions.provinces()) {
                String code = province.code.substring(0, 2);
                ByteArrayOutputStream gzip = new ByteArrayOutputStream();
                MessageDigest sha256 = Hashes.sha256();
                long rows = write(code, new DigestOutputStream(gzip, sha256));
                byte[] hash = sha256.digest();
                insertFile(connection, day, code, rows, hash, gzip.toByteArray());
                manifest.append(HexFormat.of().formatHex(hash)).append(' ').append(rows).append(' ').append(fileName(code))
                        .append('\n');
                total += rows;
            }
            for (String part : List.of(BODIES, APPROVALS)) {
                ByteArrayOutputStream gzip = new ByteArrayOutputStream();
                MessageDigest sha256 = Hashes.sha256();
                long rows = writeDirectory(connection, part, day, new DigestOutputStream(gzip, sha256));
                byte[] hash = sha256.digest();
                insertFile(connection, day, part, rows, hash, gzip.toByteArray());
                manifest.append(HexFormat.of().formatHex(hash)).append(' ').append(rows).append(' ').append(fileName(part))
                        .append('\n');
            }
            String note = signer.sign(manifest.toString());
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into open_data_dump (dump_date, log_size, manifest) values (?, ?, ?)")) {
                insert.setDate(1, Date.valueOf(day));
                insert.setLong(2, logSize);
                insert.setString(3, note);
                insert.executeUpdate();
            }
            try (PreparedStatement prune = connection.prepareStatement("delete from open_data_dump where dump_date not in"
                    + " (select dump_date from open_data_dump order by dump_date desc limit ?)")) {
                prune.setInt(1, config.keep());
                prune.executeUpdate();
            }
            LOG.infof("Open data of %s: %d certificates in %d ms", day, total, (System.nanoTime() - started) / 1_000_000);
            return true;
        }));
    }

    /** A province's certificates, in region and number order, as gzip CSV; how many. */
    private long write(String province, java.io.OutputStream out) {
        MultivaluedHashMap<String, String> query = new MultivaluedHashMap<>();
        query.putSingle("region", province);
        CertificateSearch.Filters filters = CertificateSearch.parse(QueryParameters.of(query, CertificateSearch.PARAMETERS),
                referenceData).filters();
        long[] rows = {0};
        try (Writer writer = new OutputStreamWriter(new GZIPOutputStream(out, 64 * 1024), StandardCharsets.UTF_8)) {
            writer.write(Csv.line(COLUMNS));
            queries.export(filters, Long.MAX_VALUE, row -> {
                rows[0]++;
                try {
                    writer.write(Csv.line(List.of(row.number(), row.holderName(), row.holderCreditCode(), row.schemeCode(),
                            row.gradeCode(), row.score().toPlainString(), String.valueOf(row.scoreScale()), row.status().name(),
                            row.issueDate().toString(), row.expiryDate().toString(), row.bodyCode(), row.siteRegionCode(),
                            row.siteAddress() == null ? "" : row.siteAddress())));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows[0];
    }

    /** The directory's bodies (with what they may certify on the day) or every approval event, as gzip CSV; how many. */
    private static long writeDirectory(Connection connection, String part, LocalDate day, java.io.OutputStream out)
            throws SQLException {
        boolean bodies = part.equals(BODIES);
        long rows = 0;
        try (Writer writer = new OutputStreamWriter(new GZIPOutputStream(out, 64 * 1024), StandardCharsets.UTF_8);
                PreparedStatement read = connection.prepareStatement(bodies ? BODIES_QUERY : APPROVALS_QUERY)) {
            writer.write(Csv.line(bodies ? BODY_COLUMNS : APPROVAL_COLUMNS));
            if (bodies) {
                read.setDate(1, Date.valueOf(day));
                read.setDate(2, Date.valueOf(day));
            }
            try (ResultSet result = read.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        Object value = result.getObject(i);
                        values.add(value == null ? "" : value instanceof java.sql.Timestamp time
                                ? time.toInstant().toString() : value.toString());
                    }
                    writer.write(Csv.line(values));
                    rows++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static boolean exists(Connection connection, LocalDate day) throws SQLException {
        try (PreparedStatement read = connection.prepareStatement("select 1 from open_data_dump where dump_date = ?")) {
            read.setDate(1, Date.valueOf(day));
            try (ResultSet rows = read.executeQuery()) {
                return rows.next();
            }
        }
    }

    private static void insertFile(Connection connection, LocalDate day, String part, long rows, byte[] sha256, byte[] content)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into open_data_file (dump_date, part, rows, sha256, content) values (?, ?, ?, ?, ?)")) {
            insert.setDate(1, Date.valueOf(day));
            insert.setString(2, part);
            insert.setLong(3, rows);
            insert.setBytes(4, sha256);
            insert.setBytes(5, content);
            insert.executeUpdate();
        }
    }

    /** The latest dump, or that of a day. */
    public Optional<Dump> dump(Optional<LocalDate> day) {
        return replica.inSession(s -> s.doReturningWork(connection -> {
            Dump found = null;
            try (PreparedStatement read = connection.prepareStatement("select dump_date, log_size, manifest from open_data_dump"
                    + (day.isPresent() ? " where dump_date = ?" : "") + " order by dump_date desc limit 1")) {
                if (day.isPresent()) {
                    read.setDate(1, Date.valueOf(day.get()));
                }
                try (ResultSet rows = read.executeQuery()) {
                    if (rows.next()) {
                        found = new Dump(rows.getDate(1).toLocalDate(), rows.getLong(2), rows.getString(3), new ArrayList<>());
                    }
                }
            }
            if (found == null) {
                return Optional.<Dump>empty();
            }
            try (PreparedStatement read = connection.prepareStatement(
                    "select part, rows, sha256 from open_data_file where dump_date = ? order by part")) {
                read.setDate(1, Date.valueOf(found.date()));
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        found.files().add(new File(rows.getString(1), fileName(rows.getString(1)), rows.getLong(2), rows.getBytes(3)));
                    }
                }
            }
            return Optional.of(found);
        }));
    }

    /** A file of a day's dump, by its part. */
    public Optional<byte[]> content(LocalDate day, String part) {
        return replica.inSession(s -> s.doReturningWork(connection -> {
            try (PreparedStatement read = connection.prepareStatement(
                    "select content from open_data_file where dump_date = ? and part = ?")) {
                read.setDate(1, Date.valueOf(day));
                read.setString(2, part);
                try (ResultSet rows = read.executeQuery()) {
                    return rows.next() ? Optional.of(rows.getBytes(1)) : Optional.<byte[]>empty();
                }
            }
        }));
    }
}

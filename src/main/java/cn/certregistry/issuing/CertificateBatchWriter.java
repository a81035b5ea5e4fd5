package cn.certregistry.issuing;

import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.Session;
import org.postgresql.PGConnection;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.certregistry.body.CertificationBody;
import cn.certregistry.holder.Holder;
import cn.certregistry.register.Certificate;
import cn.certregistry.register.CertificateEvent;

/**
 * Writes many checked certificates at once, in the caller's transaction: an import through the staging table
 * ({@link #staging}, {@link #copy}, {@link #move}), or, where that failed, batches in which each statement carries a whole
 * batch, every column as one array that {@code unnest} spreads into rows again, so a batch costs a
 * handful of round trips however many rows it has. Certificates get exactly what a single issue gives
 * them ({@link IssuingService#issued}).
 */
@ApplicationScoped
class CertificateBatchWriter {

    private static final String EXISTING = "select c.number, b.code, c.scheme_code, c.issue_date, c.expiry_date,"
            + " h.credit_code, c.site_region_code from certificate c join certification_body b on b.id = c.body_id"
            + " join holder h on h.id = c.holder_id where c.number = any(?::varchar[])";
    // two imports entering one organisation at once meet one row
    private static final String INSERT_HOLDERS = "insert into holder (credit_code, credit_code_check_ok)"
            + " select * from unnest(?::varchar[], ?::boolean[]) on conflict (credit_code) do nothing";
    private static final String HOLDERS = "select id, credit_code, credit_code_check_ok from holder"
            + " where credit_code = any(?::varchar[])";
    private static final String INSERT_CERTIFICATES = "insert into certificate (number, scheme_code, grade_code, score,"
            + " score_scale, sub_scores, scope, issue_date, expiry_date, body_id, holder_id, holder_name, holder_region_code,"
            + " site_region_code, site_address, standing, surveillance_due, version, created_at)"
            + " select * from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::numeric[], ?::integer[], ?::jsonb[],"
            + " ?::varchar[], ?::date[], ?::date[], ?::bigint[], ?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[],"
            + " ?::varchar[], ?::varchar[], ?::date[], ?::bigint[], ?::timestamptz[]) returning id, number";
    private static final String INSERT_EVENTS = "insert into certificate_event (certificate_id, kind, effective_date, reason,"
            + " recorded_at, recorded_by, grade_code, score, sub_scores, scope, holder_name)"
            + " select * from unnest(?::bigint[], ?::varchar[], ?::date[], ?::varchar[], ?::timestamptz[], ?::varchar[],"
            + " ?::varchar[], ?::numeric[], ?::jsonb[], ?::varchar[], ?::varchar[])";

    // the staging table of imports (V31): rows arrive by COPY and leave by one statement, in the import's transaction
    private static final String STAGE = "copy certificate_import_row (import_id, row_number, number, scheme_code, grade_code,"
            + " score, score_scale, sub_scores, scope, issue_date, expiry_date, holder_name, holder_region_code, credit_code,"
            + " credit_code_check_ok, site_region_code, site_address, standing, surveillance_due, created_at, reason,"
            + " recorded_at, recorded_by) from stdin (format csv)";
    private static final String STAGED_PRESENT = "select s.row_number, b.code, c.scheme_code, c.issue_date, c.expiry_date,"
            + " h.credit_code, c.site_region_code from certificate_import_row s join certificate c on c.number = s.number"
            + " join certification_body b on b.id = c.body_id join holder h on h.id = c.holder_id where s.import_id = ?::uuid";
    /**
     * Moves the staged rows whose numbers are not in the register: their holders first (two imports entering one
     * organisation at once meet one row), then the certificates in the file's order, then one ISSUED event each, in
     * the certificates' order; the outbox's statement-level trigger on certificate_event logs them all at once. A
     * number another writer took meanwhile is skipped, not an error; the numbers moved are returned.
     */
    private static final String MOVE = "with staged as (select s.* from certificate_import_row s where s.import_id = ?::uuid"
            + " and not exists (select 1 from certificate c where c.number = s.number)),"
            + " new_holders as (insert into holder (credit_code, credit_code_check_ok)"
            + " select distinct on (credit_code) credit_code, credit_code_check_ok from staged order by credit_code"
            + " on conflict (credit_code) do nothing returning id, credit_code),"
            // the statement's snapshot sees the holders that were there, its RETURNING the ones it added
            + " holders as (select id, credit_code from new_holders union all select h.id, h.credit_code from holder h"
            + " where h.credit_code in (select credit_code from staged)),"
            + " certificates as (insert into certificate (number, scheme_code, grade_code, score, score_scale, sub_scores, scope,"
            + " issue_date, expiry_date, body_id, holder_id, holder_name, holder_region_code, site_region_code, site_address,"
            + " standing, surveillance_due, version, created_at)"
            + " select s.number, s.scheme_code, s.grade_code, s.score, s.score_scale, s.sub_scores, s.scope, s.issue_date,"
            + " s.expiry_date, ?, h.id, s.holder_name, s.holder_region_code, s.site_region_code, s.site_address, s.standing,"
            + " s.surveillance_due, 0, s.created_at from staged s join holders h on h.credit_code = s.credit_code"
            + " order by s.row_number on conflict (number) do nothing returning id, number),"
            + " events as (insert into certificate_event (certificate_id, kind, effective_date, reason, recorded_at,"
            + " recorded_by, holder_name) select c.id, 'ISSUED', s.issue_date, s.reason, s.recorded_at, s.recorded_by,"
            + " s.holder_name from certificates c join staged s on s.number = c.number order by c.id)"
            + " select number from certificates";
    private static final String UNSTAGE = "delete from certificate_import_row where import_id = ?::uuid";

    /** The facts of a certificate that a re-import must repeat to be the same certificate. */
    record Facts(String scheme, java.time.LocalDate issueDate, java.time.LocalDate expiryDate, String creditCode,
            String siteRegion) {

        static Facts of(IssuingService.Checked row) {
            return new Facts(row.scheme().code(), row.issueDate(), row.expiryDate(), row.creditCode().value(), row.siteRegion());
        }
    }

    /** What the register holds of a certificate number already in it: whose it is, and the facts a re-import repeats. */
    record Existing(String bodyCode, String scheme, java.time.LocalDate issueDate, java.time.LocalDate expiryDate,
            String creditCode, String siteRegion) {

        /** The facts in which a row differs from the certificate of its number. */
        List<String> differences(IssuingService.Checked row) {
            return differences(Facts.of(row));
        }

        List<String> differences(Facts row) {
            List<String> differences = new java.util.ArrayList<>();
            if (!scheme.equals(row.scheme())) {
                differences.add("scheme");
            }
            if (!issueDate.equals(row.issueDate())) {
                differences.add("issueDate");
            }
            if (!expiryDate.equals(row.expiryDate())) {
                differences.add("expiryDate");
            }
            if (!creditCode.equals(row.creditCode())) {
                differences.add("holderCreditCode");
            }
            if (!siteRegion.equals(row.siteRegion())) {
                differences.add("siteRegion");
            }
            return differences;
        }

        private static Existing of(ResultSet rows, int first) throws SQLException {
            return new Existing(rows.getString(first), rows.getString(first + 1), rows.getDate(first + 2).toLocalDate(),
                    rows.getDate(first + 3).toLocalDate(), rows.getString(first + 4), rows.getString(first + 5));
        }
    }

    /**
     * Checked rows on their way into the staging table, written first to a temporary file in the form COPY reads (CSV:
     * a null is an unquoted empty field, every value else is quoted), then sent by one COPY ({@link #copy}). The file
     * lets the rows be read and checked before the transaction begins, and keeps the COPY from sharing its connection
     * with anything a check might ask the database. Each row gets what a single issue gives it
     * ({@link IssuingService#issued}).
     */
    final class Staging implements AutoCloseable {

        final UUID id = UUID.randomUUID();
        private final CertificationBody body;
        private final String recordedBy;
        private final Path file;
        private final Writer lines;

        private Staging(CertificationBody body, String recordedBy) throws IOException {
            this.body = body;
            this.recordedBy = recordedBy;
            file = Files.createTempFile("import-staging", ".csv");
            lines = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8), 64 * 1024);
        }

        void add(int row, IssuingService.Checked checked) {
            Certificate c = IssuingService.issued(body, null, checked, recordedBy);
            CertificateEvent issued = c.events.get(0);
            line(id, row, c.number, c.schemeCode, c.gradeCode, c.score.toPlainString(), c.scoreScale, json(c.subScores),
                    c.scope, c.issueDate, c.expiryDate, c.holderName, c.holderRegionCode, checked.creditCode().value(),
                    checked.creditCode().checkCharacterValid(), c.siteRegionCode, c.siteAddress, c.standing.name(),
                    c.surveillanceDue, c.createdAt, issued.reason, issued.recordedAt, issued.recordedBy);
        }

        private void line(Object... values) {
            try {
                for (int i = 0; i < values.length; i++) {
                    if (i > 0) {
                        lines.write(',');
                    }
                    if (values[i] != null) {
                        lines.write('"');
                        lines.write(values[i].toString().replace("\"", "\"\""));
                        lines.write('"');
                    }
                }
                lines.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** All rows are written. */
        void finish() throws IOException {
            lines.close();
        }

        @Override
        public void close() throws IOException {
            lines.close();
            Files.deleteIfExists(file);
        }
    }

    /** A staging file for the rows of one import, to be sent by {@link #copy} once every row is in it. */
    Staging staging(CertificationBody body, String recordedBy) throws IOException {
        return new Staging(body, recordedBy);
    }

    /** Sends the staged rows into the staging table by one COPY, in the caller's transaction. */
    void copy(Staging staging) {
        session.doWork(connection -> {
            try (InputStream rows = new BufferedInputStream(Files.newInputStream(staging.file), 64 * 1024)) {
                connection.unwrap(PGConnection.class).getCopyAPI().copyIn(STAGE, rows, 64 * 1024);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The staged rows whose numbers are in the register already, by row, with what it holds of them. */
    Map<Integer, Existing> stagedPresent(UUID id) {
        return session.doReturningWork(connection -> {
            Map<Integer, Existing> present = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(STAGED_PRESENT)) {
                select.setString(1, id.toString());
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        present.put(rows.getInt(1), Existing.of(rows, 2));
                    }
                }
            }
            return present;
        });
    }

    /** Moves the staged rows not yet in the register into it (see {@link #MOVE}); the numbers it wrote. */
    Set<String> move(UUID id, CertificationBody body) {
        return session.doReturningWork(connection -> {
            Set<String> moved = new HashSet<>();
            try (PreparedStatement move = connection.prepareStatement(MOVE)) {
                move.setString(1, id.toString());
                move.setLong(2, body.id);
                try (ResultSet rows = move.executeQuery()) {
                    while (rows.next()) {
                        moved.add(rows.getString(1));
                    }
                }
            }
            return moved;
        });
    }

    /** Empties the import's rows from the staging table (a rolled-back import leaves none in any case). */
    void unstage(UUID id) {
        session.doWork(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(UNSTAGE)) {
                delete.setString(1, id.toString());
                delete.executeUpdate();
            }
        });
    }

    @Inject
    Session session;
    @Inject
    ObjectMapper json;

    /** Those of these numbers already in the register, with what it holds of them. */
    Map<String, Existing> existing(Collection<String> numbers) {
        return session.doReturningWork(connection -> {
            Map<String, Existing> existing = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(EXISTING)) {
                select.setArray(1, texts(connection, numbers));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        existing.put(rows.getString(1), Existing.of(rows, 2));
                    }
                }
            }
            return existing;
        });
    }

    /** Writes the certificates, their holders and their ISSUED events, in order; the caller holds the transaction. */
    void write(CertificationBody body, List<IssuingService.Checked> batch, String recordedBy) {
        if (batch.isEmpty()) {
            return;
        }
        session.doWork(connection -> {
            Map<String, cn.certregistry.holder.CreditCode> creditCodes = new LinkedHashMap<>();
            batch.forEach(checked -> creditCodes.put(checked.creditCode().value(), checked.creditCode()));
            execute(connection, INSERT_HOLDERS, List.copyOf(creditCodes.values()), List.of(
                    code -> code.value(), code -> code.checkCharacterValid()));
            Map<String, Holder> holders = holders(connection, creditCodes.keySet());
            List<Certificate> certificates = batch.stream().map(checked -> IssuingService.issued(body,
                    holders.get(checked.creditCode().value()), checked, recordedBy)).toList();
            insertCertificates(connection, certificates);
            execute(connection, INSERT_EVENTS, certificates.stream().flatMap(c -> c.events.stream()).toList(), List.of(
                    e -> e.certificate.id, e -> e.kind, e -> e.effectiveDate, e -> e.reason, e -> e.recordedAt,
                    e -> e.recordedBy, e -> e.gradeCode, e -> e.score, e -> json(e.subScores), e -> e.scope,
                    e -> e.holderName));
        });
    }

    /** The holders of these credit codes that are in the register, by credit code. */
    private static Map<String, Holder> holders(Connection connection, Collection<String> creditCodes) throws SQLException {
        Map<String, Holder> holders = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(HOLDERS)) {
            select.setArray(1, texts(connection, creditCodes));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Holder holder = new Holder();
                    holder.id = rows.getLong("id");
                    holder.creditCode = rows.getString("credit_code");
                    holder.creditCodeCheckOk = rows.getBoolean("credit_code_check_ok");
                    holders.put(holder.creditCode, holder);
                }
            }
        }
        return holders;
    }

    private void insertCertificates(Connection connection, List<Certificate> certificates) throws SQLException {
        Map<String, Certificate> byNumber = new HashMap<>();
        certificates.forEach(c -> byNumber.put(c.number, c));
        try (PreparedStatement insert = prepare(connection, INSERT_CERTIFICATES, certificates, List.of(c -> c.number,
                c -> c.schemeCode, c -> c.gradeCode, c -> c.score, c -> c.scoreScale, c -> json(c.subScores), c -> c.scope,
                c -> c.issueDate, c -> c.expiryDate, c -> c.body.id, c -> c.holder.id, c -> c.holderName,
                c -> c.holderRegionCode, c -> c.siteRegionCode,
                c -> c.siteAddress, c -> c.standing, c -> c.surveillanceDue, c -> c.version, c -> c.createdAt));
                ResultSet ids = insert.executeQuery()) {
            while (ids.next()) {
                byNumber.get(ids.getString("number")).id = ids.getLong("id");
            }
        }
    }

    private static <T> void execute(Connection connection, String sql, List<T> rows, List<Function<T, Object>> columns)
            throws SQLException {
        if (!rows.isEmpty()) {
            try (PreparedStatement statement = prepare(connection, sql, rows, columns)) {
                statement.executeUpdate();
            }
        }
    }

    /** The statement with one array parameter per column, in the order of {@code columns}. */
    private static <T> PreparedStatement prepare(Connection connection, String sql, List<T> rows,
            List<Function<T, Object>> columns) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        for (int i = 0; i < columns.size(); i++) {
            statement.setArray(i + 1, texts(connection, rows.stream().map(columns.get(i)).toList()));
        }
        return statement;
    }

    /** Values as a text array, which the statement casts to each column's type. */
    private static java.sql.Array texts(Connection connection, Collection<?> values) throws SQLException {
        return connection.createArrayOf("text", values.stream().map(value -> value == null ? null
                : value instanceof BigDecimal decimal ? decimal.toPlainString()
                : value instanceof Enum<?> constant ? constant.name()
                : value.toString()).toArray());
    }

    private String json(Map<String, BigDecimal> values) {
        try {
            return values == null ? null : json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Sub-scores could not be written as JSON", e);
        }
    }
}

package cn.certregistry.issuing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.Session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.certregistry.body.CertificationBody;
import cn.certregistry.holder.Holder;
import cn.certregistry.register.Certificate;

/**
 * Writes many checked certificates at once, in the caller's transaction: each statement carries a whole
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

    /** What the register holds of a certificate number already in it: whose it is, and the facts a re-import repeats. */
    record Existing(String bodyCode, String scheme, java.time.LocalDate issueDate, java.time.LocalDate expiryDate,
            String creditCode, String siteRegion) {

        /** The facts in which a row differs from the certificate of its number. */
        List<String> differences(IssuingService.Checked row) {
            List<String> differences = new java.util.ArrayList<>();
            if (!scheme.equals(row.scheme().code())) {
                differences.add("scheme");
            }
            if (!issueDate.equals(row.issueDate())) {
                differences.add("issueDate");
            }
            if (!expiryDate.equals(row.expiryDate())) {
                differences.add("expiryDate");
            }
            if (!creditCode.equals(row.creditCode().value())) {
                differences.add("holderCreditCode");
            }
            if (!siteRegion.equals(row.siteRegion())) {
                differences.add("siteRegion");
            }
            return differences;
        }
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
                        existing.put(rows.getString(1), new Existing(rows.getString(2), rows.getString(3),
                                rows.getDate(4).toLocalDate(), rows.getDate(5).toLocalDate(), rows.getString(6),
                                rows.getString(7)));
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

package cn.certregistry.issuing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.HashMap;
import java.util.IdentityHashMap;
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
import cn.certregistry.register.CertificateEvent;

/**
 * Writes many checked certificates at once, in the caller's transaction: each statement carries a whole
 * batch, every column as one array that {@code unnest} spreads into rows again, so a batch costs a
 * handful of round trips however many rows it has. Holders and certificates get exactly what a single
 * issue gives them ({@link IssuingService#describe}, {@link IssuingService#issued}).
 */
@ApplicationScoped
class CertificateBatchWriter {

    private static final String OWNERS = "select c.number, b.code from certificate c"
            + " join certification_body b on b.id = c.body_id where c.number = any(?::varchar[])";
    private static final String HOLDERS = "select id, name, credit_code, credit_code_check_ok, region_code from holder"
            + " where credit_code = any(?::varchar[])";
    private static final String INSERT_HOLDERS = "insert into holder (name, credit_code, credit_code_check_ok, region_code)"
            + " select * from unnest(?::varchar[], ?::varchar[], ?::boolean[], ?::varchar[]) returning id, credit_code";
    private static final String UPDATE_HOLDERS = "update holder h set name = v.name, credit_code_check_ok = v.check_ok,"
            + " region_code = v.region_code from unnest(?::bigint[], ?::varchar[], ?::boolean[], ?::varchar[])"
            + " as v (id, name, check_ok, region_code) where h.id = v.id";
    private static final String INSERT_CERTIFICATES = "insert into certificate (number, scheme_code, grade_code, score,"
            + " score_scale, sub_scores, scope, issue_date, expiry_date, body_id, holder_id, site_region_code, site_address,"
            + " standing, surveillance_due, version, created_at)"
            + " select * from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::numeric[], ?::integer[], ?::jsonb[],"
            + " ?::varchar[], ?::date[], ?::date[], ?::bigint[], ?::bigint[], ?::varchar[], ?::varchar[], ?::varchar[],"
            + " ?::date[], ?::bigint[], ?::timestamptz[]) returning id, number";
    private static final String INSERT_EVENTS = "insert into certificate_event (certificate_id, kind, effective_date, reason,"
            + " recorded_at, recorded_by, grade_code, score, sub_scores, scope)"
            + " select * from unnest(?::bigint[], ?::varchar[], ?::date[], ?::varchar[], ?::timestamptz[], ?::varchar[],"
            + " ?::varchar[], ?::numeric[], ?::jsonb[], ?::varchar[])";

    /** What a write may change of a holder found in the register: only changed ones are updated, as Hibernate would. */
    private record HolderState(String name, boolean creditCodeCheckOk, String regionCode) {

        static HolderState of(Holder holder) {
            return new HolderState(holder.name, holder.creditCodeCheckOk, holder.regionCode);
        }
    }

    @Inject
    Session session;
    @Inject
    ObjectMapper json;

    /** The code of the body holding each of these numbers, for those already in the register. */
    Map<String, String> bodiesOfNumbers(Collection<String> numbers) {
        return session.doReturningWork(connection -> {
            Map<String, String> owners = new HashMap<>();
            try (PreparedStatement select = connection.prepareStatement(OWNERS)) {
                select.setArray(1, texts(connection, numbers));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        owners.put(rows.getString(1), rows.getString(2));
                    }
                }
            }
            return owners;
        });
    }

    /** Writes the certificates, their holders and their ISSUED events, in order; the caller holds the transaction. */
    void write(CertificationBody body, List<IssuingService.Checked> batch, String recordedBy) {
        if (batch.isEmpty()) {
            return;
        }
        session.doWork(connection -> {
            Map<String, Holder> holders = holders(connection, batch.stream().map(c -> c.creditCode().value()).toList());
            Map<Holder, HolderState> found = new IdentityHashMap<>();
            holders.values().forEach(h -> found.put(h, HolderState.of(h)));
            List<Certificate> certificates = batch.stream().map(checked -> {
                Holder holder = holders.computeIfAbsent(checked.creditCode().value(), code -> new Holder());
                IssuingService.describe(holder, checked);
                return IssuingService.issued(body, holder, checked, recordedBy);
            }).toList();
            insertHolders(connection, holders.values().stream().filter(h -> h.id == null).toList());
            List<Holder> changed = found.entrySet().stream().filter(e -> !HolderState.of(e.getKey()).equals(e.getValue()))
                    .map(Map.Entry::getKey).toList();
            execute(connection, UPDATE_HOLDERS, changed, List.of(h -> h.id, h -> h.name, h -> h.creditCodeCheckOk,
                    h -> h.regionCode));
            insertCertificates(connection, certificates);
            execute(connection, INSERT_EVENTS, certificates.stream().flatMap(c -> c.events.stream()).toList(), List.of(
                    e -> e.certificate.id, e -> e.kind, e -> e.effectiveDate, e -> e.reason, e -> e.recordedAt,
                    e -> e.recordedBy, e -> e.gradeCode, e -> e.score, e -> json(e.subScores), e -> e.scope));
        });
    }

    /** The holders of these credit codes that are in the register, by credit code. */
    private static Map<String, Holder> holders(Connection connection, List<String> creditCodes) throws SQLException {
        Map<String, Holder> holders = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(HOLDERS)) {
            select.setArray(1, texts(connection, creditCodes));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Holder holder = new Holder();
                    holder.id = rows.getLong("id");
                    holder.name = rows.getString("name");
                    holder.creditCode = rows.getString("credit_code");
                    holder.creditCodeCheckOk = rows.getBoolean("credit_code_check_ok");
                    holder.regionCode = rows.getString("region_code");
                    holders.put(holder.creditCode, holder);
                }
            }
        }
        return holders;
    }

    private static void insertHolders(Connection connection, List<Holder> holders) throws SQLException {
        if (holders.isEmpty()) {
            return;
        }
        Map<String, Holder> byCreditCode = new HashMap<>();
        holders.forEach(h -> byCreditCode.put(h.creditCode, h));
        try (PreparedStatement insert = prepare(connection, INSERT_HOLDERS, holders, List.of(h -> h.name, h -> h.creditCode,
                h -> h.creditCodeCheckOk, h -> h.regionCode)); ResultSet ids = insert.executeQuery()) {
            while (ids.next()) {
                byCreditCode.get(ids.getString("credit_code")).id = ids.getLong("id");
            }
        }
    }

    private void insertCertificates(Connection connection, List<Certificate> certificates) throws SQLException {
        Map<String, Certificate> byNumber = new HashMap<>();
        certificates.forEach(c -> byNumber.put(c.number, c));
        try (PreparedStatement insert = prepare(connection, INSERT_CERTIFICATES, certificates, List.of(c -> c.number,
                c -> c.schemeCode, c -> c.gradeCode, c -> c.score, c -> c.scoreScale, c -> json(c.subScores), c -> c.scope,
                c -> c.issueDate, c -> c.expiryDate, c -> c.body.id, c -> c.holder.id, c -> c.siteRegionCode,
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

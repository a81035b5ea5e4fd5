package cn.certregistry.demo;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import cn.certregistry.register.EventKind;
import cn.certregistry.register.StatusTimeline;
import cn.certregistry.scheme.Scheme;

/**
 * Loads generated certificates with PostgreSQL's COPY, in chunks, so that a million certificates
 * and their histories load in minutes with little memory. Every certificate is checked against the
 * scheme rules first: COPY skips the service, not the rules.
 */
public final class BulkLoader {

    private static final int CHUNK = 5_000;

    private final List<Scheme> schemes;

    public BulkLoader(List<Scheme> schemes) {
        this.schemes = schemes;
    }

    /** Loads {@code count} certificates (slightly more: a holder's certificates stay together); returns how many. */
    public long load(DataSource dataSource, int count, long seed, LocalDate today) throws SQLException, IOException {
        return load(dataSource, count, seed, today, "");
    }

    /**
     * As {@link #load(DataSource, int, long, LocalDate)}, with every holder in the districts whose code starts with
     * {@code regionPrefix}.
     */
    public long load(DataSource dataSource, int count, long seed, LocalDate today, String regionPrefix)
            throws SQLException, IOException {
        try (Connection connection = dataSource.getConnection()) {
            return load(connection, count, seed, today, regionPrefix);
        }
    }

    /** As {@link #load(DataSource, int, long, LocalDate, String)}, on a connection of the caller's. */
    public long load(Connection connection, int count, long seed, LocalDate today, String regionPrefix)
            throws SQLException, IOException {
        connection.setAutoCommit(false);
        Map<String, Long> bodyIds = ensureBodies(connection, today);
        long[] bodyIdByIndex = DemoDataGenerator.BODIES.stream().mapToLong(b -> bodyIds.get(b.code())).toArray();
        List<DemoDataGenerator.District> districts = districts(connection).stream()
                .filter(d -> d.code().startsWith(regionPrefix)).toList();
        if (districts.isEmpty()) {
            throw new IllegalArgumentException("No district has a code starting with '" + regionPrefix + "'");
        }
        DemoDataGenerator generator = new DemoDataGenerator(schemes, districts, today, seed,
                nextId(connection, "holder"), nextId(connection, "certificate"));
        long nextEventId = nextId(connection, "certificate_event");
        CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
        long loaded = 0;
        while (loaded < count) {
            StringBuilder holders = new StringBuilder();
            StringBuilder certificates = new StringBuilder();
            StringBuilder events = new StringBuilder();
            int inChunk = 0;
            while (inChunk < CHUNK && loaded + inChunk < count) {
                DemoDataGenerator.Batch batch = generator.next();
                DemoDataGenerator.Holder holder = batch.holder();
                row(holders, holder.id(), holder.creditCode(), holder.creditCodeCheckOk());
                for (DemoDataGenerator.Certificate certificate : batch.certificates()) {
                    check(certificate);
                    row(certificates, certificate.id(), certificate.number(), certificate.schemeCode(),
                            certificate.gradeCode(), certificate.score(), certificate.scoreScale(),
                            json(certificate.subScores()), certificate.scope(), certificate.issueDate(),
                            certificate.expiryDate(), bodyIdByIndex[certificate.bodyIndex()], certificate.holderId(),
                            certificate.siteRegionCode(), certificate.siteAddress(), standing(certificate),
                            surveillanceDue(certificate), holder.name(), holder.regionCode());
                    for (DemoDataGenerator.Event event : certificate.events()) {
                        row(events, nextEventId++, certificate.id(), event.kind().name(), event.effectiveDate(),
                                event.reason(), "demo-data", event.gradeCode(), event.score(), event.scope(),
                                event.kind() == EventKind.ISSUED ? holder.name() : null);
                    }
                    inChunk++;
                }
            }
            copy.copyIn("copy holder (id, credit_code, credit_code_check_ok) from stdin (format csv)",
                    new StringReader(holders.toString()));
            copy.copyIn("copy certificate (id, number, scheme_code, grade_code, score, score_scale, sub_scores, scope,"
                    + " issue_date, expiry_date, body_id, holder_id, site_region_code, site_address, standing, surveillance_due,"
                    + " holder_name, holder_region_code) from stdin (format csv)", new StringReader(certificates.toString()));
            copy.copyIn("copy certificate_event (id, certificate_id, kind, effective_date, reason, recorded_by,"
                    + " grade_code, score, scope, holder_name) from stdin (format csv)", new StringReader(events.toString()));
            connection.commit();
            loaded += inChunk;
        }
        try (Statement statement = connection.createStatement()) {
            for (String table : List.of("holder", "certificate", "certificate_event")) {
                statement.execute("select setval(pg_get_serial_sequence('" + table + "', 'id'),"
                        + " (select coalesce(max(id), 1) from " + table + "))");
            }
            statement.execute("analyze holder");
            statement.execute("analyze certificate");
            statement.execute("analyze certificate_event");
        }
        connection.commit();
        return loaded;
    }

    private void check(DemoDataGenerator.Certificate certificate) {
        Scheme scheme = schemes.stream().filter(s -> s.code().equals(certificate.schemeCode())).findFirst().orElseThrow();
        List<String> problems = scheme.inconsistencies(certificate.gradeCode(), certificate.score(), certificate.scoreScale(),
                certificate.subScores());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Generated certificate " + certificate.number() + " breaks the rules: " + problems);
        }
    }

    private static String standing(DemoDataGenerator.Certificate certificate) {
        List<StatusTimeline.Change> changes = new ArrayList<>();
        for (int i = 0; i < certificate.events().size(); i++) {
            DemoDataGenerator.Event event = certificate.events().get(i);
            int sequence = i;
            event.kind().standingAfter().ifPresent(s -> changes.add(new StatusTimeline.Change(event.effectiveDate(), sequence, s)));
        }
        return StatusTimeline.standing(certificate.issueDate(), changes).name();
    }

    private static LocalDate surveillanceDue(DemoDataGenerator.Certificate certificate) {
        return certificate.events().stream()
                .filter(e -> e.kind() == EventKind.SURVEILLANCE_PASSED)
                .map(DemoDataGenerator.Event::effectiveDate)
                .max(LocalDate::compareTo).orElse(certificate.issueDate()).plusMonths(12);
    }

    private static Map<String, Long> ensureBodies(Connection connection, LocalDate today) throws SQLException {
        // a demo body registered before contacts were kept gets them now; one with a contact keeps its own
        try (PreparedStatement insert = connection.prepareStatement("insert into certification_body (code, name, approval_number,"
                + " website, address, region_code, phone) values (?, ?, ?, ?, ?, ?, ?) on conflict (code) do update"
                + " set address = excluded.address, region_code = excluded.region_code, phone = excluded.phone"
                + " where certification_body.address is null and certification_body.phone is null")) {
            for (DemoDataGenerator.Body body : DemoDataGenerator.BODIES) {
                insert.setString(1, body.code());
                insert.setString(2, body.name());
                insert.setString(3, body.approvalNumber());
                insert.setString(4, body.website());
                insert.setString(5, body.address());
                insert.setString(6, body.regionCode());
                insert.setString(7, body.phone());
                insert.addBatch();
            }
            insert.executeBatch();
        }
        approvals(connection, today);
        // the demo numbers start with the body's code
        try (PreparedStatement prefixes = connection.prepareStatement("insert into body_number_prefix (prefix, body_id)"
                + " select code || '-', id from certification_body where code = any(?) on conflict do nothing")) {
            prefixes.setArray(1, connection.createArrayOf("varchar",
                    DemoDataGenerator.BODIES.stream().map(DemoDataGenerator.Body::code).toArray()));
            prefixes.executeUpdate();
        }
        Map<String, Long> ids = new HashMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select code, id from certification_body")) {
            while (rows.next()) {
                ids.put(rows.getString(1), rows.getLong(2));
            }
        }
        return ids;
    }

    /** The demo bodies' approval histories, for a body that has none recorded yet (loading again adds nothing). */
    private static void approvals(Connection connection, LocalDate today) throws SQLException {
        List<String> unrecorded = new ArrayList<>();
        try (PreparedStatement read = connection.prepareStatement("select b.code from certification_body b where b.code = any(?)"
                + " and not exists (select 1 from body_approval_event e where e.body_id = b.id)")) {
            read.setArray(1, connection.createArrayOf("varchar",
                    DemoDataGenerator.BODIES.stream().map(DemoDataGenerator.Body::code).toArray()));
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    unrecorded.add(rows.getString(1));
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into body_approval_event (body_id, kind, effective_date,"
                + " schemes, valid_until, reason) select b.id, ?, ?, ?, ?, ? from certification_body b where b.code = ?")) {
            for (DemoDataGenerator.Body body : DemoDataGenerator.BODIES) {
                if (!unrecorded.contains(body.code())) {
                    continue;
                }
                for (DemoDataGenerator.ApprovalChange change : DemoDataGenerator.approvals(body, today)) {
                    insert.setString(1, change.kind().name());
                    insert.setDate(2, java.sql.Date.valueOf(change.effectiveDate()));
                    insert.setArray(3, change.schemes() == null ? null
                            : connection.createArrayOf("varchar", change.schemes().toArray()));
                    insert.setDate(4, change.validUntil() == null ? null : java.sql.Date.valueOf(change.validUntil()));
                    insert.setString(5, change.reason());
                    insert.setString(6, body.code());
                    insert.executeUpdate();
                }
            }
        }
    }

    private static List<DemoDataGenerator.District> districts(Connection connection) throws SQLException {
        List<DemoDataGenerator.District> districts = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select d.code, coalesce(c.name, p.name) from region d"
                        + " join region p on p.code = substr(d.code, 1, 2) || '0000'"
                        + " left join region c on c.code = substr(d.code, 1, 4) || '00' and c.level = 2"
                        + " where d.level = 3 and d.code < '710000' order by d.code")) {
            while (rows.next()) {
                districts.add(new DemoDataGenerator.District(rows.getString(1), shortName(rows.getString(2))));
            }
        }
        return districts;
    }

    /** 广州市 → 广州, 北京市 → 北京, 延边朝鲜族自治州 → 延边. */
    private static String shortName(String name) {
        String shortened = name.replaceAll("(市|地区|盟|自治州|省直辖县级行政区划|自治区直辖县级行政区划)$", "");
        return shortened.length() > 2 && shortened.matches(".*(族|蒙古|哈萨克|藏|傣|苗|白|彝|壮|回|朝鲜|土家|羌|柯尔克孜)$")
                ? shortened.substring(0, 2) : shortened.isEmpty() ? name.substring(0, 2) : shortened;
    }

    private static long nextId(Connection connection, String table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select coalesce(max(id), 0) + 1 from " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static String json(Map<String, BigDecimal> values) {
        if (values == null) {
            return null;
        }
        return values.entrySet().stream().map(e -> "\"" + e.getKey() + "\":" + e.getValue().toPlainString())
                .collect(Collectors.joining(",", "{", "}"));
    }

    private static void row(StringBuilder out, Object... values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append(',');
            }
            Object value = values[i];
            if (value == null) {
                continue;
            }
            String text = value instanceof BigDecimal decimal ? decimal.toPlainString() : value.toString();
            out.append('"').append(text.replace("\"", "\"\"")).append('"');
        }
        out.append('\n');
    }
}

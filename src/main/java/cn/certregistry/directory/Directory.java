package cn.certregistry.directory;

import java.sql.Array;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.Session;

import cn.certregistry.body.Approval;
import cn.certregistry.body.ApprovalHistory;
import cn.certregistry.body.CertificationBody;
import cn.certregistry.common.NamedSql;
import cn.certregistry.common.Page;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.common.ReadReplica;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.common.RegistryConfig;
import cn.certregistry.common.SqlValues;
import cn.certregistry.region.Region;
import cn.certregistry.region.RegionService;
import cn.certregistry.register.CertificateQueries;
import cn.certregistry.scheme.Scheme;
import cn.certregistry.scheme.SchemeCatalogue;

/**
 * The directory's queries, on the read-only datasource. Whether a body may certify a scheme on a day is the SQL rule's
 * (registry_approval_on and registry_approval_certifies, V27__body_approvals.sql), asked here, never restated.
 */
@ApplicationScoped
public class Directory {

    /** The list's parameters, on the API and the page alike. */
    public static final Set<String> PARAMETERS = Set.of("region", "scheme", "q", "page", "size");
    static final int MAX_NAME_LENGTH = 100;
    /** How many months of changes a body's entry shows, ending with the current one. */
    public static final int CHANGE_MONTHS = 24;
    /** Valid today, as conditions on the standing and the dates that the indexes on (body, issue date) carry (V32). */
    private static final String VALID_TODAY = "registry_has_status(c.standing, c.issue_date, c.expiry_date, :today, 'VALID')";
    private static final String BODY_COLUMNS = "select b.id, b.code, b.name, b.approval_number, b.website, b.address,"
            + " b.region_code, b.phone from certification_body b";

    @Inject
    ReadReplica replica;
    @Inject
    RegisterClock clock;
    @Inject
    RegistryConfig config;
    @Inject
    SchemeCatalogue schemes;
    @Inject
    RegionService regions;
    @Inject
    CertificateQueries certificates;

    /** The list's filters: bodies in these regions (any, when empty), approved today for a scheme, whose name contains. */
    public record Filters(List<Region.CodeRange> regions, Optional<String> scheme, Optional<String> name) {
    }

    /** One page of the directory, its total, and whether any body the filters match may certify anything today. */
    public record Listing(List<DirectoryViews.Entry> items, long total, boolean anyApproved) {
    }

    public Filters filters(QueryParameters parameters) {
        List<Region.CodeRange> ranges = parameters.text("region", 60)
                .map(value -> regions.resolve("region", value).stream().map(Region::codeRange).toList()).orElse(List.of());
        Optional<String> scheme = parameters.text("scheme", 40).map(value -> value.toUpperCase(Locale.ROOT).replace('-', '_'));
        scheme.ifPresent(code -> {
            if (schemes.find(code).isEmpty()) {
                throw ProblemException.invalidParameter("scheme", "'scheme' must be one of "
                        + schemes.all().stream().map(Scheme::code).toList() + ", not '" + parameters.text("scheme").orElse("")
                        + "'.");
            }
        });
        return new Filters(ranges, scheme, parameters.text("q", MAX_NAME_LENGTH));
    }

    /** A page of the bodies the filters match, by code. */
    public Listing list(Filters filters, Page.PageRequest page) {
        Map<String, Object> parameters = new HashMap<>();
        String where = where(filters, parameters);
        parameters.put("pageSize", page.size());
        parameters.put("pageOffset", page.offset());
        parameters.put("schemes", schemeCodes());
        return replica.inTransaction(session -> {
            List<Object[]> rows = rows(session, BODY_COLUMNS + where + " order by b.code limit :pageSize offset :pageOffset",
                    parameters);
            long total = count(session, "select count(*) from certification_body b" + where, parameters);
            // the rule decides for each scheme; a body may certify something when it certifies one of them
            boolean anyApproved = total > 0 && count(session, "select count(*) from certification_body b" + where
                    + " and exists (select 1 from unnest(cast(array[:schemes] as text[])) s(code)"
                    + " where registry_approval_certifies(registry_approval_on(b.id, s.code, :today)))", parameters) > 0;
            return new Listing(entries(session, rows), total, anyApproved);
        });
    }

    /** A body's entry in full, if a body has this code. */
    public Optional<DirectoryViews.Detail> detail(String code) {
        String known = code.toUpperCase(Locale.ROOT);
        if (!CertificationBody.isCode(known)) {
            return Optional.empty();
        }
        LocalDate today = clock.today();
        Optional<Partial> partial = replica.inTransaction(session -> {
            List<Object[]> rows = rows(session, BODY_COLUMNS + " where b.code = :code", Map.of("code", known));
            if (rows.isEmpty()) {
                return Optional.<Partial>empty();
            }
            long id = ((Number) rows.get(0)[0]).longValue();
            List<String> prefixes = rows(session, "select prefix from body_number_prefix where body_id = :id order by prefix",
                    Map.of("id", id)).stream().map(row -> (String) row[0]).toList();
            return Optional.of(new Partial(entries(session, rows).get(0), history(session, id), prefixes,
                    grades(session, "c.body_id in (:ids)", Map.of("ids", List.of(id), "today", today)).getOrDefault(id, List.of())));
        });
        // the changes per month are the register's own query (CertificateQueries), in a session of its own
        return partial.map(found -> DirectoryViews.Detail.of(found.entry(), found.history(), found.prefixes(),
                certificates.trendsOfBody(found.entry().code(), today, CHANGE_MONTHS).stream()
                        .map(month -> new DirectoryViews.MonthChanges(month.month().toString(), month.counts())).toList(),
                found.grades()));
    }

    private record Partial(DirectoryViews.Entry entry, List<DirectoryViews.ApprovalEventView> history, List<String> prefixes,
            List<DirectoryViews.SchemeGrades> grades) {
    }

    /** The regulators' figures of a page of bodies, over the certificates whose site region starts with the prefix. */
    public List<DirectoryViews.BodyFigures> figures(Optional<String> regionPrefix, Optional<String> name, Page.PageRequest page) {
        Map<String, Object> parameters = new HashMap<>();
        String named = nameCondition(name, parameters, " where");
        parameters.put("today", clock.today());
        parameters.put("grace", config.surveillanceGrace().toString());
        parameters.put("pageSize", page.size());
        parameters.put("pageOffset", page.offset());
        String inRegion = regionPrefix.map(prefix -> {
            parameters.put("prefix", prefix + "%");
            return " and c.site_region_code like :prefix";
        }).orElse("");
        return replica.inTransaction(session -> {
            List<Object[]> rows = rows(session, "select b.id, b.code, b.name, count(c.id),"
                    + " count(c.id) filter (where " + CertificateQueries.STATUS_TODAY + " in ('SUSPENDED', 'WITHDRAWN')),"
                    + " count(c.id) filter (where " + CertificateQueries.SURVEILLANCE_OVERDUE + ")"
                    + " from (select * from certification_body b" + named + " order by code limit :pageSize offset :pageOffset) b"
                    + " left join certificate c on c.body_id = b.id" + inRegion
                    + " group by b.id, b.code, b.name order by b.code", parameters);
            Map<Long, List<DirectoryViews.SchemeGrades>> grades = rows.isEmpty() ? Map.of()
                    : grades(session, "c.body_id in (:ids)" + inRegion, withIds(parameters, rows));
            return rows.stream().map(row -> {
                long certificates = ((Number) row[3]).longValue();
                long stopped = ((Number) row[4]).longValue();
                long overdue = ((Number) row[5]).longValue();
                return new DirectoryViews.BodyFigures((String) row[1], (String) row[2], certificates, stopped,
                        share(stopped, certificates), overdue, share(overdue, certificates),
                        grades.getOrDefault(((Number) row[0]).longValue(), List.of()));
            }).toList();
        });
    }

    /** How many bodies have a name that contains {@code name} (all, without). */
    public long bodyCount(Optional<String> name) {
        Map<String, Object> parameters = new HashMap<>();
        String named = nameCondition(name, parameters, " where");
        return replica.inSession(session -> count(session, "select count(*) from certification_body b" + named, parameters));
    }

    private static String nameCondition(Optional<String> name, Map<String, Object> parameters, String keyword) {
        return name.map(value -> {
            parameters.put("namePattern", "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            return keyword + " b.name ilike :namePattern escape '\\'";
        }).orElse("");
    }

    /** The name filter of the regulators' figures. */
    public Optional<String> name(QueryParameters parameters) {
        return parameters.text("q", MAX_NAME_LENGTH);
    }

    private static Map<String, Object> withIds(Map<String, Object> parameters, List<Object[]> rows) {
        Map<String, Object> with = new HashMap<>(parameters);
        with.put("ids", rows.stream().map(row -> ((Number) row[0]).longValue()).toList());
        return with;
    }

    private String where(Filters filters, Map<String, Object> parameters) {
        StringBuilder where = new StringBuilder(" where true");
        parameters.put("today", clock.today());
        if (!filters.regions().isEmpty()) {
            List<String> alternatives = new ArrayList<>();
            for (int i = 0; i < filters.regions().size(); i++) {
                alternatives.add("b.region_code between :regionFirst" + i + " and :regionLast" + i);
                parameters.put("regionFirst" + i, filters.regions().get(i).first());
                parameters.put("regionLast" + i, filters.regions().get(i).last());
            }
            where.append(" and (").append(String.join(" or ", alternatives)).append(")");
        }
        filters.scheme().ifPresent(scheme -> {
            where.append(" and registry_approval_certifies(registry_approval_on(b.id, :scheme, :today))");
            parameters.put("scheme", scheme);
        });
        where.append(nameCondition(filters.name(), parameters, " and"));
        return where.toString();
    }

    /** The entries of these bodies (rows of BODY_COLUMNS), in their order. */
    private List<DirectoryViews.Entry> entries(Session session, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return List.of();
        }
        LocalDate today = clock.today();
        List<Long> ids = rows.stream().map(row -> ((Number) row[0]).longValue()).toList();
        Map<String, Object> parameters = Map.of("ids", ids, "today", today, "schemes", schemeCodes());
        Map<Long, Map<String, Approval>> approvals = new HashMap<>();
        for (Object[] row : rows(session, "select b.id, s.code, registry_approval_on(b.id, s.code, :today)"
                + " from certification_body b cross join unnest(cast(array[:schemes] as text[])) s(code)"
                + " where b.id in (:ids)", parameters)) {
            approvals.computeIfAbsent(((Number) row[0]).longValue(), id -> new LinkedHashMap<>())
                    .put((String) row[1], Approval.valueOf((String) row[2]));
        }
        Map<Long, Map<String, Long>> inForce = new HashMap<>();
        for (Object[] row : rows(session, "select c.body_id, c.scheme_code, count(*) from certificate c"
                + " where c.body_id in (:ids) and " + VALID_TODAY + " group by 1, 2", parameters)) {
            inForce.computeIfAbsent(((Number) row[0]).longValue(), id -> new HashMap<>())
                    .put((String) row[1], ((Number) row[2]).longValue());
        }
        // the latest grant and the latest event in force today: facts as recorded, for the validity and the date shown
        Map<Long, Object[]> grants = new HashMap<>();
        Map<Long, LocalDate> since = new HashMap<>();
        for (Object[] row : rows(session, "select e.body_id, e.kind, e.effective_date, e.valid_until from body_approval_event e"
                + " where e.body_id in (:ids) and e.effective_date <= :today order by e.body_id, e.effective_date, e.id",
                parameters)) {
            long id = ((Number) row[0]).longValue();
            since.put(id, SqlValues.localDate(row[2]));
            if ("APPROVED".equals(row[1])) {
                grants.put(id, row);
            }
        }
        List<DirectoryViews.Entry> entries = new ArrayList<>();
        for (Object[] row : rows) {
            long id = ((Number) row[0]).longValue();
            Map<String, Approval> bySchemes = approvals.getOrDefault(id, Map.of());
            Map<String, Long> counts = new LinkedHashMap<>();
            schemeCodes().forEach(scheme -> counts.put(scheme, inForce.getOrDefault(id, Map.of()).getOrDefault(scheme, 0L)));
            Object[] grant = grants.get(id);
            entries.add(new DirectoryViews.Entry((String) row[1], (String) row[2], (String) row[3], (String) row[4],
                    (String) row[5], regions.reference((String) row[6]), (String) row[7],
                    approvalToday(bySchemes, grant == null ? null : SqlValues.localDate(grant[3]), since.get(id)), counts));
        }
        return entries;
    }

    /**
     * The approval over all schemes: in force when in force for one (the others out of its scope); otherwise the answer
     * is the same for every scheme (unrecorded, not approved, suspended, revoked, expired).
     */
    static DirectoryViews.ApprovalToday approvalToday(Map<String, Approval> bySchemes, LocalDate validUntil, LocalDate since) {
        Approval summary = bySchemes.containsValue(Approval.IN_FORCE) ? Approval.IN_FORCE
                : bySchemes.values().stream().filter(a -> a != Approval.OUT_OF_SCOPE).findFirst().orElse(Approval.OUT_OF_SCOPE);
        List<String> certified = bySchemes.entrySet().stream().filter(e -> e.getValue().certifies()).map(Map.Entry::getKey)
                .toList();
        boolean recorded = summary != Approval.UNRECORDED;
        return new DirectoryViews.ApprovalToday(summary.name(), summary.label, recorded, certified,
                recorded ? validUntil : null, recorded ? since : null);
    }

    private List<DirectoryViews.ApprovalEventView> history(Session session, long id) {
        List<DirectoryViews.ApprovalEventView> events = new ArrayList<>();
        for (Object[] row : rows(session, "select kind, effective_date, schemes, valid_until, reason, recorded_at"
                + " from body_approval_event where body_id = :id order by effective_date, id", Map.of("id", id))) {
            ApprovalHistory.Kind kind = ApprovalHistory.Kind.valueOf((String) row[0]);
            events.add(new DirectoryViews.ApprovalEventView(kind.name(), kind.label, SqlValues.localDate(row[1]),
                    strings(row[2]), SqlValues.localDate(row[3]), (String) row[4], timestamp(row[5])));
        }
        return events;
    }

    /**
     * The grades of certificates in force today of the bodies {@code bodies} selects (a condition over
     * {@code certificate c}), by body, each scheme beside the register's (within the same region when the condition
     * names {@code :prefix}).
     */
    private Map<Long, List<DirectoryViews.SchemeGrades>> grades(Session session, String bodies, Map<String, Object> parameters) {
        Map<String, Object> withToday = new HashMap<>(parameters);
        withToday.putIfAbsent("today", clock.today());
        String inRegion = withToday.containsKey("prefix") ? " and c.site_region_code like :prefix" : "";
        Map<String, Long> register = new HashMap<>();
        for (Object[] row : rows(session, "select c.scheme_code, c.grade_code, count(*) from certificate c where " + VALID_TODAY
                + inRegion + " group by 1, 2", withToday)) {
            register.put(row[0] + "/" + row[1], ((Number) row[2]).longValue());
        }
        Map<Long, Map<String, Long>> byBody = new HashMap<>();
        for (Object[] row : rows(session, "select c.body_id, c.scheme_code, c.grade_code, count(*) from certificate c where "
                + bodies + " and " + VALID_TODAY + " group by 1, 2, 3", withToday)) {
            byBody.computeIfAbsent(((Number) row[0]).longValue(), id -> new HashMap<>()).put(row[1] + "/" + row[2],
                    ((Number) row[3]).longValue());
        }
        Map<Long, List<DirectoryViews.SchemeGrades>> grades = new HashMap<>();
        byBody.forEach((id, counts) -> grades.put(id, schemeGrades(counts, register)));
        // a body without certificates in force still shows the register's grades
        ((List<?>) withToday.get("ids")).forEach(id -> grades.putIfAbsent(((Number) id).longValue(),
                schemeGrades(Map.of(), register)));
        return grades;
    }

    private List<DirectoryViews.SchemeGrades> schemeGrades(Map<String, Long> body, Map<String, Long> register) {
        List<DirectoryViews.SchemeGrades> grades = new ArrayList<>();
        for (Scheme scheme : schemes.all()) {
            long total = scheme.grades().stream().mapToLong(g -> body.getOrDefault(scheme.code() + "/" + g.code(), 0L)).sum();
            long registerTotal = scheme.grades().stream()
                    .mapToLong(g -> register.getOrDefault(scheme.code() + "/" + g.code(), 0L)).sum();
            List<DirectoryViews.GradeShare> shares = scheme.grades().stream().map(g -> {
                long count = body.getOrDefault(scheme.code() + "/" + g.code(), 0L);
                long registerCount = register.getOrDefault(scheme.code() + "/" + g.code(), 0L);
                return new DirectoryViews.GradeShare(g.code(), g.name(), count, share(count, total), registerCount,
                        share(registerCount, registerTotal));
            }).toList();
            grades.add(new DirectoryViews.SchemeGrades(scheme.code(), scheme.name(), total, registerTotal, shares));
        }
        return grades;
    }

    /** A share rounded to four places (0 of nothing). */
    static double share(long part, long whole) {
        return whole == 0 ? 0 : Math.round(10_000.0 * part / whole) / 10_000.0;
    }

    List<String> schemeCodes() {
        return schemes.all().stream().map(Scheme::code).toList();
    }

    private static List<String> strings(Object array) {
        if (array == null) {
            return null;
        }
        try {
            return Arrays.stream((Object[]) ((Array) array).getArray()).map(String::valueOf).toList();
        } catch (SQLException e) {
            throw new IllegalStateException("An approval's schemes could not be read", e);
        }
    }

    private static OffsetDateTime timestamp(Object value) {
        if (value instanceof OffsetDateTime time) {
            return time;
        }
        return value == null ? null : ((java.sql.Timestamp) value).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }

    private static List<Object[]> rows(Session session, String sql, Map<String, Object> parameters) {
        return session.doReturningWork(connection -> NamedSql.rows(connection, sql, parameters));
    }

    private static long count(Session session, String sql, Map<String, Object> parameters) {
        return session.doReturningWork(connection -> NamedSql.single(connection, sql, parameters));
    }
}

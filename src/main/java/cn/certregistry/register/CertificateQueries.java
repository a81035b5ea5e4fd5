package cn.certregistry.register;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.Session;

import cn.certregistry.body.CertificationBody;
import cn.certregistry.common.GenerationalCache;
import cn.certregistry.common.NamedSql;
import cn.certregistry.common.Page;
import cn.certregistry.common.ReadReplica;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.common.RegistryConfig;
import cn.certregistry.common.SqlValues;
import cn.certregistry.region.Region;

/**
 * Every SQL query of the public register: searches, exports and region figures, all on the read-only
 * datasource. Statuses come from the status functions of the database (V7__status_rules.sql), the
 * one SQL form of the rules that {@link StatusTimeline} states in Java.
 */
@ApplicationScoped
public class CertificateQueries {

    /** The events a region's "what changed" counts; expiry comes from the dates. */
    private static final List<String> CHANGING_EVENTS = List.of("ISSUED", "SUSPENDED", "WITHDRAWN", "CANCELLED");
    /** What a region's "what changed" counts, in the order it shows them. */
    public static final List<String> CHANGE_KINDS = Stream.concat(CHANGING_EVENTS.stream(), Stream.of("EXPIRED")).toList();
    /** How many of a period's changes are listed (the page stays small; the export has them all); all are counted. */
    public static final int MAX_CHANGES_LISTED = 25;
    private static final String HOLDER_JOIN = " join holder h on h.id = c.holder_id";
    private static final String BODY_JOIN = " join certification_body b on b.id = c.body_id";
    /** The status on {@code :today} of the certificate {@code c}, as registry_status, the one status rule, decides. */
    public static final String STATUS_TODAY = "registry_status(c.standing, c.issue_date, c.expiry_date, :today)";
    private static final String LISTED_COLUMNS = "select c.number, c.scheme_code, c.grade_code, c.score, c.score_scale, "
            + STATUS_TODAY + ", c.issue_date, c.expiry_date, c.holder_name, h.credit_code, h.credit_code_check_ok, b.code, b.name,"
            + " c.site_region_code, c.site_address";
    private static final int LISTED_COUNT = 15;
    /** Whether the certificate {@code c}'s surveillance is overdue on {@code :today}, given {@code :grace}. */
    public static final String SURVEILLANCE_OVERDUE = "registry_surveillance_overdue(c.standing, c.issue_date, c.expiry_date,"
            + " c.surveillance_due, :today, cast(:grace as interval))";
    /**
     * The bounds of an export's transaction, in place of the public reads' 5 s: its statement may sort every match
     * of a country before the first row (and the timeout applies again to each fetch), and a client that takes no
     * bytes for five minutes leaves a transaction idle that long, so the server ends it and its connection.
     */
    private static final String EXPORT_LIMITS = "set local statement_timeout = '120s';"
            + " set local idle_in_transaction_session_timeout = '5min'";

    @Inject
    ReadReplica replica;
    @Inject
    RegisterClock clock;
    @Inject
    RegistryConfig config;

    /** The name of the certification body with this code, if there is one. */
    public Optional<String> bodyName(String code) {
        return Optional.of(code).filter(CertificationBody::isCode).flatMap(known -> replica.inSession(session -> session
                .createQuery("select b.name from CertificationBody b where b.code = :code", String.class)
                .setParameter("code", known).uniqueResultOptional()));
    }

    /** A certificate as lists show it, with today's status. */
    public record Listed(String number, String schemeCode, String gradeCode, BigDecimal score, int scoreScale, Status status,
            LocalDate issueDate, LocalDate expiryDate, String holderName, String holderCreditCode, boolean creditCodeCheckOk,
            String bodyCode, String bodyName, String siteRegionCode, String siteAddress) {

        static Listed of(Object[] columns) {
            return new Listed((String) columns[0], (String) columns[1], (String) columns[2], (BigDecimal) columns[3],
                    ((Number) columns[4]).intValue(), Status.valueOf((String) columns[5]), SqlValues.localDate(columns[6]),
                    SqlValues.localDate(columns[7]), (String) columns[8], (String) columns[9], (Boolean) columns[10],
                    (String) columns[11], (String) columns[12], (String) columns[13], (String) columns[14]);
        }
    }

    /** A page of a search, the number of all its matches, and the cursor after the page when it is full. */
    public record Found(List<Listed> items, Page.Total total, Optional<String> after) {
    }

    /**
     * The SQL condition and parameters of a search's filters, over {@code certificate c}, and {@code holder h} only
     * where a filter needs it (a body is named through a subquery, which leaves the condition on {@code c.body_id}).
     */
    public record Condition(String sql, Map<String, Object> parameters, boolean needsHolder) {

        /** The smallest FROM clause the condition can be evaluated over: counting joins nothing it does not need. */
        public String from() {
            return " from certificate c" + (needsHolder ? HOLDER_JOIN : "");
        }
    }

    /**
     * How a region filter is written. As a range of site codes (a province is 440000 to 449999), which an index on the
     * code reads in code order: what counts and exports want. Or as an equality on the column of the region's level
     * (V32: site_province_code, site_city_code, site_region_code), which an index can lead with and still give a page's
     * order: what a search page wants, so that it reads from its cursor and stops after the page.
     */
    enum RegionForm {
        RANGE, LEVEL
    }

    /**
     * The two statements of a search, count and page, with their parameters. The page's rows end with the
     * certificate's id and its sort key, from which the cursor after it is made.
     */
    public record Statements(String count, String page, Map<String, Object> parameters, int countLimit) {
    }

    public record Count(String scheme, String grade, Status status, long count) {
    }

    public record Change(String kind, LocalDate day, String number, String holder) {
    }

    public record Changes(Map<String, Long> counts, List<Change> latest, boolean truncated) {
    }

    /** One page of a search and the number of all its matches, read in one snapshot. */
    public Found search(CertificateSearch search, CertificateSearch.Scope scope) {
        return replica.inTransaction(session -> {
            Statements statements = statements(search, scope, nameMatch(session, search.filters()));
            List<Object[]> rows = rows(session, statements.page(), statements.parameters());
            Page.Total total = shownByThePage(search, rows.size())
                    .orElseGet(() -> Page.Total.capped(count(session, statements.count(), statements.parameters()),
                            statements.countLimit()));
            Optional<String> after = Optional.empty();
            if (rows.size() == search.page().size()) {
                Object[] last = rows.get(rows.size() - 1);
                after = Optional.of(SearchCursor.after(search.order(), last[LISTED_COUNT + 1],
                        ((Number) last[LISTED_COUNT]).longValue()).encoded());
            }
            return new Found(rows.stream().map(Listed::of).toList(), total, after);
        });
    }

    /**
     * The total when the page itself tells it: a page of offset paging that is not full holds the last matches, so
     * they number its offset and its rows (unless it is past them all, and empty). A page after a cursor does not know
     * how many came before it.
     */
    private static Optional<Page.Total> shownByThePage(CertificateSearch search, int rows) {
        boolean last = !search.page().walking() && rows < search.page().size() && (rows > 0 || search.page().offset() == 0);
        return last ? Optional.of(Page.Total.exact(search.page().offset() + rows)) : Optional.empty();
    }

    /**
     * The first {@code limit} certificates a search's filters match, in region and number order, read by one
     * statement in one read-only transaction and handed to the sink as the driver fetches them,
     * {@link RegistryConfig#exportFetchSize()} at a time: the database sends rows as fast as the client takes them, one
     * snapshot throughout, and memory holds one fetch. A sink that throws (the client left) ends the statement: the
     * transaction is rolled back, which closes its cursor on the server. True when more matched than the limit.
     */
    public boolean export(CertificateSearch.Filters filters, long limit, Consumer<Listed> sink) {
        Condition condition = condition(filters, CertificateSearch.Scope.EVERYTHING);
        String sql = LISTED_COLUMNS + " from certificate c" + HOLDER_JOIN + BODY_JOIN + condition.sql()
                + " order by c.site_region_code, c.number limit :rowLimit";
        Map<String, Object> parameters = new HashMap<>(condition.parameters());
        // one row more than the limit tells whether more match
        parameters.put("rowLimit", limit >= Long.MAX_VALUE - 1 ? Long.MAX_VALUE : limit + 1);
        long[] sent = {0};
        boolean[] more = {false};
        replica.inTransaction(session -> session.doReturningWork(connection -> {
            try (java.sql.Statement settings = connection.createStatement()) {
                settings.execute(EXPORT_LIMITS);
            }
            NamedSql.each(connection, sql, parameters, config.exportFetchSize(), row -> {
                if (sent[0] == limit) {
                    more[0] = true;
                    return;
                }
                sent[0]++;
                sink.accept(Listed.of(row));
            });
            return null;
        }));
        return more[0];
    }

    /**
     * Today's certificates counted by district (the site's code), scheme, grade and status, of every district or of those
     * in {@code :districts}: the region figures' table is filled with it (a page sums its districts' rows).
     */
    public static String countsByDistrict(boolean everyDistrict) {
        return "select c.site_region_code, c.scheme_code, c.grade_code, " + STATUS_TODAY + ", count(*) from certificate c"
                + " where " + districts(everyDistrict) + " group by 1, 2, 3, 4";
    }

    /**
     * The changes of {@link #CHANGES} counted by district, month (its first day) and kind, with their day in [:from, :to],
     * of every district or of those in {@code :districts}: the trend charts' table is filled with it.
     */
    public static String changesByDistrictAndMonth(boolean everyDistrict) {
        return "select region, cast(date_trunc('month', day) as date), kind, count(*) from (" + changes(districts(everyDistrict))
                + ") changes group by 1, 2, 3";
    }

    /** The parameters of {@link #countsByDistrict} and {@link #changesByDistrictAndMonth}. */
    public static Map<String, Object> districtParameters(LocalDate today, LocalDate from, List<String> districts) {
        Map<String, Object> parameters = new HashMap<>(Map.of("today", today, "from", from, "to", today, "eventKinds", CHANGING_EVENTS));
        if (!districts.isEmpty()) {
            parameters.put("districts", districts);
        }
        return parameters;
    }

    private static String districts(boolean everyDistrict) {
        return everyDistrict ? "true" : "c.site_region_code in (:districts)";
    }

    /**
     * The changes of a region's certificates with their day in [:from, :to] (kind, day, number, holder): new, suspended,
     * withdrawn and cancelled from the history, expired from the dates (a certificate withdrawn before it ran out did
     * not expire).
     */
    private static final String CHANGES = changes("c.site_region_code between :first and :last");

    /** The changes of the certificates that {@code certificates} (a condition over {@code certificate c}) selects. */
    private static String changes(String certificates) {
        return "select e.kind as kind, e.effective_date as day, c.number as number,"
                + " c.holder_name as holder, c.site_region_code as region from certificate_event e join certificate c on c.id = e.certificate_id"
                + " where " + certificates + " and e.kind in (:eventKinds)"
                + " and e.effective_date between :from and :to"
                + " union all select 'EXPIRED', c.expiry_date + 1, c.number, c.holder_name, c.site_region_code from certificate c"
                + " where " + certificates + " and c.expiry_date between cast(:from as date) - 1 and cast(:to as date) - 1"
                + " and registry_status_on(c.id, c.issue_date, c.expiry_date, c.expiry_date + 1) = 'EXPIRED'";
    }

    /** A body's certificates' changes (the certificate directory's "changes per month"). */
    private static final String BODY_CHANGES = changes("c.body_id = (select b.id from certification_body b where b.code = :body)");

    /** A month's changes in a region, by kind (every kind of {@link #CHANGE_KINDS}, 0 where none). */
    public record Month(YearMonth month, Map<String, Long> counts) {
    }

    private static Map<String, Object> changeParameters(Region.CodeRange range, LocalDate from, LocalDate to) {
        return Map.of("first", range.first(), "last", range.last(), "from", from, "to", to, "eventKinds", CHANGING_EVENTS);
    }

    /** A body's changes per month, for the {@code months} months that end with the one of {@code today}, oldest first. */
    public List<Month> trendsOfBody(String bodyCode, LocalDate today, int months) {
        YearMonth first = YearMonth.from(today).minusMonths(months - 1L);
        return months(BODY_CHANGES, Map.of("body", bodyCode, "from", first.atDay(1), "to", today, "eventKinds", CHANGING_EVENTS),
                today, months);
    }

    private List<Month> months(String changes, Map<String, Object> parameters, LocalDate today, int months) {
        YearMonth last = YearMonth.from(today);
        YearMonth first = last.minusMonths(months - 1L);
        Map<YearMonth, Map<String, Long>> byMonth = new LinkedHashMap<>();
        for (YearMonth month = first; !month.isAfter(last); month = month.plusMonths(1)) {
            Map<String, Long> counts = new LinkedHashMap<>();
            CHANGE_KINDS.forEach(kind -> counts.put(kind, 0L));
            byMonth.put(month, counts);
        }
        List<Object[]> rows = replica.inSession(session -> rows(session, "select to_char(day, 'YYYY-MM'), kind, count(*) from ("
                + changes + ") changes group by 1, 2", parameters));
        for (Object[] row : rows) {
            byMonth.get(YearMonth.parse((String) row[0])).put((String) row[1], ((Number) row[2]).longValue());
        }
        return byMonth.entrySet().stream().map(entry -> new Month(entry.getKey(), entry.getValue())).toList();
    }

    /** New, suspended, withdrawn, cancelled and expired certificates of a region with their day in [from, to]. */
    public Changes changes(Region.CodeRange range, LocalDate from, LocalDate to) {
        Map<String, Object> parameters = changeParameters(range, from, to);
        return replica.inTransaction(session -> {
            Map<String, Long> counts = new LinkedHashMap<>();
            CHANGE_KINDS.forEach(kind -> counts.put(kind, 0L));
            for (Object[] row : rows(session, "select kind, count(*) from (" + CHANGES + ") changes group by kind", parameters)) {
                counts.put((String) row[0], ((Number) row[1]).longValue());
            }
            List<Change> latest = new ArrayList<>();
            for (Object[] row : rows(session, "select kind, day, number, holder from (" + CHANGES + ") changes"
                    + " order by day desc, number limit " + MAX_CHANGES_LISTED, parameters)) {
                latest.add(new Change((String) row[0], SqlValues.localDate(row[1]), (String) row[2], (String) row[3]));
            }
            return new Changes(counts, latest, counts.values().stream().mapToLong(Long::longValue).sum() > latest.size());
        });
    }

    /**
     * How a name filter is matched: through the bigram index (a rare pair of characters), or by the LIKE alone on rows
     * read in another index's order (a pair in at least {@link #COMMON_NAME_SHARE} of names, where a page of matches
     * comes after a few rows and the index would hand over most of the register).
     */
    public enum NameMatch {
        INDEXED, SCANNED
    }

    /** The share of names above which a pair of characters is common: where scanning in order beats the index. */
    static final double COMMON_NAME_SHARE = 0.05;
    /**
     * A search counts its matches up to this many, and says "more than 1 000" past it: a person reads no further, and
     * counting a province's 40 000 matches (or the nearly all that "有限" matches) would cost every page of it more than
     * the page.
     */
    static final int COUNT_LIMIT = 1000;
    /** How long a pair's share is trusted: the statistics change only when the table is analysed. */
    private static final long NAME_SHARE_TTL_NANOS = java.util.concurrent.TimeUnit.MINUTES.toNanos(10);

    private record NameShare(double share, long readAt) {
    }

    private final GenerationalCache<String, NameShare> nameShares = GenerationalCache.ofEntries(10_000);

    /** How this search's name filter is best matched, from the planner's statistics (remembered a while per query). */
    public NameMatch nameMatch(Session session, CertificateSearch.Filters filters) {
        if (filters.holderName().isEmpty()) {
            return NameMatch.INDEXED;
        }
        String q = filters.holderName().get();
        long now = System.nanoTime();
        NameShare known = nameShares.get(q);
        if (known == null || now - known.readAt() > NAME_SHARE_TTL_NANOS) {
            Number share = (Number) rows(session, "select registry_name_pair_share(cast(:q as text))", Map.of("q", q)).get(0)[0];
            known = new NameShare(share == null ? 0 : share.doubleValue(), now);
            nameShares.put(q, known);
        }
        return known.share() >= COMMON_NAME_SHARE ? NameMatch.SCANNED : NameMatch.INDEXED;
    }

    public Condition condition(CertificateSearch.Filters filters, CertificateSearch.Scope scope) {
        return condition(filters, scope, NameMatch.INDEXED, RegionForm.RANGE);
    }

    private Condition condition(CertificateSearch.Filters filters, CertificateSearch.Scope scope, NameMatch nameMatch,
            RegionForm regionForm) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> parameters = new HashMap<>();
        // statuses are today's; a statement that names no :today leaves it unbound
        parameters.put("today", clock.today());

        filters.holderName().ifPresent(q -> {
            // the bigram containment uses the GIN index; the LIKE confirms the characters are adjacent and in order
            if (nameMatch == NameMatch.INDEXED) {
                where.append(" and registry_bigrams(c.holder_name) @> registry_bigrams(cast(:q as text))");
                parameters.put("q", q);
            }
            // a query without letters that have case (Chinese characters, digits) matches the same with LIKE, at half
            // the cost: ILIKE folds the case of every character of every name it reads
            boolean caseless = q.equals(q.toLowerCase(Locale.ROOT)) && q.equals(q.toUpperCase(Locale.ROOT));
            where.append(" and c.holder_name ").append(caseless ? "like" : "ilike").append(" :qPattern escape '\\'");
            parameters.put("qPattern", "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        });
        filters.creditCode().ifPresent(code -> equal(where, parameters, "h.credit_code", "creditCode", code));
        filters.number().ifPresent(number -> equal(where, parameters, "c.number", "number", number));
        filters.scheme().ifPresent(scheme -> equal(where, parameters, "c.scheme_code", "scheme", scheme));
        filters.grade().ifPresent(grade -> equal(where, parameters, "c.grade_code", "grade", grade));
        filters.status().ifPresent(status -> statusToday(where, status));
        if (!filters.regions().isEmpty()) {
            List<String> alternatives = new ArrayList<>();
            for (int i = 0; i < filters.regions().size(); i++) {
                alternatives.add(region(filters.regions().get(i), i, regionForm, parameters));
            }
            where.append(" and (").append(String.join(" or ", alternatives)).append(")");
        }
        filters.body().ifPresent(body -> body(where, parameters, "body", body));
        filters.issuedFrom().ifPresent(date -> range(where, parameters, "c.issue_date >= ", "issuedFrom", date));
        filters.issuedTo().ifPresent(date -> range(where, parameters, "c.issue_date <= ", "issuedTo", date));
        filters.expiresFrom().ifPresent(date -> range(where, parameters, "c.expiry_date >= ", "expiresFrom", date));
        filters.expiresTo().ifPresent(date -> range(where, parameters, "c.expiry_date <= ", "expiresTo", date));
        filters.validOn().ifPresent(day -> {
            // the dates first: only a certificate in force that day can have been valid, and only its history is read
            where.append(" and registry_can_have_status(c.issue_date, c.expiry_date, :validOn, 'VALID')"
                    + " and registry_status_on(c.id, c.issue_date, c.expiry_date, :validOn) = 'VALID'");
            parameters.put("validOn", day);
        });
        filters.surveillanceOverdue().ifPresent(overdue -> {
            where.append(overdue ? " and " : " and not ").append(SURVEILLANCE_OVERDUE);
            parameters.put("grace", config.surveillanceGrace().toString());
        });
        scope.body().ifPresent(body -> body(where, parameters, "scopeBody", body));
        scope.regionPrefix().ifPresent(prefix -> {
            where.append(" and c.site_region_code like :scopePrefix");
            parameters.put("scopePrefix", prefix + "%");
        });
        return new Condition(where.toString(), parameters, filters.creditCode().isPresent());
    }

    /** A region as a condition on the site of {@code certificate c}, written in {@code form}; the {@code i}th of a filter's. */
    private static String region(Region.CodeRange range, int i, RegionForm form, Map<String, Object> parameters) {
        String prefix = range.first();
        while (!range.last().startsWith(prefix)) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        String column = switch (prefix.length()) {
            case 2 -> "c.site_province_code";
            case 4 -> "c.site_city_code";
            case 6 -> "c.site_region_code";
            default -> null;
        };
        if (form == RegionForm.LEVEL && column != null) {
            parameters.put("region" + i, prefix);
            return column + " = :region" + i;
        }
        parameters.put("regionFirst" + i, range.first());
        parameters.put("regionLast" + i, range.last());
        return "c.site_region_code between :regionFirst" + i + " and :regionLast" + i;
    }

    /** The certificates of a body: its id, looked up once, is a value that the indexes on {@code body_id} take. */
    private static void body(StringBuilder where, Map<String, Object> parameters, String name, String code) {
        where.append(" and c.body_id = (select cb.id from certification_body cb where cb.code = :").append(name).append(')');
        parameters.put(name, code);
    }

    public Statements statements(CertificateSearch search, CertificateSearch.Scope scope, NameMatch nameMatch) {
        // the page's ids are chosen on certificate alone (joined to holder only when filtering by credit code), read in the
        // page's order from an index that has what the filter and the order need (V32), from the cursor on, stopping after
        // the page; only its rows are read, with holder and body. The count reads matches in any order, at most
        // COUNT_LIMIT + 1 of them, by the region's range of codes (V18's index then reads only the scheme's and standing's).
        Condition condition = condition(search.filters(), scope, nameMatch, RegionForm.LEVEL);
        Condition counted = condition(search.filters(), scope, nameMatch, RegionForm.RANGE);
        String order = " order by " + search.order().sql();
        Map<String, Object> parameters = new HashMap<>(counted.parameters());
        parameters.putAll(condition.parameters());
        parameters.put("pageSize", search.page().size());
        parameters.put("pageOffset", search.page().offset());
        parameters.put("countLimit", COUNT_LIMIT + 1);
        String after = search.after().map(cursor -> {
            parameters.put("afterKey", cursor.key());
            parameters.put("afterId", cursor.id());
            return " and " + search.order().afterSql();
        }).orElse("");
        return new Statements("select count(*) from (select 1" + counted.from() + counted.sql() + " limit :countLimit) counted",
                LISTED_COLUMNS + ", c.id, " + search.order().by().column + " from (select c.id" + condition.from()
                        + condition.sql() + after + order + " limit :pageSize offset :pageOffset) page"
                        + " join certificate c on c.id = page.id" + HOLDER_JOIN + BODY_JOIN + order,
                parameters, COUNT_LIMIT);
    }

    private static List<Object[]> rows(Session session, String sql, Map<String, Object> parameters) {
        return session.doReturningWork(connection -> NamedSql.rows(connection, sql, parameters));
    }

    private static long count(Session session, String sql, Map<String, Object> parameters) {
        return session.doReturningWork(connection -> NamedSql.single(connection, sql, parameters));
    }

    /**
     * Certificates whose status today is {@code status} (needs {@code :today}): V32's registry_has_status, the status
     * rules as conditions on the standing and the dates. The status is written as a constant (an enum's name), so that
     * the planner folds away what does not apply to it and is left with conditions its indexes and statistics serve.
     */
    private static void statusToday(StringBuilder where, Status status) {
        where.append(" and registry_has_status(c.standing, c.issue_date, c.expiry_date, :today, '").append(status.name())
                .append("')");
    }

    private static void equal(StringBuilder where, Map<String, Object> parameters, String column, String name, Object value) {
        where.append(" and ").append(column).append(" = :").append(name);
        parameters.put(name, value);
    }

    private static void range(StringBuilder where, Map<String, Object> parameters, String condition, String name, LocalDate date) {
        where.append(" and ").append(condition).append(':').append(name);
        parameters.put(name, date);
    }
}

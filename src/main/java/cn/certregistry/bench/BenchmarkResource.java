package cn.certregistry.bench;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;

import io.quarkus.arc.profile.IfBuildProfile;

import cn.certregistry.common.QueryParameters;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.qr.CertificateCodes;
import cn.certregistry.register.Certificate;
import cn.certregistry.register.CertificateSearch;
import cn.certregistry.register.CertificateQueries;
import cn.certregistry.register.RegisterReferenceData;

/**
 * Endpoints for the benchmark harness only: the baseline every figure is compared with, samples of numbers and tokens
 * to request, and the plans of the search shapes. Built into the artifact the harness builds (build profile
 * {@code bench}, see {@code bench/lib.sh}) and into no other: the production jar has no {@code /bench}.
 */
@IfBuildProfile("bench")
@Path("/bench")
@Produces(MediaType.APPLICATION_JSON)
public class BenchmarkResource {

    @Inject
    EntityManager entityManager;
    @Inject
    CertificateCodes codes;
    @Inject
    CertificateQueries queries;
    @Inject
    RegisterReferenceData referenceData;
    @Inject
    RegisterClock clock;
    @Inject
    cn.certregistry.common.ReadReplica replica;
    @Inject
    cn.certregistry.scheme.SchemeCatalogue schemes;

    public record Row(long id, String number, String scheme, String grade, LocalDate issueDate, LocalDate expiryDate,
            String standing) {
    }

    /**
     * The baseline: one certificate row by primary key, through the same HTTP, JSON and Hibernate stack and the same
     * read-only datasource and session as the public reads.
     */
    @GET
    @Path("baseline/{id}")
    public Row baseline(@PathParam("id") long id) {
        return replica.inSession(session -> {
            Certificate certificate = session.find(Certificate.class, id);
            if (certificate == null) {
                throw new NotFoundException();
            }
            return new Row(certificate.id, certificate.number, certificate.schemeCode, certificate.gradeCode,
                    certificate.issueDate, certificate.expiryDate, certificate.standing.name());
        });
    }

    /** The answers of {@link #still}, by size: made once, so that a request for one reads and builds nothing. */
    private final Map<Integer, byte[]> stillAnswers = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * The static baseline: a JSON answer of {@code bytes} bytes (the size of a verification's) that reads nothing, the
     * stack's own ceiling for an answer of that size.
     */
    @GET
    @Path("static")
    public byte[] still(@QueryParam("bytes") int bytes) {
        int size = Math.max(16, Math.min(bytes, 65_536));
        return stillAnswers.computeIfAbsent(size, length -> ("{\"padding\":\"" + "x".repeat(length - 14) + "\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public record Sample(List<Long> ids, List<String> numbers, List<String> tokens) {
    }

    /** Random certificates to request: ids, numbers and their QR tokens. */
    @GET
    @Path("sample")
    @Transactional
    public Sample sample(@QueryParam("count") int count) {
        @SuppressWarnings("unchecked")
        List<Number> picked = entityManager.createNativeQuery("select id from certificate order by random() limit :count")
                .setParameter("count", Math.max(1, Math.min(count, 20_000))).getResultList();
        List<Certificate> sample = Certificate.list("select distinct c from Certificate c join fetch c.holder"
                + " left join fetch c.events where c.id in ?1", picked.stream().map(Number::longValue).toList());
        List<Long> ids = new ArrayList<>();
        List<String> numbers = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        for (Certificate certificate : sample) {
            ids.add(certificate.id);
            numbers.add(certificate.number);
            tokens.add(codes.token(certificate));
        }
        return new Sample(ids, numbers, tokens);
    }

    /**
     * EXPLAIN (ANALYZE, BUFFERS) of each search shape the harness drives, with the real SQL of the search, after a summary
     * of the buffers each statement touched. Page 50 of the city's search twice: as a walk gets it (after the cursor of
     * page 49, found by walking pages 1 to 49 as a client does) and by offset ({@code ?page=50}); and the same walk over
     * the city's province (the walk of bench/run.sh).
     */
    @GET
    @Path("explain")
    @Produces(MediaType.TEXT_PLAIN)
    @Transactional
    public String explain(@QueryParam("city") String city, @QueryParam("name2") String name2, @QueryParam("name4") String name4) {
        Map<String, String> cityScheme = Map.of("region", city, "scheme", "AFTER_SALES", "status", "VALID");
        Map<String, String> provinceScheme = Map.of("region", city.substring(0, 2), "scheme", "AFTER_SALES", "status", "VALID");
        Map<String, Map<String, String>> shapes = new LinkedHashMap<>();
        shapes.put("city + scheme + status, page 1", cityScheme);
        shapes.put("city + scheme + status, page 50 (or the last) by the cursor", with(cityScheme, "after", cursorAfter(cityScheme, 49)));
        shapes.put("city + scheme + status, page 50 by offset", with(cityScheme, "page", "50"));
        shapes.put("province + scheme + status, page 1", provinceScheme);
        shapes.put("province + scheme + status, page 50 (or the last) by the cursor",
                with(provinceScheme, "after", cursorAfter(provinceScheme, 49)));
        shapes.put("name, 2 characters", Map.of("q", name2));
        shapes.put("name, 4 characters", Map.of("q", name4));
        shapes.put("valid on a day, in a city", Map.of("region", city, "validOn", clock.today().minusYears(1).toString()));
        StringBuilder summary = new StringBuilder(String.format("%-72s %7s %7s %8s%n", "statement", "buffers", "choosing", "ms"));
        StringBuilder plans = new StringBuilder();
        for (Map.Entry<String, Map<String, String>> shape : shapes.entrySet()) {
            CertificateSearch search = search(shape.getValue());
            CertificateQueries.Statements statements = queries.statements(search, CertificateSearch.Scope.EVERYTHING,
                    queries.nameMatch(entityManager.unwrap(org.hibernate.Session.class), search.filters()));
            for (String sql : List.of(statements.page(), statements.count())) {
                Query query = entityManager.createNativeQuery("explain (analyze, buffers) " + sql);
                statements.parameters().forEach((name, value) -> {
                    if (sql.contains(":" + name)) {
                        query.setParameter(name, value);
                    }
                });
                String name = shape.getKey() + (sql.equals(statements.count()) ? " (count)" : "");
                List<String> plan = ((List<?>) query.getResultList()).stream().map(String::valueOf).toList();
                summary.append(String.format("%-72s %7d %7d %8s%n", name, buffers(plan, 0),
                        buffers(plan, Math.max(0, indexOf(plan, "->  Limit"))), plan.stream()
                                .filter(line -> line.startsWith("Execution Time:")).map(line -> line.replaceAll("[^0-9.]", ""))
                                .findFirst().orElse("?")));
                plans.append("== ").append(name).append('\n');
                plan.forEach(line -> plans.append(line).append('\n'));
            }
        }
        // the bulk check of 1 000 numbers (random ones, as a bid list's): one statement for certificates, holders,
        // histories and latest log indexes
        List<String> checkPlan = entityManager.unwrap(org.hibernate.Session.class).doReturningWork(connection -> {
            Object numbers = cn.certregistry.common.NamedSql.rows(connection,
                    "select array_agg(number) from (select number from certificate tablesample system (1) limit 1000) s", Map.of())
                    .get(0)[0];
            return cn.certregistry.common.NamedSql.rows(connection, "explain (analyze, buffers) " + Certificate.FOR_CHECKS,
                    Map.of("numbers", numbers)).stream().map(row -> String.valueOf(row[0])).toList();
        });
        summary.append(String.format("%-72s %7d %7s %8s%n", "bulk check, 1 000 numbers", buffers(checkPlan, 0), "",
                checkPlan.stream().filter(line -> line.startsWith("Execution Time:")).map(line -> line.replaceAll("[^0-9.]", ""))
                        .findFirst().orElse("?")));
        plans.append("== bulk check, 1 000 numbers\n");
        checkPlan.forEach(line -> plans.append(line).append('\n'));
        return summary.append("buffers: shared hit + read of the statement (its top node; the planning's not counted); choosing:"
                + " of its first Limit node, which chooses the page's ids (the rest reads the page's rows, holders and bodies)\n\n")
                .append(plans).toString();
    }

    private CertificateSearch search(Map<String, String> values) {
        MultivaluedHashMap<String, String> parameters = new MultivaluedHashMap<>();
        values.forEach(parameters::putSingle);
        return CertificateSearch.parse(QueryParameters.of(parameters, CertificateSearch.PARAMETERS), referenceData);
    }

    private static Map<String, String> with(Map<String, String> values, String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(values);
        more.put(name, value);
        return more;
    }

    /**
     * The cursor after page {@code pages} of a search, walked from page 1 as a client walks it; the cursor of the last page
     * when the search has fewer (the walk's own scenario falls back the same way).
     */
    private String cursorAfter(Map<String, String> values, int pages) {
        String cursor = null;
        for (int page = 1; page <= pages; page++) {
            CertificateSearch search = search(cursor == null ? values : with(values, "after", cursor));
            java.util.Optional<String> next = queries.search(search, CertificateSearch.Scope.EVERYTHING).after();
            if (next.isEmpty()) {
                break;
            }
            cursor = next.get();
        }
        return cursor;
    }

    private static int indexOf(List<String> plan, String node) {
        for (int i = 0; i < plan.size(); i++) {
            if (plan.get(i).contains(node)) {
                return i;
            }
        }
        return -1;
    }

    /** The shared buffers (hit and read) that the node of a plan on line {@code from}, or the first after it, touched. */
    private static long buffers(List<String> plan, int from) {
        return plan.stream().skip(from).filter(line -> line.trim().startsWith("Buffers:")).findFirst().map(line -> {
            long total = 0;
            java.util.regex.Matcher counted = java.util.regex.Pattern.compile("shared( hit=(\\d+))?( read=(\\d+))?").matcher(line);
            if (counted.find()) {
                total += counted.group(2) == null ? 0 : Long.parseLong(counted.group(2));
                total += counted.group(4) == null ? 0 : Long.parseLong(counted.group(4));
            }
            return total;
        }).orElse(0L);
    }

    /**
     * VACUUM (ANALYZE) of the certificates, as the schema's owner: what autovacuum does a while after a load, so that the
     * plans measured are those of a register at rest (index-only scans that need not visit the table).
     */
    @jakarta.ws.rs.POST
    @Path("vacuum")
    public void vacuum() throws java.sql.SQLException {
        try (java.sql.Connection owner = ownerConnection(); java.sql.Statement statement = owner.createStatement()) {
            owner.setAutoCommit(true);
            statement.execute("vacuum (analyze) certificate");
        }
    }

    public record LogState(long waiting, long entries, long signedSize) {
    }

    /** How far the transparency log is: changes waiting in the outbox, entries, and the latest signed size. */
    @GET
    @Path("log")
    @Transactional
    public LogState log() {
        Object[] row = (Object[]) entityManager.createNativeQuery("select (select count(*) from log_outbox),"
                + " (select coalesce(max(index) + 1, 0) from log_entry), (select coalesce(max(size), 0) from log_checkpoint)")
                .getSingleResult();
        return new LogState(((Number) row[0]).longValue(), ((Number) row[1]).longValue(), ((Number) row[2]).longValue());
    }

    private static final String LOG_TRIGGERS = "alter table certificate_event %s trigger certificate_event_logged;"
            + " alter table certification_body %s trigger certification_body_logged;"
            + " alter table body_number_prefix %s trigger body_number_prefix_logged";

    public record Load(long certificates, long millis) {
    }

    /**
     * The log's baseline: loads demo certificates as the schema's owner with the log's triggers off, so that the COPY
     * fills no log outbox (the keys, constraints and indexes stay): the load as it was before the log, to compare the
     * load with its log against in the same run. The loaded certificates have no entries: for a register thrown away
     * after the measurement.
     */
    @jakarta.ws.rs.POST
    @Path("load-without-log")
    public Load loadWithoutLog(@QueryParam("count") int count) throws java.sql.SQLException, java.io.IOException {
        try (java.sql.Connection owner = ownerConnection(); java.sql.Statement statement = owner.createStatement()) {
            statement.execute(LOG_TRIGGERS.replace("%s", "disable"));
            try {
                long started = System.nanoTime();
                long loaded = new cn.certregistry.demo.BulkLoader(schemes.all()).load(owner, count,
                        cn.certregistry.demo.DemoDataStartup.SEED, clock.today(), "");
                return new Load(loaded, (System.nanoTime() - started) / 1_000_000);
            } finally {
                owner.rollback();
                statement.execute(LOG_TRIGGERS.replace("%s", "enable"));
                owner.commit();
            }
        }
    }

    /**
     * The peer's index: what a user of plain PostgreSQL would build for a name search, a pg_trgm GIN index (built once;
     * the benchmark's database keeps it), made as the schema's owner: the service's own login may not.
     */
    @jakarta.ws.rs.POST
    @Path("peer/index")
    public void peerIndex() throws java.sql.SQLException {
        try (java.sql.Connection owner = ownerConnection(); java.sql.Statement statement = owner.createStatement()) {
            statement.execute("create extension if not exists pg_trgm");
            statement.execute("create index if not exists bench_peer_holder_name_trgm on certificate"
                    + " using gin (holder_name gin_trgm_ops)");
            statement.execute("analyze certificate");
        }
    }

    public record PeerPage(List<Row> items, long total) {
    }

    /**
     * The peer's name search: the page of {@code /api/v1/certificates?q=} and the same capped count, done the plain
     * PostgreSQL way ({@code ILIKE '%…%'}, which the trigram index serves from three characters on).
     */
    @GET
    @Path("peer/name")
    @Transactional
    public PeerPage peerName(@QueryParam("q") String q) {
        String pattern = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        @SuppressWarnings("unchecked")
        List<Object[]> rows = entityManager.createNativeQuery("select id, number, scheme_code, grade_code, issue_date, expiry_date,"
                + " standing from certificate where holder_name ilike :pattern order by issue_date desc, id desc limit 20")
                .setParameter("pattern", pattern).getResultList();
        long total = ((Number) entityManager.createNativeQuery("select count(*) from (select 1 from certificate"
                + " where holder_name ilike :pattern limit :cap) counted").setParameter("pattern", pattern)
                .setParameter("cap", cn.certregistry.common.Page.MAX_COUNT + 1).getSingleResult()).longValue();
        return new PeerPage(rows.stream().map(row -> new Row(((Number) row[0]).longValue(), (String) row[1], (String) row[2],
                (String) row[3], cn.certregistry.common.SqlValues.localDate(row[4]), cn.certregistry.common.SqlValues.localDate(row[5]),
                (String) row[6])).toList(), total);
    }

    private static java.sql.Connection ownerConnection() throws java.sql.SQLException {
        org.eclipse.microprofile.config.Config settings = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return java.sql.DriverManager.getConnection(settings.getValue("quarkus.datasource.jdbc.url", String.class),
                settings.getValue("quarkus.flyway.username", String.class),
                settings.getValue("quarkus.flyway.password", String.class));
    }
}

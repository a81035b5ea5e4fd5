package cn.certregistry.register;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import cn.certregistry.body.BodyView;
import cn.certregistry.common.SqlValues;
import cn.certregistry.common.Label;
import cn.certregistry.common.ReadReplica;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.common.RegistryConfig;
import cn.certregistry.region.Region;
import cn.certregistry.region.RegionService;
import cn.certregistry.register.CertificateViews.BodyRef;
import cn.certregistry.register.CertificateViews.Coded;
import cn.certregistry.register.CertificateViews.EventView;
import cn.certregistry.register.CertificateViews.HolderRef;
import cn.certregistry.register.CertificateViews.HolderView;
import cn.certregistry.register.CertificateViews.SchemeRef;
import cn.certregistry.register.CertificateViews.SiteView;
import cn.certregistry.register.CertificateViews.StatusView;
import cn.certregistry.register.CertificateViews.SubScoreView;
import cn.certregistry.register.CertificateViews.SurveillanceView;
import cn.certregistry.register.CertificateViews.Summary;
import cn.certregistry.scheme.Scheme;
import cn.certregistry.scheme.SchemeCatalogue;

/** Public reads of the register: search, full records, status on a day. */
@ApplicationScoped
public class CertificateService {

    /** The standing-changing kinds, for the "valid on a day" filter. */
    private static final String STANDING_KINDS = "'ISSUED', 'SUSPENDED', 'RESTORED', 'WITHDRAWN', 'CANCELLED'";

    @Inject
    SchemeCatalogue schemes;
    @Inject
    RegionService regions;
    @Inject
    RegisterClock clock;
    @Inject
    RegistryConfig config;
    @Inject
    ReadReplica replica;

    public record Results(List<Summary> items, long total) {
    }

    private static final String HOLDER_JOIN = " join holder h on h.id = c.holder_id";
    private static final String BODY_JOIN = " join certification_body b on b.id = c.body_id";

    /**
     * The SQL condition and parameters of a search's filters, over {@code certificate c}, and {@code holder h}
     * and {@code certification_body b} only where a filter needs them.
     */
    public record Condition(String sql, Map<String, Object> parameters, boolean needsHolder, boolean needsBody) {

        /** The smallest FROM clause the condition can be evaluated over: counting joins nothing it does not need. */
        public String from() {
            return " from certificate c" + (needsHolder ? HOLDER_JOIN : "") + (needsBody ? BODY_JOIN : "");
        }
    }

    public Condition condition(CertificateSearch.Filters filters, CertificateSearch.Scope scope) {
        StringBuilder where = new StringBuilder(" where true");
        Map<String, Object> parameters = new HashMap<>();
        LocalDate today = clock.today();

        filters.holderName().ifPresent(q -> {
            // the bigram containment uses the GIN index; the LIKE confirms the characters are adjacent and in order
            where.append(" and registry_bigrams(h.name) @> registry_bigrams(cast(:q as text))"
                    + " and h.name ilike :qPattern escape '\\'");
            parameters.put("q", q);
            parameters.put("qPattern", "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        });
        filters.creditCode().ifPresent(code -> {
            where.append(" and h.credit_code = :creditCode");
            parameters.put("creditCode", code);
        });
        filters.number().ifPresent(number -> {
            where.append(" and c.number = :number");
            parameters.put("number", number);
        });
        filters.scheme().ifPresent(scheme -> {
            where.append(" and c.scheme_code = :scheme");
            parameters.put("scheme", scheme);
        });
        filters.grade().ifPresent(grade -> {
            where.append(" and c.grade_code = :grade");
            parameters.put("grade", grade);
        });
        filters.status().ifPresent(status -> {
            String condition = switch (status) {
                case VALID -> " and c.standing = 'VALID' and c.issue_date <= :today and c.expiry_date >= :today";
                case SUSPENDED -> " and c.standing = 'SUSPENDED' and c.expiry_date >= :today";
                case WITHDRAWN -> " and c.standing = 'WITHDRAWN'";
                case CANCELLED -> " and c.standing = 'CANCELLED'";
                case EXPIRED -> " and c.standing in ('VALID', 'SUSPENDED') and c.expiry_date < :today";
                case NOT_YET_ISSUED -> " and false";
            };
            where.append(condition);
            if (condition.contains(":today")) {
                parameters.put("today", today);
            }
        });
        if (!filters.regions().isEmpty()) {
            List<String> alternatives = new ArrayList<>();
            for (int i = 0; i < filters.regions().size(); i++) {
                Region.CodeRange range = filters.regions().get(i);
                alternatives.add("c.site_region_code between :regionFirst" + i + " and :regionLast" + i);
                parameters.put("regionFirst" + i, range.first());
                parameters.put("regionLast" + i, range.last());
            }
            where.append(" and (").append(String.join(" or ", alternatives)).append(")");
        }
        filters.body().ifPresent(body -> {
            where.append(" and b.code = :body");
            parameters.put("body", body);
        });
        filters.issuedFrom().ifPresent(date -> range(where, parameters, "c.issue_date >= ", "issuedFrom", date));
        filters.issuedTo().ifPresent(date -> range(where, parameters, "c.issue_date <= ", "issuedTo", date));
        filters.expiresFrom().ifPresent(date -> range(where, parameters, "c.expiry_date >= ", "expiresFrom", date));
        filters.expiresTo().ifPresent(date -> range(where, parameters, "c.expiry_date <= ", "expiresTo", date));
        filters.validOn().ifPresent(day -> {
            where.append(" and c.issue_date <= :validOn and c.expiry_date >= :validOn and coalesce((select e.kind"
                    + " from certificate_event e where e.certificate_id = c.id and e.kind in (" + STANDING_KINDS + ")"
                    + " and e.effective_date <= :validOn order by e.effective_date desc, e.id desc limit 1), 'ISSUED')"
                    + " in ('ISSUED', 'RESTORED')");
            parameters.put("validOn", day);
        });

        filters.surveillanceOverdue().ifPresent(overdue -> {
            where.append(overdue
                    ? " and c.standing = 'VALID' and c.issue_date <= :today and c.expiry_date >= :today"
                            + " and c.surveillance_due < :overdueBefore"
                    : " and not (c.standing = 'VALID' and c.issue_date <= :today and c.expiry_date >= :today"
                            + " and c.surveillance_due < :overdueBefore)");
            parameters.put("today", today);
            parameters.put("overdueBefore", today.minus(config.surveillanceGrace()));
        });
        scope.body().ifPresent(body -> {
            where.append(" and b.code = :scopeBody");
            parameters.put("scopeBody", body);
        });
        scope.regionPrefix().ifPresent(prefix -> {
            where.append(" and c.site_region_code like :scopePrefix");
            parameters.put("scopePrefix", prefix + "%");
        });
        return new Condition(where.toString(), parameters,
                filters.holderName().isPresent() || filters.creditCode().isPresent(),
                filters.body().isPresent() || scope.body().isPresent());
    }

    /** Every join, for queries that show holder and body columns of every row (exports). */
    public static final String FROM = " from certificate c" + HOLDER_JOIN + BODY_JOIN;

    /** The two statements of a search, count and page, with their parameters. */
    public record Statements(String count, String page, Map<String, Object> parameters) {
    }

    public Statements statements(CertificateSearch search, CertificateSearch.Scope scope) {
        Condition condition = condition(search.filters(), scope);
        // the page is chosen on certificate alone (joined to holder only when filtering or sorting by it),
        // and only its rows are joined to holder and body for display
        String inner = search.order().by() == CertificateSearch.Sort.HOLDER_NAME && !condition.needsHolder()
                ? condition.from() + HOLDER_JOIN : condition.from();
        String order = " order by " + search.order().sql();
        Map<String, Object> parameters = new HashMap<>(condition.parameters());
        parameters.put("pageSize", search.page().size());
        parameters.put("pageOffset", search.page().offset());
        return new Statements("select count(*)" + condition.from() + condition.sql(),
                "select c.number, c.scheme_code, c.grade_code, c.score, c.score_scale, c.standing, c.issue_date,"
                        + " c.expiry_date, h.name, h.credit_code, h.credit_code_check_ok, b.code, b.name, c.site_region_code"
                        + " from (select c.*" + inner + condition.sql() + order + " limit :pageSize offset :pageOffset) c"
                        + HOLDER_JOIN + BODY_JOIN + order,
                parameters);
    }

    /** A public search, answered by the read-only datasource. */
    public Results search(CertificateSearch search, CertificateSearch.Scope scope) {
        LocalDate today = clock.today();
        Statements statements = statements(search, scope);
        List<Summary> items = new ArrayList<>();
        for (Object[] columns : replica.list(statements.page(), statements.parameters())) {
            String number = (String) columns[0];
            Scheme scheme = scheme((String) columns[1]);
            LocalDate issueDate = SqlValues.localDate(columns[6]);
            LocalDate expiryDate = SqlValues.localDate(columns[7]);
            Status status = StatusTimeline.current(today, issueDate, expiryDate, Status.valueOf((String) columns[5]));
            items.add(new Summary(number, new Coded(scheme.code(), scheme.name()), grade(scheme, (String) columns[2]),
                    (BigDecimal) columns[3], ((Number) columns[4]).intValue(), new StatusView(status, status.label, null),
                    issueDate, expiryDate, new HolderRef((String) columns[8], (String) columns[9], (Boolean) columns[10]),
                    new BodyRef((String) columns[11], (String) columns[12]), regions.reference((String) columns[13]),
                    links(number)));
        }
        return new Results(items, ((Number) replica.list(statements.count(), statements.parameters()).get(0)[0]).longValue());
    }

    @Transactional
    public CertificateViews.Record record(String number) {
        return record(find(number));
    }

    /** The public record of a certificate already loaded (with its holder, body and history). */
    public CertificateViews.Record record(Certificate certificate) {
        LocalDate today = clock.today();
        Scheme scheme = scheme(certificate.schemeCode);
        List<SubScoreView> subScores = new ArrayList<>();
        if (certificate.subScores != null) {
            for (Scheme.SubScore definition : scheme.subScores()) {
                BigDecimal value = certificate.subScores.get(definition.code());
                if (value != null) {
                    subScores.add(new SubScoreView(definition.code(), definition.name(), value, definition.maxScore()
                            .multiply(BigDecimal.valueOf(certificate.scoreScale)).divide(BigDecimal.valueOf(scheme.thresholdScale()))));
                }
            }
        }
        List<EventView> history = new ArrayList<>();
        for (CertificateEvent event : certificate.events) {
            history.add(new EventView(event.kind, event.kind.label, event.effectiveDate, event.reason, event.recordedAt,
                    event.recordedBy, event.kind.standingAfter().orElse(null), event.gradeCode, event.score, event.scope));
        }
        return new CertificateViews.Record(certificate.number,
                new SchemeRef(scheme.code(), scheme.name(), scheme.standards()), grade(scheme, certificate.gradeCode),
                certificate.score, certificate.scoreScale, subScores, certificate.scope, certificate.issueDate,
                certificate.expiryDate, StatusView.of(certificate.statusOn(today)), BodyView.of(certificate.body),
                new HolderView(certificate.holder.name, certificate.holder.creditCode, certificate.holder.creditCodeCheckOk,
                        regions.reference(certificate.holder.regionCode)),
                new SiteView(regions.reference(certificate.siteRegionCode), certificate.siteAddress),
                new SurveillanceView(certificate.surveillanceDue, certificate.surveillanceOverdue(today, config.surveillanceGrace())),
                history, links(certificate.number));
    }

    @Transactional
    public CertificateViews.StatusOnDay statusOn(String number, LocalDate day) {
        Certificate certificate = find(number);
        StatusTimeline.StatusOn status = certificate.statusOn(day);
        return new CertificateViews.StatusOnDay(certificate.number, day, StatusView.of(status), status.status() == Status.VALID);
    }

    private Certificate find(String number) {
        return Certificate.findWithHistory(number)
                .orElseThrow(() -> Certificate.notFound(number));
    }

    private Scheme scheme(String code) {
        return schemes.find(code).orElseThrow();
    }

    private static Coded grade(Scheme scheme, String code) {
        return new Coded(code, scheme.grade(code).map(Scheme.Grade::name).orElse(new Label(code, code)));
    }

    private static void range(StringBuilder where, Map<String, Object> parameters, String condition, String name, LocalDate date) {
        where.append(" and ").append(condition).append(':').append(name);
        parameters.put(name, date);
    }


    private static Map<String, String> links(String number) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", "/api/v1/certificates/" + number);
        links.put("status", "/api/v1/certificates/" + number + "/status");
        return links;
    }
}

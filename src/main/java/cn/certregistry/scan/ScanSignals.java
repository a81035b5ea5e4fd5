package cn.certregistry.scan;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import cn.certregistry.common.NamedSql;
import cn.certregistry.common.Page;
import cn.certregistry.common.ReadReplica;
import cn.certregistry.common.SqlValues;

/**
 * Days on which a certificate's code was checked far more often than usual, or more than a bound: the sign of a
 * genuine code copied onto goods that are not the holder's. Read from the per-day counts alone (no address, no
 * device, nothing of who scanned).
 */
@ApplicationScoped
public class ScanSignals {

    /** When a day's count is a signal. */
    @ConfigMapping(prefix = "registry.scan-signals")
    public interface Config {

        /** A day with at least this many checks of one certificate is a signal, whatever its usual rate. */
        @WithDefault("1000")
        long dailyLimit();

        /** A day with this many times the certificate's usual daily checks (the mean of the 28 days before) is a signal… */
        @WithDefault("10")
        int timesUsual();

        /** …when it has at least this many checks (a certificate checked twice instead of never is no signal). */
        @WithDefault("50")
        long minimum();
    }

    /** One certificate's day that stood out: its checks, and its usual daily checks over the 28 days before. */
    public record Signal(String number, String holderName, String body, String siteRegion, LocalDate day, long scans,
            double usualPerDay, String reason) {
    }

    /**
     * Whose signals: a body's own certificates', a regulator's region's, an administrator's all; or one certificate's
     * (its number).
     */
    public record Scope(Optional<String> body, Optional<String> regionPrefix, Optional<String> number) {
    }

    static final int USUAL_DAYS = 28;

    @Inject
    ReadReplica replica;
    @Inject
    Config config;

    /** The signals of the days in [from, to], newest and largest first, a page of them, and how many there are. */
    public Page.Total count(Scope scope, LocalDate from, LocalDate to) {
        Map<String, Object> parameters = parameters(scope, from, to);
        long counted = replica.inSession(session -> session.doReturningWork(connection -> NamedSql.single(connection,
                "select count(*) from (" + flagged(scope) + " limit :countLimit) counted", parameters)));
        return Page.Total.capped(counted);
    }

    public List<Signal> page(Scope scope, LocalDate from, LocalDate to, Page.PageRequest page) {
        Map<String, Object> parameters = parameters(scope, from, to);
        parameters.put("pageSize", page.size());
        parameters.put("pageOffset", page.offset());
        return replica.inSession(session -> session.doReturningWork(connection -> NamedSql.rows(connection, flagged(scope)
                + " order by f.day desc, f.scans desc, c.number limit :pageSize offset :pageOffset", parameters))).stream()
                .map(row -> {
                    long scans = ((Number) row[5]).longValue();
                    double usual = ((Number) row[6]).doubleValue();
                    return new Signal((String) row[0], (String) row[1], (String) row[2], (String) row[3],
                            SqlValues.localDate(row[4]), scans, Math.round(usual * 100) / 100.0,
                            scans >= config.dailyLimit() ? "DAILY_LIMIT" : "FAR_ABOVE_USUAL");
                }).toList();
    }

    private Map<String, Object> parameters(Scope scope, LocalDate from, LocalDate to) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("from", from);
        parameters.put("to", to);
        parameters.put("usualDays", USUAL_DAYS);
        parameters.put("dailyLimit", config.dailyLimit());
        parameters.put("timesUsual", config.timesUsual());
        parameters.put("minimum", config.minimum());
        parameters.put("countLimit", Page.MAX_COUNT + 1);
        scope.body().ifPresent(body -> parameters.put("body", body));
        scope.regionPrefix().ifPresent(prefix -> parameters.put("regionPrefix", prefix + "%"));
        scope.number().ifPresent(number -> parameters.put("number", number));
        return parameters;
    }

    private static String flagged(Scope scope) {
        return "select c.number, c.holder_name, b.code, c.site_region_code, f.day, f.scans, f.usual from ("
                + "select s.certificate_id, s.day, s.scans, coalesce((select sum(p.scans) from scan_count p"
                + " where p.certificate_id = s.certificate_id and p.day between s.day - :usualDays and s.day - 1), 0)"
                + " / cast(:usualDays as numeric) as usual from scan_count s where s.day between :from and :to"
                + " and s.scans >= least(:dailyLimit, :minimum)) f"
                + " join certificate c on c.id = f.certificate_id join certification_body b on b.id = c.body_id"
                + " where (f.scans >= :dailyLimit or (f.scans >= :minimum and f.scans >= :timesUsual * f.usual))"
                + scope.body().map(body -> " and b.code = :body").orElse("")
                + scope.regionPrefix().map(prefix -> " and c.site_region_code like :regionPrefix").orElse("")
                + scope.number().map(number -> " and c.number = :number").orElse("");
    }
}

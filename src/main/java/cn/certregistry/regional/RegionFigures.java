package cn.certregistry.regional;

import static io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

import cn.certregistry.common.BackgroundTask;
import cn.certregistry.common.NamedSql;
import cn.certregistry.common.Patience;
import cn.certregistry.common.ReadReplica;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.common.SqlValues;
import cn.certregistry.common.TransactionLocks;
import cn.certregistry.region.Region;
import cn.certregistry.register.CertificateQueries;
import cn.certregistry.register.Status;

/**
 * The regions' figures: today's certificates by scheme, grade and status, and the changes per month of the trend
 * charts, kept per district in tables (V30) that one server at a time brings up to date every refresh, so that a
 * page of any region, a province of a million certificates included, sums a few thousand rows instead of reading its
 * certificates. The register's writes mark the districts they touch (statement-level triggers); a take recounts
 * those, and a new day (EXPIRED follows the date) or the first take recounts all. The counting is
 * {@link CertificateQueries}', with the status rules of the database: nothing here decides a status.
 */
@ApplicationScoped
public class RegionFigures {

    /** How many months the trend charts and their CSV cover, ending with the current one. */
    public static final int TREND_MONTHS = 24;

    /** A region's figures, when they were taken and the day they count as today (both empty before the first take). */
    public record Figures(List<CertificateQueries.Count> counts, List<CertificateQueries.Month> months,
            Optional<OffsetDateTime> takenAt, Optional<LocalDate> day) {
    }

    private record Taken(LocalDate day, OffsetDateTime at) {
    }

    private static final Logger LOG = Logger.getLogger(RegionFigures.class);
    /** The advisory lock of the figures' taker: "regionfg" in ASCII. */
    private static final long TAKER_LOCK = 0x72656769_6f6e6667L;
    private static final String TAKEN = "select day, taken_at from region_figures_taken";

    private final BackgroundTask taking = new BackgroundTask("region-figures", "The region figures", this::take);

    @Inject
    Session session;
    @Inject
    ReadReplica replica;
    @Inject
    RegisterClock clock;
    @Inject
    RegionFiguresConfig config;

    /**
     * A region's figures, as the last take counted them. When they are older than twice the refresh or of an earlier day
     * (no server has taken them lately: all were down, or the new day's recount of every district is under way) a take
     * is started here too and the figures there are are shown, saying when they were taken; only before the very first
     * take is it waited for a little.
     */
    public Figures of(Region.CodeRange range) {
        Figures figures = read(range);
        if (stale(figures)) {
            taking.start();
            if (figures.takenAt().isEmpty()) {
                figures = Patience.until(() -> read(range), seen -> seen.takenAt().isPresent(), config.waitForFresh());
            }
        }
        return figures;
    }

    /** Today's valid certificates per province (the first two digits of the site's code), of one scheme or of all. */
    public Map<String, Long> validByProvince(Optional<String> scheme) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("valid", Status.VALID.name());
        String sql = "select substr(region_code, 1, 2), sum(count) from region_status_count where status = :valid"
                + scheme.map(code -> {
                    parameters.put("scheme", code);
                    return " and scheme_code = :scheme";
                }).orElse("") + " group by 1";
        Map<String, Long> counts = new HashMap<>();
        replica.inSession(session -> rows(session, sql, parameters)).forEach(row -> counts.put((String) row[0],
                ((Number) row[1]).longValue()));
        return counts;
    }

    private Figures read(Region.CodeRange range) {
        Map<String, Object> parameters = Map.of("first", range.first(), "last", range.last());
        return replica.inTransaction(session -> {
            List<Object[]> taken = rows(session, TAKEN, Map.of());
            Optional<Taken> when = taken.isEmpty() ? Optional.empty()
                    : Optional.of(new Taken(SqlValues.localDate(taken.get(0)[0]), offset(taken.get(0)[1])));
            List<CertificateQueries.Count> counts = rows(session, "select scheme_code, grade_code, status, sum(count)"
                    + " from region_status_count where region_code between :first and :last group by 1, 2, 3", parameters)
                    .stream().map(row -> new CertificateQueries.Count((String) row[0], (String) row[1],
                            Status.valueOf((String) row[2]), ((Number) row[3]).longValue()))
                    .toList();
            // the months end with the one of the day the figures were counted on, as their CSV's
            YearMonth last = YearMonth.from(when.map(Taken::day).orElse(clock.today()));
            Map<YearMonth, Map<String, Long>> byMonth = new LinkedHashMap<>();
            for (YearMonth month = last.minusMonths(TREND_MONTHS - 1L); !month.isAfter(last); month = month.plusMonths(1)) {
                Map<String, Long> kinds = new LinkedHashMap<>();
                CertificateQueries.CHANGE_KINDS.forEach(kind -> kinds.put(kind, 0L));
                byMonth.put(month, kinds);
            }
            for (Object[] row : rows(session, "select to_char(month, 'YYYY-MM'), kind, sum(count) from region_change_month"
                    + " where region_code between :first and :last group by 1, 2", parameters)) {
                Map<String, Long> kinds = byMonth.get(YearMonth.parse((String) row[0]));
                if (kinds != null) {
                    kinds.put((String) row[1], ((Number) row[2]).longValue());
                }
            }
            List<CertificateQueries.Month> months = new ArrayList<>();
            byMonth.forEach((month, kinds) -> months.add(new CertificateQueries.Month(month, kinds)));
            return new Figures(counts, months, when.map(Taken::at), when.map(Taken::day));
        });
    }

    private boolean stale(Figures figures) {
        return figures.takenAt().isEmpty() || !figures.day().get().equals(clock.today())
                || Instant.now().isAfter(figures.takenAt().get().toInstant().plus(config.refresh().multipliedBy(2)));
    }

    /** Every server looks once a refresh; the first takes the figures, the others find the lock taken and skip. */
    @Scheduled(identity = "region figures", every = "${registry.region-figures.refresh}", concurrentExecution = SKIP)
    void takeWhenDue() {
        take();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        taking.close();
    }


    /**
     * Recounts the districts marked since the last take, or every district on a new day, in one transaction on the
     * primary: the marks are deleted first, so a change committed while the counting runs keeps its mark for the next.
     */
    void take() {
        QuarkusTransaction.requiringNew().timeout(900).run(() -> session.doWork(connection -> {
            if (!TransactionLocks.tryTake(connection, TAKER_LOCK)) {
                return;
            }
            // a take that recounts every district reads every certificate: off the request path, it may take longer
            NamedSql.single(connection, "select count(*) from (select set_config('statement_timeout', '600s', true)) timeout",
                    Map.of());
            LocalDate today = clock.today();
            List<Object[]> taken = NamedSql.rows(connection, TAKEN, Map.of());
            boolean everyDistrict = taken.isEmpty() || !today.equals(SqlValues.localDate(taken.get(0)[0]));
            long started = System.nanoTime();
            List<String> districts = List.of();
            if (everyDistrict) {
                NamedSql.update(connection, "delete from region_figures_stale", Map.of());
                NamedSql.update(connection, "delete from region_status_count", Map.of());
                NamedSql.update(connection, "delete from region_change_month", Map.of());
            } else {
                districts = NamedSql.rows(connection, "with seen as (delete from region_figures_stale returning region_code)"
                        + " select distinct region_code from seen", Map.of()).stream().map(row -> (String) row[0]).toList();
                if (!districts.isEmpty()) {
                    Map<String, Object> these = Map.of("districts", districts);
                    NamedSql.update(connection, "delete from region_status_count where region_code in (:districts)", these);
                    NamedSql.update(connection, "delete from region_change_month where region_code in (:districts)", these);
                }
            }
            if (everyDistrict || !districts.isEmpty()) {
                LocalDate from = YearMonth.from(today).minusMonths(TREND_MONTHS - 1L).atDay(1);
                Map<String, Object> parameters = CertificateQueries.districtParameters(today, from, districts);
                NamedSql.update(connection, "insert into region_status_count (region_code, scheme_code, grade_code, status, count) "
                        + CertificateQueries.countsByDistrict(everyDistrict), parameters);
                NamedSql.update(connection, "insert into region_change_month (region_code, month, kind, count) "
                        + CertificateQueries.changesByDistrictAndMonth(everyDistrict), parameters);
            }
            Map<String, Object> day = Map.of("day", today);
            NamedSql.update(connection, "insert into region_figures_taken (one, day, taken_at) values (true, :day, now())"
                    + " on conflict (one) do update set day = excluded.day, taken_at = excluded.taken_at", day);
            if (everyDistrict) {
                LOG.infof("Region figures of %s counted for every district in %d ms", today,
                        (System.nanoTime() - started) / 1_000_000);
            }
        }));
    }

    private static List<Object[]> rows(Session session, String sql, Map<String, Object> parameters) {
        return session.doReturningWork(connection -> NamedSql.rows(connection, sql, parameters));
    }

    private static OffsetDateTime offset(Object value) {
        return value instanceof OffsetDateTime offset ? offset
                : ((java.sql.Timestamp) value).toInstant().atOffset(java.time.ZoneOffset.UTC);
    }
}

package cn.certregistry.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import cn.certregistry.common.RegistryConfig;
import cn.certregistry.common.SqlValues;
import cn.certregistry.region.Region;

/** A region's figures for its regulators: counts by scheme, grade and status; what changed in a period. */
@ApplicationScoped
public class RegionStatistics {

    /** The status a certificate has today, in SQL (withdrawn and cancelled outrank expiry). */
    static final String STATUS_TODAY = "case when c.standing in ('WITHDRAWN', 'CANCELLED') then c.standing"
            + " when c.expiry_date < :today then 'EXPIRED' else c.standing end";
    private static final int MAX_CHANGES = 500;

    @Inject
    EntityManager entityManager;
    @Inject
    RegistryConfig config;

    public record Count(String scheme, String grade, String status, long count) {
    }

    public record Change(String kind, LocalDate day, String number, String holder) {
    }

    public record Changes(Map<String, Long> counts, List<Change> latest, boolean truncated) {
    }

    @Transactional
    @SuppressWarnings("unchecked")
    public List<Count> counts(Region.CodeRange range, LocalDate today) {
        List<Count> counts = new ArrayList<>();
        for (Object[] row : (List<Object[]>) entityManager.createNativeQuery("select c.scheme_code, c.grade_code, " + STATUS_TODAY
                + ", count(*) from certificate c where c.site_region_code between :first and :last group by 1, 2, 3")
                .setParameter("today", today).setParameter("first", range.first()).setParameter("last", range.last())
                .getResultList()) {
            counts.add(new Count((String) row[0], (String) row[1], (String) row[2], ((Number) row[3]).longValue()));
        }
        return counts;
    }

    /** New, suspended, withdrawn, cancelled and expired certificates with their day in [from, to]. */
    @Transactional
    @SuppressWarnings("unchecked")
    public Changes changes(Region.CodeRange range, LocalDate from, LocalDate to) {
        String inRegion = " c.site_region_code between :first and :last";
        List<Object[]> rows = entityManager.createNativeQuery("select kind, day, number, holder from ("
                + " select e.kind as kind, e.effective_date as day, c.number as number, h.name as holder"
                + " from certificate_event e join certificate c on c.id = e.certificate_id join holder h on h.id = c.holder_id"
                + " where" + inRegion + " and e.kind in ('ISSUED', 'SUSPENDED', 'WITHDRAWN', 'CANCELLED')"
                + " and e.effective_date between :from and :to"
                + " union all select 'EXPIRED', c.expiry_date + 1, c.number, h.name"
                + " from certificate c join holder h on h.id = c.holder_id where" + inRegion
                + " and c.standing in ('VALID', 'SUSPENDED') and c.expiry_date + 1 between :from and :to"
                + ") changes order by day desc, number")
                .setParameter("first", range.first()).setParameter("last", range.last())
                .setParameter("from", from).setParameter("to", to).getResultList();
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String kind : List.of("ISSUED", "SUSPENDED", "WITHDRAWN", "CANCELLED", "EXPIRED")) {
            counts.put(kind, 0L);
        }
        List<Change> latest = new ArrayList<>();
        for (Object[] row : rows) {
            counts.merge((String) row[0], 1L, Long::sum);
            if (latest.size() < MAX_CHANGES) {
                latest.add(new Change((String) row[0], SqlValues.localDate(row[1]), (String) row[2], (String) row[3]));
            }
        }
        return new Changes(counts, latest, rows.size() > MAX_CHANGES);
    }

    @Transactional
    public long surveillanceOverdue(Region.CodeRange range, LocalDate today) {
        return ((Number) entityManager.createNativeQuery("select count(*) from certificate c where c.site_region_code"
                + " between :first and :last and c.standing = 'VALID' and c.issue_date <= :today and c.expiry_date >= :today"
                + " and c.surveillance_due < :overdueBefore").setParameter("first", range.first())
                .setParameter("last", range.last()).setParameter("today", today)
                .setParameter("overdueBefore", today.minus(config.surveillanceGrace())).getSingleResult()).longValue();
    }
}

package cn.certregistry.register;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import jakarta.persistence.CascadeType;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Version;

import org.hibernate.Session;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

import cn.certregistry.body.CertificationBody;
import cn.certregistry.common.NamedSql;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.SqlValues;
import cn.certregistry.holder.Holder;

@Entity
public class Certificate extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String number;
    @Column(name = "scheme_code")
    public String schemeCode;
    @Column(name = "grade_code")
    public String gradeCode;
    public BigDecimal score;
    @Column(name = "score_scale")
    public int scoreScale;
    @Column(name = "sub_scores")
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, BigDecimal> subScores;
    public String scope;
    @Column(name = "issue_date")
    public LocalDate issueDate;
    @Column(name = "expiry_date")
    public LocalDate expiryDate;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "body_id")
    public CertificationBody body;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "holder_id")
    public Holder holder;
    /** The holder's name as this certificate shows it: set by its own body only, at issue and by HOLDER_CHANGED. */
    @Column(name = "holder_name")
    public String holderName;
    @Column(name = "holder_region_code")
    public String holderRegionCode;
    @Column(name = "site_region_code")
    public String siteRegionCode;
    @Column(name = "site_address")
    public String siteAddress;
    /** The standing the history leaves today, kept with every event so searches can use an index. */
    @Enumerated(EnumType.STRING)
    public Status standing;
    /** 12 months after the last passed surveillance audit (or the issue): when the next one is due. */
    @Column(name = "surveillance_due")
    public LocalDate surveillanceDue;
    @Version
    public long version;
    @Column(name = "created_at", updatable = false)
    public OffsetDateTime createdAt;
    @OneToMany(mappedBy = "certificate", cascade = CascadeType.PERSIST)
    @OrderBy("effectiveDate, id")
    public List<CertificateEvent> events = new ArrayList<>();

    /** The answer when no certificate has this number. */
    public static ProblemException notFound(String number) {
        return ProblemException.notFound("No certificate numbered '" + number + "' is in the register.");
    }

    public static Optional<Certificate> findByNumber(String number) {
        return find("number", number).firstResultOptional();
    }

    private static final String WITH_HISTORY = "select c from Certificate c join fetch c.holder join fetch c.body"
            + " left join fetch c.events where c.number = ?1";

    /**
     * The certificate with its holder, body and history, in one query, in a session of the caller's (on the
     * read-only datasource, say): what a record, a verification or a QR code shows.
     */
    public static Optional<Certificate> findWithHistory(Session session, String number) {
        return session.createSelectionQuery(WITH_HISTORY, Certificate.class).setParameter(1, number).uniqueResultOptional();
    }

    /**
     * One statement for a whole batch: the numbers come as one array parameter (a thousand placeholders cost the
     * driver and the planner more than the rows), each certificate's latest log index is read once per certificate
     * (the log's own index on certificate_number, as log/TransparencyLog.latestIndexes reads it), and its history's rows
     * follow it in order.
     */
    /**
     * Materialized: inlined, the planner moved the latest log index's lookup after the join with the history, once per
     * event instead of once per certificate (2 568 lookups for 1 000 certificates). Public for the benchmark's plans.
     */
    public static final String FOR_CHECKS = "with found as materialized (select c.id, c.number, c.scheme_code, c.grade_code, c.issue_date,"
            + " c.expiry_date, c.holder_name, h.credit_code, c.body_id, (select max(l.index) from log_entry l"
            + " where l.certificate_number = c.number) as log_index from certificate c join holder h on h.id = c.holder_id"
            + " where c.number = any(:numbers)) select f.id, f.number, f.scheme_code, f.grade_code, f.issue_date,"
            + " f.expiry_date, f.holder_name, f.credit_code, e.kind, e.effective_date, e.holder_name, f.body_id, f.log_index"
            + " from found f left join certificate_event e on e.certificate_id = f.id order by f.id, e.effective_date, e.id";

    /** A certificate as a check reads it, with the index of its latest entry in the transparency log (null: none yet). */
    public record ForCheck(Certificate certificate, Long logIndex) {
    }

    /**
     * Certificates by number with what a procurement check reads of them (facts, holder's credit code, history's
     * kinds, days and names, latest log index), in one statement on the connection given. Read as rows, not as
     * entities: Hibernate took 100 ms of CPU to load a bid file's thousand certificates with their histories. The
     * objects are for reading only, not part of any session.
     */
    public static List<ForCheck> listForChecks(Connection connection, Collection<String> numbers) throws SQLException {
        List<Object[]> rows = NamedSql.rows(connection, FOR_CHECKS,
                Map.of("numbers", connection.createArrayOf("varchar", numbers.toArray())));
        List<ForCheck> certificates = new ArrayList<>();
        Certificate current = null;
        for (Object[] row : rows) {
            long id = ((Number) row[0]).longValue();
            if (current == null || current.id != id) {
                current = new Certificate();
                current.id = id;
                current.number = (String) row[1];
                current.schemeCode = (String) row[2];
                current.gradeCode = (String) row[3];
                current.issueDate = SqlValues.localDate(row[4]);
                current.expiryDate = SqlValues.localDate(row[5]);
                current.holderName = (String) row[6];
                current.holder = new Holder();
                current.holder.creditCode = (String) row[7];
                current.body = new CertificationBody();
                current.body.id = ((Number) row[11]).longValue();
                certificates.add(new ForCheck(current, row[12] == null ? null : ((Number) row[12]).longValue()));
            }
            if (row[8] != null) {
                CertificateEvent event = new CertificateEvent();
                event.kind = EventKind.valueOf((String) row[8]);
                event.effectiveDate = SqlValues.localDate(row[9]);
                event.holderName = (String) row[10];
                current.events.add(event);
            }
        }
        return certificates;
    }

    /** Appends an event to the history and applies what it changes. */
    public void record(CertificateEvent event) {
        event.certificate = this;
        event.recordedAt = Objects.requireNonNullElseGet(event.recordedAt, OffsetDateTime::now);
        events.add(event);
        switch (event.kind) {
            case ISSUED -> surveillanceDue = event.effectiveDate.plusMonths(12);
            case SURVEILLANCE_PASSED -> surveillanceDue = later(surveillanceDue, event.effectiveDate.plusMonths(12));
            case GRADE_CHANGED -> {
                gradeCode = event.gradeCode;
                score = event.score;
                subScores = event.subScores;
            }
            case SCOPE_CHANGED -> scope = event.scope;
            case HOLDER_CHANGED -> holderName = event.holderName;
            default -> {
            }
        }
        standing = StatusTimeline.standing(issueDate, changes());
    }

    /** Whether, on a day, the annual surveillance audit of a valid certificate is later than its due date plus grace. */
    public boolean surveillanceOverdue(LocalDate day, java.time.Period grace) {
        return StatusTimeline.surveillanceOverdue(statusOn(day).status(), surveillanceDue, day, grace);
    }

    private static LocalDate later(LocalDate a, LocalDate b) {
        return a == null || b.isAfter(a) ? b : a;
    }

    /** The holder's name as the certificate showed it on a day (its first name before the issue). */
    public String holderNameOn(LocalDate day) {
        String name = null;
        for (CertificateEvent event : events) {
            if (event.holderName != null && (name == null || !event.effectiveDate.isAfter(day))) {
                name = event.holderName;
            }
        }
        return name == null ? holderName : name;
    }

    public StatusTimeline.StatusOn statusOn(LocalDate day) {
        return StatusTimeline.statusOn(day, issueDate, expiryDate, changes());
    }

    public List<StatusTimeline.Change> changes() {
        List<StatusTimeline.Change> changes = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            events.get(i).asChange(i).ifPresent(changes::add);
        }
        return changes;
    }
}

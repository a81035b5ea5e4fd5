package cn.certregistry.register;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

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
import jakarta.persistence.Table;

import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One entry of a certificate's history. Append-only: the database refuses updates and deletes. */
@Entity
@Table(name = "certificate_event")
public class CertificateEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "certificate_id")
    public Certificate certificate;
    @Enumerated(EnumType.STRING)
    public EventKind kind;
    @Column(name = "effective_date")
    public LocalDate effectiveDate;
    public String reason;
    @Column(name = "recorded_at", updatable = false)
    public OffsetDateTime recordedAt;
    @Column(name = "recorded_by")
    public String recordedBy;
    @Column(name = "grade_code")
    public String gradeCode;
    public BigDecimal score;
    @Column(name = "sub_scores")
    @JdbcTypeCode(SqlTypes.JSON)
    public Map<String, BigDecimal> subScores;
    public String scope;
    /** The holder's name as printed on the certificate: the first one on ISSUED, each new one on HOLDER_CHANGED. */
    @Column(name = "holder_name")
    public String holderName;

    /** This event as a standing change, if it is one; {@code sequence} orders events of the same day. */
    public Optional<StatusTimeline.Change> asChange(long sequence) {
        return kind.standingAfter().map(standing -> new StatusTimeline.Change(effectiveDate, sequence, standing));
    }
}

package cn.certregistry.body;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

import org.hibernate.Session;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;

/** One recorded change of a body's approval (V27__body_approvals.sql): appended, never rewritten. */
@Entity
@Table(name = "body_approval_event")
public class ApprovalEvent extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "body_id")
    public CertificationBody body;
    @Enumerated(EnumType.STRING)
    public ApprovalHistory.Kind kind;
    @Column(name = "effective_date")
    public LocalDate effectiveDate;
    @JdbcTypeCode(SqlTypes.ARRAY)
    public String[] schemes;
    @Column(name = "valid_until")
    public LocalDate validUntil;
    public String reason;
    @Column(name = "recorded_at", insertable = false, updatable = false)
    public OffsetDateTime recordedAt;

    ApprovalHistory.Event rule() {
        return new ApprovalHistory.Event(id, kind, effectiveDate, schemes == null ? null : List.of(schemes), validUntil);
    }

    /** The histories of these bodies, by body id, in one query on a session of the caller's (a body without events: unrecorded). */
    public static Map<Long, ApprovalHistory> histories(Session session, Collection<Long> bodyIds) {
        Map<Long, List<ApprovalHistory.Event>> events = new HashMap<>();
        bodyIds.forEach(id -> events.put(id, new java.util.ArrayList<>()));
        if (!bodyIds.isEmpty()) {
            session.createSelectionQuery("from ApprovalEvent e where e.body.id in :ids order by e.effectiveDate, e.id",
                    ApprovalEvent.class).setParameter("ids", bodyIds).getResultList()
                    .forEach(event -> events.get(event.body.id).add(event.rule()));
        }
        Map<Long, ApprovalHistory> histories = new HashMap<>();
        events.forEach((id, list) -> histories.put(id, new ApprovalHistory(list)));
        return histories;
    }

    /**
     * The histories of these bodies, by body id, in one statement on the caller's connection with the ids as one
     * array parameter: what a batch of checks reads, as rows rather than entities.
     */
    public static Map<Long, ApprovalHistory> histories(Connection connection, Collection<Long> bodyIds) throws SQLException {
        Map<Long, List<ApprovalHistory.Event>> events = new HashMap<>();
        bodyIds.forEach(id -> events.put(id, new java.util.ArrayList<>()));
        if (!bodyIds.isEmpty()) {
            try (PreparedStatement read = connection.prepareStatement("select body_id, id, kind, effective_date, schemes,"
                    + " valid_until from body_approval_event where body_id = any(?) order by effective_date, id")) {
                read.setArray(1, connection.createArrayOf("bigint", bodyIds.toArray()));
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        Array schemes = rows.getArray(5);
                        events.get(rows.getLong(1)).add(new ApprovalHistory.Event(rows.getLong(2),
                                ApprovalHistory.Kind.valueOf(rows.getString(3)), rows.getObject(4, LocalDate.class),
                                schemes == null ? null : List.of((String[]) schemes.getArray()),
                                rows.getObject(6, LocalDate.class)));
                    }
                }
            }
        }
        Map<Long, ApprovalHistory> histories = new HashMap<>();
        events.forEach((id, list) -> histories.put(id, new ApprovalHistory(list)));
        return histories;
    }

    /** A body's history, oldest first, as recorded. */
    public static List<ApprovalEvent> of(CertificationBody body) {
        return list("body = ?1 order by effectiveDate, id", body);
    }

    /** A body's approval history for the rule (none recorded: unrecorded, approved for every scheme). */
    public static ApprovalHistory history(CertificationBody body) {
        return new ApprovalHistory(of(body).stream().map(ApprovalEvent::rule).toList());
    }
}

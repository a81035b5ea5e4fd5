package cn.certregistry.body;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import cn.certregistry.common.Label;

/**
 * A body's approval history and what it says on a day. Pure: the Java form of registry_approval_on
 * (V27__body_approvals.sql), which ApprovalRulesAgreementTest holds to the same answers.
 *
 * <p>Rules: a body without history is {@link Approval#UNRECORDED}; otherwise the latest event effective on or before the
 * day decides (ties by recording order): none (or no grant before it), not approved; revoked; suspended; else (granted or restored) the latest
 * grant's end and scope decide: expired after its end, out of scope for a scheme it does not name, in force otherwise.
 */
public record ApprovalHistory(List<Event> events) {

    public enum Kind {
        APPROVED(new Label("批准", "approved")),
        SUSPENDED(new Label("暂停批准", "approval suspended")),
        RESTORED(new Label("恢复批准", "approval restored")),
        REVOKED(new Label("撤销批准", "approval revoked"));

        public final Label label;

        Kind(Label label) {
            this.label = label;
        }
    }

    /** One recorded change; a grant ({@link Kind#APPROVED}) carries its scope and its end. */
    public record Event(long sequence, Kind kind, LocalDate effectiveDate, List<String> schemes, LocalDate validUntil) {
    }

    private static final Comparator<Event> ORDER = Comparator.comparing(Event::effectiveDate).thenComparingLong(Event::sequence);

    public static final ApprovalHistory UNRECORDED = new ApprovalHistory(List.of());

    public ApprovalHistory {
        events = events.stream().sorted(ORDER).toList();
    }

    public boolean recorded() {
        return !events.isEmpty();
    }

    public Approval on(String scheme, LocalDate day) {
        Optional<Event> latest = latest(day, null);
        Optional<Event> grant = latest(day, Kind.APPROVED);
        return approval(recorded(), latest.map(Event::kind).orElse(null), grant.map(Event::schemes).orElse(null),
                grant.map(Event::validUntil).orElse(null), scheme, day);
    }

    /** registry_approval: the rule on what the history gives for a day. */
    static Approval approval(boolean recorded, Kind lastKind, List<String> schemes, LocalDate validUntil, String scheme,
            LocalDate day) {
        if (!recorded) {
            return Approval.UNRECORDED;
        }
        if (lastKind == null) {
            return Approval.NOT_APPROVED;
        }
        return switch (lastKind) {
            case REVOKED -> Approval.REVOKED;
            case SUSPENDED -> Approval.SUSPENDED;
            case APPROVED, RESTORED -> validUntil == null ? Approval.NOT_APPROVED : day.isAfter(validUntil) ? Approval.EXPIRED
                    : schemes.contains(scheme) ? Approval.IN_FORCE : Approval.OUT_OF_SCOPE;
        };
    }

    /**
     * The first day after {@code from}, up to {@code to}, on which the approval no longer lets the body certify the
     * scheme: for a certificate issued within an approval that ended later, when it ended.
     */
    public Optional<LocalDate> endedBetween(String scheme, LocalDate from, LocalDate to) {
        TreeSet<LocalDate> changes = new TreeSet<>();
        for (Event event : events) {
            changes.add(event.effectiveDate());
            if (event.validUntil() != null) {
                changes.add(event.validUntil().plusDays(1));
            }
        }
        return changes.subSet(from, false, to, true).stream().filter(day -> !on(scheme, day).certifies()).findFirst();
    }

    private Optional<Event> latest(LocalDate day, Kind kind) {
        return events.stream().filter(e -> !e.effectiveDate().isAfter(day) && (kind == null || e.kind() == kind))
                .reduce((first, second) -> second);
    }
}

package cn.certregistry.body;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.certregistry.common.Label;

/** A body's approval as the public sees it: what it says today for each scheme, and its whole dated history. */
public record ApprovalView(String body, boolean recorded, List<SchemeApproval> today, List<EventView> history) {

    public record SchemeApproval(String scheme, Approval approval, Label label) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventView(ApprovalHistory.Kind kind, LocalDate effectiveDate, List<String> schemes, LocalDate validUntil,
            String reason, OffsetDateTime recordedAt) {
    }

    public static ApprovalView of(CertificationBody body, List<ApprovalEvent> events, List<String> schemes, LocalDate today) {
        ApprovalHistory history = new ApprovalHistory(events.stream().map(ApprovalEvent::rule).toList());
        return new ApprovalView(body.code, history.recorded(), schemes.stream().map(scheme -> {
            Approval approval = history.on(scheme, today);
            return new SchemeApproval(scheme, approval, approval.label);
        }).toList(), events.stream().map(e -> new EventView(e.kind, e.effectiveDate, e.schemes == null ? null
                : Arrays.asList(e.schemes), e.validUntil, e.reason, e.recordedAt)).toList());
    }
}

package cn.certregistry.body;

import java.time.LocalDate;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.certregistry.common.Label;

/**
 * What a certificate's issuer's approval says of it: whether it let the body certify the scheme on the issue date (a
 * certificate issued outside an approval is not valid, whatever its status), what it says today, and, for a certificate
 * issued within an approval that ended later, the day it ended (the certificate keeps its own status).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IssuerApproval(boolean approvedOnIssueDate, State onIssueDate, State today, LocalDate endedOn) {

    public record State(Approval code, Label label) {

        static State of(Approval approval) {
            return new State(approval, approval.label);
        }
    }

    public static IssuerApproval of(ApprovalHistory approvals, String scheme, LocalDate issueDate, LocalDate today) {
        Approval onIssue = approvals.on(scheme, issueDate);
        LocalDate endedOn = onIssue.certifies() ? approvals.endedBetween(scheme, issueDate, today).orElse(null) : null;
        return new IssuerApproval(onIssue.certifies(), State.of(onIssue), State.of(approvals.on(scheme, today)), endedOn);
    }
}

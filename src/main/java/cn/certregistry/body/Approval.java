package cn.certregistry.body;

import cn.certregistry.common.Label;

/** What a body's approval by CNCA says for one scheme on one day (registry_approval in V27__body_approvals.sql). */
public enum Approval {
    /** No history recorded: approved for every scheme, validity unknown (bodies registered before approvals were). */
    UNRECORDED(new Label("批准情况未登记", "approval not recorded")),
    NOT_APPROVED(new Label("未获批准", "not approved")),
    IN_FORCE(new Label("批准有效", "approved")),
    SUSPENDED(new Label("批准已暂停", "approval suspended")),
    REVOKED(new Label("批准已撤销", "approval revoked")),
    EXPIRED(new Label("批准已到期", "approval expired")),
    /** In force, but not for this scheme. */
    OUT_OF_SCOPE(new Label("不在批准范围内", "outside the approved scope"));

    public final Label label;

    Approval(Label label) {
        this.label = label;
    }

    /** Whether a body may certify under it: in force, or never recorded. */
    public boolean certifies() {
        return this == IN_FORCE || this == UNRECORDED;
    }
}

package cn.certregistry.register;

import java.util.Optional;

import cn.certregistry.common.Label;

/** What can happen to a certificate. Some kinds change its standing; the others are recorded facts. */
public enum EventKind {
    ISSUED(new Label("颁发", "issued"), Status.VALID),
    SURVEILLANCE_PASSED(new Label("年度监督审核通过", "surveillance audit passed"), null),
    SUSPENDED(new Label("暂停", "suspended"), Status.SUSPENDED),
    RESTORED(new Label("恢复", "restored"), Status.VALID),
    WITHDRAWN(new Label("撤销", "withdrawn"), Status.WITHDRAWN),
    CANCELLED(new Label("注销", "cancelled"), Status.CANCELLED),
    GRADE_CHANGED(new Label("等级变更", "grade changed"), null),
    SCOPE_CHANGED(new Label("范围变更", "scope changed"), null),
    HOLDER_CHANGED(new Label("获证组织名称变更", "holder renamed"), null);

    public final Label label;
    private final Status standingAfter;

    EventKind(Label label, Status standingAfter) {
        this.label = label;
        this.standingAfter = standingAfter;
    }

    /** The standing this event leaves the certificate in, when it changes the standing. */
    public Optional<Status> standingAfter() {
        return Optional.ofNullable(standingAfter);
    }
}

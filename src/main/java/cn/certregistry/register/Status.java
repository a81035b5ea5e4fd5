package cn.certregistry.register;

import cn.certregistry.common.Label;

/** A certificate's status, in the terms of the national certification information platform. */
public enum Status {
    VALID(new Label("有效", "valid")),
    SUSPENDED(new Label("暂停", "suspended")),
    WITHDRAWN(new Label("撤销", "withdrawn")),
    CANCELLED(new Label("注销", "cancelled")),
    /** Past the expiry date: derived from the date, never stored. */
    EXPIRED(new Label("过期", "expired")),
    /** Asked about a day before the certificate was issued. */
    NOT_YET_ISSUED(new Label("尚未颁发", "not yet issued"));

    public final Label label;

    Status(Label label) {
        this.label = label;
    }

    public boolean isFinal() {
        return this == WITHDRAWN || this == CANCELLED;
    }
}

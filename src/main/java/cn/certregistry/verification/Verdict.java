package cn.certregistry.verification;

import cn.certregistry.common.Label;

/** The answer to "is this certificate genuine and valid?", in one word and one sentence per language. */
public enum Verdict {
    VALID(new Label("有效", "valid"), new Label("证书真实有效", "Genuine and valid")),
    SUSPENDED(new Label("暂停", "suspended"), new Label("证书真实，但已被暂停", "Genuine, but suspended")),
    WITHDRAWN(new Label("撤销", "withdrawn"), new Label("证书真实，但已被撤销", "Genuine, but withdrawn")),
    CANCELLED(new Label("注销", "cancelled"), new Label("证书真实，但已注销", "Genuine, but cancelled")),
    EXPIRED(new Label("过期", "expired"), new Label("证书真实，但已过期", "Genuine, but expired")),
    /** Issued by a body whose approval did not cover the scheme on the issue date: whatever its status, not valid. */
    ISSUER_NOT_APPROVED(new Label("发证机构未获批准", "issuer not approved"),
            new Label("颁发此证书的机构当时未获批准从事该项认证，证书无效", "Issued by a body not approved for this certification at the time: not a valid certificate")),
    MISMATCH(new Label("信息不符", "mismatch"),
            new Label("签名真实，但所载信息与登记簿不符", "Genuine signature, but its facts no longer match the register")),
    NOT_FOUND(new Label("查无此证", "not found"), new Label("登记簿中没有此证书", "This certificate is not in the register")),
    NOT_GENUINE(new Label("非真实", "not genuine"), new Label("此二维码不是本登记簿签发的真实代码", "Not a genuine code of this register"));

    public final Label label;
    public final Label headline;

    Verdict(Label label, Label headline) {
        this.label = label;
        this.headline = headline;
    }

    public boolean good() {
        return this == VALID;
    }
}

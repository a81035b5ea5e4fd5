package cn.certregistry.verification;

import cn.certregistry.common.Label;

/**
 * A procurement officer's question: genuine, the bidder's, and valid on the bid date? Only what was checked is said: the
 * holder is the bidder's only when the bidder's credit code was given and matched.
 */
public enum ProcurementVerdict {
    VALID_ON_DATE(new Label("真实，属于该投标人，投标截止日有效", "genuine, the bidder's, valid on the date")),
    /** No bidder's credit code was given: genuine and valid, but whose it is was not compared; the line names the holder. */
    VALID_ON_DATE_HOLDER_NOT_CHECKED(new Label("真实，投标截止日有效；未核对持证组织是否为该投标人",
            "genuine, valid on the date; holder not checked against the bidder")),
    NOT_VALID_ON_DATE(new Label("真实，但在该日期无效", "genuine, but not valid on the date")),
    /** Issued by a body whose approval did not cover the scheme on the issue date. */
    ISSUER_NOT_APPROVED(new Label("发证机构在颁发时未获批准，证书无效", "issued by a body not approved for it at the time: not valid")),
    HOLDER_MISMATCH(new Label("证书不属于该统一社会信用代码的组织", "the certificate belongs to another organisation")),
    NOT_FOUND(new Label("登记簿中没有此证书", "not in the register")),
    /** A bid file's QR code that this register did not sign, or that was altered. */
    NOT_GENUINE(new Label("二维码不是本登记簿签发的真实二维码", "the QR code is not a genuine code of this register")),
    INVALID_REQUEST(new Label("此行无法核验", "this line cannot be checked")),
    /** A bid file's e-certificate whose signature by the register no longer holds: changed after it was signed. */
    ALTERED(new Label("电子证书在登记簿签名后被改动，签名无效", "an e-certificate changed after the register signed it"));

    public final Label label;

    ProcurementVerdict(Label label) {
        this.label = label;
    }

    /** The label of a line: a verdict that did not compare the holder names the register's holder, for the officer to compare. */
    public Label labelFor(String holderName) {
        if (this != VALID_ON_DATE_HOLDER_NOT_CHECKED || holderName == null) {
            return label;
        }
        return new Label(label.zh() + "（持证组织：" + holderName + "）", label.en() + " (holder: " + holderName + ")");
    }
}

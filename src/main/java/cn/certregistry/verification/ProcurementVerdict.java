package cn.certregistry.verification;

import cn.certregistry.common.Label;

/** A procurement officer's question: genuine, the bidder's, and valid on the bid date? */
public enum ProcurementVerdict {
    VALID_ON_DATE(new Label("真实，属于该投标人，投标截止日有效", "genuine, the bidder's, valid on the date")),
    NOT_VALID_ON_DATE(new Label("真实，但在该日期无效", "genuine, but not valid on the date")),
    HOLDER_MISMATCH(new Label("证书不属于该统一社会信用代码的组织", "the certificate belongs to another organisation")),
    NOT_FOUND(new Label("登记簿中没有此证书", "not in the register")),
    INVALID_REQUEST(new Label("此行无法核验", "this line cannot be checked"));

    public final Label label;

    ProcurementVerdict(Label label) {
        this.label = label;
    }
}

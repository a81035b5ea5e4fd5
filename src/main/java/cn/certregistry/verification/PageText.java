package cn.certregistry.verification;

import java.util.Map;

/** The verification page's words in each language: one template, two vocabularies. */
public record PageText(String lang, String title, String holder, String creditCode, String scheme, String grade,
        String score, String scope, String issueDate, String expiryDate, String body, String site, String history,
        String signedFacts, String differences, String key, String reason, String checkedAt, String otherLanguage,
        String notice) {

    static final Map<String, PageText> BY_LANGUAGE = Map.of(
            "zh", new PageText("zh-CN", "证书验真", "获证组织", "统一社会信用代码", "认证类别", "等级", "得分", "认证范围",
                    "颁证日期", "有效期至", "认证机构", "认证场所", "证书历史", "二维码所载信息", "与登记簿不符之处", "签名密钥",
                    "原因", "核验时间", "English",
                    "以本登记簿的实时状态为准。二维码中的签名信息可用公开密钥离线核验。"),
            "en", new PageText("en", "Certificate verification", "Holder", "Unified social credit code", "Scheme", "Grade",
                    "Score", "Scope", "Issued", "Valid until", "Certification body", "Certified site", "History",
                    "Signed in the QR code", "Differs from the register", "Signing key", "Reason", "Checked at", "中文",
                    "The live register decides the status. The signed facts in the code can be checked offline with the published keys."));

    static PageText of(String language) {
        return BY_LANGUAGE.getOrDefault(language, BY_LANGUAGE.get("zh"));
    }
}

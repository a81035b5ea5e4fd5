package cn.certregistry.issuing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

/** What a certification body submits to issue a certificate. */
public record NewCertificate(
        String number,
        String scheme,
        String grade,
        BigDecimal score,
        Integer scoreScale,
        Map<String, BigDecimal> subScores,
        String scope,
        LocalDate issueDate,
        LocalDate expiryDate,
        String holderName,
        String holderCreditCode,
        String holderRegion,
        String siteRegion,
        String siteAddress) {
}

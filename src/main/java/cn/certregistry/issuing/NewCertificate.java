package cn.certregistry.issuing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import cn.certregistry.common.PlainText;
import cn.certregistry.common.Points;

/**
 * What a certification body submits to issue a certificate. The limits are the contract's
 * ({@code NewCertificate} in openapi.yaml, which a test holds to these); what needs the register to check
 * (scheme and grade, dates, numbers already issued) is the service's.
 */
public record NewCertificate(
        @NotBlank String number,
        @NotBlank @Size(max = 40) @PlainText String scheme,
        @NotBlank @Size(max = 40) @PlainText String grade,
        @NotNull @Points BigDecimal score,
        Integer scoreScale,
        Map<String, @NotNull @Points BigDecimal> subScores,
        @NotBlank @Size(max = 2000) @PlainText String scope,
        @NotNull LocalDate issueDate,
        @NotNull LocalDate expiryDate,
        @NotBlank @Size(max = 200) @PlainText String holderName,
        @NotBlank @Size(max = 18) String holderCreditCode,
        @Pattern(regexp = DIVISION, message = "must be a six-digit GB/T 2260 division code") String holderRegion,
        @NotNull @Pattern(regexp = DIVISION, message = "must be a six-digit GB/T 2260 division code") String siteRegion,
        @Size(max = 300) @PlainText String siteAddress) {

    /** A GB/T 2260 division code: province, city or district, six digits. */
    static final String DIVISION = "^[0-9]{6}$";
}

package cn.certregistry.issuing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import cn.certregistry.common.PlainText;
import cn.certregistry.common.Points;
import cn.certregistry.register.EventKind;

/**
 * An event a certification body records on one of its certificates. {@code grade}, {@code score} and
 * {@code subScores} belong to GRADE_CHANGED, {@code scope} to SCOPE_CHANGED, {@code holderName} (the
 * holder's new name) to HOLDER_CHANGED; which kind needs which is the service's rule, their limits hold
 * for every kind ({@code NewEvent} in openapi.yaml).
 */
public record NewEvent(
        @NotNull EventKind kind,
        @NotNull LocalDate effectiveDate,
        @NotBlank @Size(max = 1000) @PlainText String reason,
        @Size(max = 40) @PlainText String grade,
        @Points BigDecimal score,
        Map<String, @NotNull @Points BigDecimal> subScores,
        @Size(max = 2000) @PlainText String scope,
        @Size(max = 200) @PlainText String holderName) {
}

package cn.certregistry.issuing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Map;

import cn.certregistry.register.EventKind;

/**
 * An event a certification body records on one of its certificates. {@code grade}, {@code score} and
 * {@code subScores} belong to GRADE_CHANGED, {@code scope} to SCOPE_CHANGED, {@code holderName} (the
 * holder's new name) to HOLDER_CHANGED.
 */
public record NewEvent(EventKind kind, LocalDate effectiveDate, String reason, String grade, BigDecimal score,
        Map<String, BigDecimal> subScores, String scope, String holderName) {
}

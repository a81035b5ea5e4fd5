package cn.certregistry.issuing;

import java.math.BigDecimal;
import java.time.LocalDate;

import cn.certregistry.register.EventKind;

/** An event a certification body records on one of its certificates. */
public record NewEvent(EventKind kind, LocalDate effectiveDate, String reason, String grade, BigDecimal score, String scope) {
}

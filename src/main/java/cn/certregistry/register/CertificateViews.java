package cn.certregistry.register;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.certregistry.body.BodyView;
import cn.certregistry.body.IssuerApproval;
import cn.certregistry.common.Label;
import cn.certregistry.region.RegionService.RegionRef;

/** What the public API shows of certificates. Entities never leave the service. */
public final class CertificateViews {

    private CertificateViews() {
    }

    public record Coded(String code, Label name) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusView(Status code, Label label, LocalDate since) {

        public static StatusView of(StatusTimeline.StatusOn status) {
            return new StatusView(status.status(), status.status().label, status.since());
        }
    }

    public record BodyRef(String code, String name) {
    }

    public record HolderRef(String name, String creditCode, boolean creditCodeCheckPassed) {
    }

    /** One search result. */
    public record Summary(String number, Coded scheme, Coded grade, BigDecimal score, int scoreScale, StatusView status,
            LocalDate issueDate, LocalDate expiryDate, HolderRef holder, BodyRef body, RegionRef siteRegion,
            Map<String, String> links) {
    }

    public record SchemeRef(String code, Label name, String standards) {
    }

    public record SubScoreView(String code, Label name, BigDecimal score, BigDecimal maxScore) {
    }

    public record HolderView(String name, String creditCode, boolean creditCodeCheckPassed, RegionRef region) {
    }

    public record SiteView(RegionRef region, String address) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record EventView(EventKind kind, Label label, LocalDate effectiveDate, String reason, OffsetDateTime recordedAt,
            String recordedBy, Status standingAfter, String grade, BigDecimal score, String scope, String holderName) {
    }

    /** When the next annual surveillance audit is due, and whether it is overdue (past due plus grace). */
    public record SurveillanceView(String number, LocalDate due, boolean overdue) {
    }

    /** The full public record. */
    public record Record(String number, SchemeRef scheme, Coded grade, BigDecimal score, int scoreScale,
            List<SubScoreView> subScores, String scope, LocalDate issueDate, LocalDate expiryDate, StatusView status,
            BodyView body, IssuerApproval issuerApproval, HolderView holder, SiteView site, List<EventView> history,
            Long logIndex, Map<String, String> links) {
    }

    /** The answer to "what was the status of this certificate on that day?". */
    public record StatusOnDay(String number, LocalDate on, StatusView status, boolean validOnThatDay, String holderName) {
    }
}

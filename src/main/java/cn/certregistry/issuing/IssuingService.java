package cn.certregistry.issuing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import cn.certregistry.body.CertificationBody;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.holder.CreditCode;
import cn.certregistry.holder.Holder;
import cn.certregistry.region.RegionService;
import cn.certregistry.register.Certificate;
import cn.certregistry.register.CertificateEvent;
import cn.certregistry.register.CertificateSearch;
import cn.certregistry.register.EventKind;
import cn.certregistry.register.Status;
import cn.certregistry.scheme.Scheme;
import cn.certregistry.scheme.SchemeCatalogue;

/** Writes to the register on behalf of a certification body, checking every rule of DOMAIN.md first. */
@ApplicationScoped
public class IssuingService {

    @Inject
    SchemeCatalogue schemes;
    @Inject
    RegionService regions;
    @Inject
    RegisterClock clock;

    @Transactional
    public Certificate issue(String bodyCode, NewCertificate request, String recordedBy) {
        CertificationBody body = CertificationBody.findByCode(bodyCode)
                .orElseThrow(() -> invalid("body", "No certification body has the code '" + bodyCode + "'."));
        String number = CertificateSearch.normalisedNumber("number", required("number", request.number()));
        if (Certificate.findByNumber(number).isPresent()) {
            throw new ProblemException(ProblemType.INVALID_CERTIFICATE, "A certificate numbered " + number + " already exists.", "number");
        }
        Scheme scheme = schemes.find(required("scheme", request.scheme()))
                .orElseThrow(() -> invalid("scheme", "Unknown scheme '" + request.scheme() + "'."));
        int scale = request.scoreScale() == null ? scheme.thresholdScale() : request.scoreScale();
        BigDecimal score = required("score", request.score());
        List<String> inconsistencies = scheme.inconsistencies(required("grade", request.grade()), score, scale, request.subScores());
        if (!inconsistencies.isEmpty()) {
            throw new ProblemException(ProblemType.GRADE_SCORE_MISMATCH, String.join(" ", inconsistencies), "grade");
        }
        LocalDate issueDate = required("issueDate", request.issueDate());
        LocalDate expiryDate = required("expiryDate", request.expiryDate());
        if (issueDate.isAfter(clock.today())) {
            throw invalid("issueDate", "The issue date " + issueDate + " is in the future.");
        }
        if (!expiryDate.isAfter(issueDate) || expiryDate.isAfter(issueDate.plusYears(3))) {
            throw invalid("expiryDate", "The expiry date must follow the issue date by at most 3 years.");
        }
        CreditCode creditCode;
        try {
            creditCode = CreditCode.parse(required("holderCreditCode", request.holderCreditCode()));
        } catch (IllegalArgumentException e) {
            throw invalid("holderCreditCode", e.getMessage());
        }
        String siteRegion = district("siteRegion", request.siteRegion());
        String holderRegion = request.holderRegion() == null ? null : district("holderRegion", request.holderRegion());

        Holder holder = Holder.findByCreditCode(creditCode.value()).orElseGet(Holder::new);
        holder.name = required("holderName", request.holderName()).strip();
        holder.creditCode = creditCode.value();
        holder.creditCodeCheckOk = creditCode.checkCharacterValid();
        holder.regionCode = holderRegion != null ? holderRegion : holder.regionCode;
        holder.persist();

        Certificate certificate = new Certificate();
        certificate.number = number;
        certificate.schemeCode = scheme.code();
        certificate.gradeCode = request.grade();
        certificate.score = score;
        certificate.scoreScale = scale;
        certificate.subScores = request.subScores() == null || request.subScores().isEmpty() ? null : request.subScores();
        certificate.scope = required("scope", request.scope()).strip();
        certificate.issueDate = issueDate;
        certificate.expiryDate = expiryDate;
        certificate.body = body;
        certificate.holder = holder;
        certificate.siteRegionCode = siteRegion;
        certificate.siteAddress = request.siteAddress();
        certificate.standing = Status.VALID;
        certificate.createdAt = java.time.OffsetDateTime.now();
        certificate.persist();
        certificate.record(event(EventKind.ISSUED, issueDate, null, recordedBy));
        return certificate;
    }

    @Transactional
    public Certificate record(String bodyCode, String number, NewEvent request, String recordedBy) {
        Certificate certificate = Certificate.findByNumber(number)
                .filter(c -> c.body.code.equals(bodyCode))
                .orElseThrow(() -> ProblemException.notFound("Certificate " + number + " is not one of " + bodyCode + "'s."));
        CertificateEvent event = event(request.kind(), request.effectiveDate(), request.reason(), recordedBy);
        event.gradeCode = request.grade();
        event.score = request.score();
        event.scope = request.scope();
        certificate.record(event);
        event.persist();
        return certificate;
    }

    private static CertificateEvent event(EventKind kind, LocalDate effectiveDate, String reason, String recordedBy) {
        CertificateEvent event = new CertificateEvent();
        event.kind = kind;
        event.effectiveDate = effectiveDate;
        event.reason = reason;
        event.recordedBy = recordedBy;
        return event;
    }

    private String district(String field, String code) {
        return regions.find(required(field, code)).map(region -> region.code)
                .orElseThrow(() -> invalid(field, "'" + code + "' is not a GB/T 2260 division code."));
    }

    private static <T> T required(String field, T value) {
        if (value == null || value instanceof String text && text.isBlank()) {
            throw invalid(field, "'" + field + "' is required.");
        }
        return value;
    }

    private static ProblemException invalid(String field, String detail) {
        return new ProblemException(ProblemType.INVALID_CERTIFICATE, detail, field);
    }
}

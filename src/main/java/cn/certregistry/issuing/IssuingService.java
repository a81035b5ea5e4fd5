package cn.certregistry.issuing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.LockModeType;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Transactional;

import io.quarkus.hibernate.orm.panache.Panache;

import cn.certregistry.body.Approval;
import cn.certregistry.body.ApprovalEvent;
import cn.certregistry.body.ApprovalHistory;
import cn.certregistry.body.CertificationBody;
import cn.certregistry.body.NumberPrefix;
import cn.certregistry.common.Inputs;
import cn.certregistry.common.Points;
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

    private static final ProblemType INVALID = ProblemType.INVALID_CERTIFICATE;
    /** From which standings each kind of event may be recorded; nothing follows withdrawal or cancellation. */
    private static final Set<EventKind> TAKES_TRUST_AWAY = Set.of(EventKind.SUSPENDED, EventKind.WITHDRAWN, EventKind.CANCELLED);
    private static final Map<EventKind, Set<Status>> ALLOWED_FROM = Map.of(
            EventKind.SURVEILLANCE_PASSED, EnumSet.of(Status.VALID, Status.SUSPENDED),
            EventKind.SUSPENDED, EnumSet.of(Status.VALID),
            EventKind.RESTORED, EnumSet.of(Status.SUSPENDED),
            EventKind.WITHDRAWN, EnumSet.of(Status.VALID, Status.SUSPENDED),
            EventKind.CANCELLED, EnumSet.of(Status.VALID, Status.SUSPENDED),
            EventKind.GRADE_CHANGED, EnumSet.of(Status.VALID, Status.SUSPENDED),
            EventKind.SCOPE_CHANGED, EnumSet.of(Status.VALID, Status.SUSPENDED),
            EventKind.HOLDER_CHANGED, EnumSet.of(Status.VALID, Status.SUSPENDED));

    @Inject
    SchemeCatalogue schemes;
    @Inject
    RegionService regions;
    @Inject
    RegisterClock clock;
    @Inject
    Inputs inputs;

    /** A certificate request that passed every check that needs no write. */
    public record Checked(String number, Scheme scheme, String grade, BigDecimal score, int scale,
            Map<String, BigDecimal> subScores, String scope, LocalDate issueDate, LocalDate expiryDate, String holderName,
            CreditCode creditCode, String holderRegion, String siteRegion, String siteAddress) {
    }

    @Transactional
    public Certificate issue(CertificationBody body, NewCertificate request, String recordedBy) {
        Checked checked = check(request);
        requireOwnNumber(body, NumberPrefix.ofBody(body), checked.number());
        requireApproval(body, ApprovalEvent.history(body), checked.scheme().code(), checked.issueDate(), "issueDate");
        if (Certificate.findByNumber(checked.number()).isPresent()) {
            throw new ProblemException(ProblemType.CONFLICT, "A certificate numbered " + checked.number()
                    + " is in the register already.", "number");
        }
        return write(body, checked, recordedBy);
    }

    /** A body issues numbers under its own registered prefixes only, so that no body takes another's number first. */
    public static void requireOwnNumber(CertificationBody body, List<String> prefixes, String number) {
        if (prefixes.stream().noneMatch(number::startsWith)) {
            throw new ProblemException(INVALID, prefixes.isEmpty()
                    ? body.code + " has no registered number prefix yet; an administrator registers one before it issues."
                    : "The numbers " + body.code + " issues start with " + String.join(" or ", prefixes) + "; " + number
                            + " does not.", "number");
        }
    }

    /**
     * A body issues and changes certificates only while its approval by CNCA lets it certify the scheme on the day
     * (body/ApprovalHistory): in force and in scope, or never recorded.
     */
    public static void requireApproval(CertificationBody body, ApprovalHistory approvals, String scheme, LocalDate day,
            String field) {
        Approval approval = approvals.on(scheme, day);
        if (!approval.certifies()) {
            throw new ProblemException(ProblemType.OUTSIDE_APPROVAL, body.code + "'s approval does not cover " + scheme
                    + " on " + day + ": " + approval.label.en() + " (" + approval.label.zh() + ").", field);
        }
    }

    /**
     * Every check of a new certificate that needs no write: its declared limits, then scheme, grade and score,
     * dates, credit code and regions.
     */
    public Checked check(NewCertificate given) {
        NewCertificate request = inputs.valid(INVALID, given);
        String number;
        try {
            number = CertificateSearch.normalisedNumber("number", request.number());
        } catch (ProblemException e) {
            // a field of the certificate, not a request parameter: the same problem as every other field's
            throw new ProblemException(INVALID, e.getMessage(), "number");
        }
        Scheme scheme = schemes.find(request.scheme().strip())
                .orElseThrow(() -> new ProblemException(INVALID, "Unknown scheme '" + request.scheme() + "'; the schemes are "
                        + schemes.all().stream().map(Scheme::code).toList() + ".", "scheme"));
        String grade = request.grade().strip();
        int scale = request.scoreScale() == null ? scheme.thresholdScale() : request.scoreScale();
        BigDecimal score = Points.Stored.of(request.score());
        Map<String, BigDecimal> subScores = subScores(request.subScores());
        List<String> inconsistencies = scheme.inconsistencies(grade, score, scale, subScores);
        if (!inconsistencies.isEmpty()) {
            throw new ProblemException(ProblemType.GRADE_SCORE_MISMATCH, String.join(" ", inconsistencies), "grade");
        }
        LocalDate issueDate = request.issueDate();
        LocalDate expiryDate = request.expiryDate();
        if (issueDate.isAfter(clock.today())) {
            throw new ProblemException(INVALID, "The issue date " + issueDate + " is in the future.", "issueDate");
        }
        if (!expiryDate.isAfter(issueDate) || expiryDate.isAfter(issueDate.plusYears(3))) {
            throw new ProblemException(INVALID, "The expiry date must follow the issue date by at most 3 years.", "expiryDate");
        }
        CreditCode creditCode;
        try {
            creditCode = CreditCode.parse(request.holderCreditCode());
        } catch (IllegalArgumentException e) {
            throw new ProblemException(INVALID, e.getMessage(), "holderCreditCode");
        }
        return new Checked(number, scheme, grade, score, scale, subScores, request.scope().strip(), issueDate, expiryDate,
                request.holderName().strip(), creditCode,
                request.holderRegion() == null ? null : division("holderRegion", request.holderRegion()),
                division("siteRegion", request.siteRegion()),
                request.siteAddress() == null || request.siteAddress().isBlank() ? null : request.siteAddress().strip());
    }

    /** Writes a checked certificate, its holder and its first event. The caller holds the transaction. */
    private Certificate write(CertificationBody body, Checked checked, String recordedBy) {
        Certificate certificate = issued(body, Holder.identifiedBy(checked.creditCode()), checked, recordedBy);
        certificate.persist();
        return certificate;
    }

    /** The certificate a checked request becomes, its first event recorded; written by the caller. */
    static Certificate issued(CertificationBody body, Holder holder, Checked checked, String recordedBy) {
        Certificate certificate = new Certificate();
        certificate.holder = holder;
        certificate.holderName = checked.holderName();
        certificate.holderRegionCode = checked.holderRegion();
        certificate.number = checked.number();
        certificate.schemeCode = checked.scheme().code();
        certificate.gradeCode = checked.grade();
        certificate.score = checked.score();
        certificate.scoreScale = checked.scale();
        certificate.subScores = checked.subScores();
        certificate.scope = checked.scope();
        certificate.issueDate = checked.issueDate();
        certificate.expiryDate = checked.expiryDate();
        certificate.body = body;
        certificate.siteRegionCode = checked.siteRegion();
        certificate.siteAddress = checked.siteAddress();
        certificate.createdAt = OffsetDateTime.now();
        CertificateEvent issued = event(EventKind.ISSUED, checked.issueDate(), "颁发证书", recordedBy);
        issued.holderName = checked.holderName();
        certificate.record(issued);
        return certificate;
    }

    /**
     * Records an event on one of the body's certificates. Two writers of one certificate are serialised:
     * the certificate's version moves with every event, so the later writer fails and records nothing.
     */
    @Transactional
    public Certificate record(String bodyCode, String number, NewEvent request, String recordedBy) {
        Certificate certificate = Certificate.findByNumber(number)
                .orElseThrow(() -> Certificate.notFound(number));
        if (!certificate.body.code.equals(bodyCode)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Certificate " + number + " was issued by "
                    + certificate.body.code + "; only that body records its events.", null);
        }
        inputs.valid(ProblemType.INVALID_EVENT, request);
        EventKind kind = request.kind();
        if (kind == EventKind.ISSUED) {
            throw new ProblemException(ProblemType.INVALID_EVENT, "A certificate is issued once, by POST /api/v1/certificates.", "kind");
        }
        LocalDate day = checkedDay(certificate, request.effectiveDate());
        if (!TAKES_TRUST_AWAY.contains(kind)) {
            // a body outside its approval may still suspend, withdraw or cancel, never restore or change a certificate
            ApprovalHistory approvals = ApprovalEvent.history(certificate.body);
            requireApproval(certificate.body, approvals, certificate.schemeCode, certificate.issueDate, "kind");
            requireApproval(certificate.body, approvals, certificate.schemeCode, day, "effectiveDate");
        }
        Status standing = certificate.statusOn(day).status();
        if (!ALLOWED_FROM.get(kind).contains(certificate.standing) || standing == Status.EXPIRED) {
            throw new ProblemException(ProblemType.ILLEGAL_TRANSITION, "A " + standing.label.en() + " (" + standing.label.zh()
                    + ") certificate cannot be " + kind.label.en() + ".", "kind");
        }
        CertificateEvent event = event(kind, day, request.reason().strip(), recordedBy);
        if (kind == EventKind.GRADE_CHANGED) {
            Scheme scheme = schemes.find(certificate.schemeCode).orElseThrow();
            event.gradeCode = kindNeeds(kind, "grade", request.grade()).strip();
            event.score = Points.Stored.of(kindNeeds(kind, "score", request.score()));
            event.subScores = subScores(request.subScores());
            List<String> inconsistencies = scheme.inconsistencies(event.gradeCode, event.score, certificate.scoreScale,
                    event.subScores);
            if (!inconsistencies.isEmpty()) {
                throw new ProblemException(ProblemType.GRADE_SCORE_MISMATCH, String.join(" ", inconsistencies), "grade");
            }
        }
        if (kind == EventKind.SCOPE_CHANGED) {
            event.scope = kindNeeds(kind, "scope", request.scope()).strip();
        }
        if (kind == EventKind.HOLDER_CHANGED) {
            event.holderName = kindNeeds(kind, "holderName", request.holderName()).strip();
            if (event.holderName.equals(certificate.holderName)) {
                throw new ProblemException(ProblemType.INVALID_EVENT, "The certificate already shows the holder as "
                        + event.holderName + ".", "holderName");
            }
        }
        certificate.record(event);
        event.persist();
        try {
            Panache.getEntityManager().lock(certificate, LockModeType.OPTIMISTIC_FORCE_INCREMENT);
            Panache.getEntityManager().flush();
        } catch (OptimisticLockException e) {
            throw new ProblemException(ProblemType.CONCURRENT_MODIFICATION, "Certificate " + number
                    + " was changed by another request at the same time; read it again and retry.", null);
        }
        return certificate;
    }

    /** An event's day lies within the certificate's life, not in the future, and not before the last recorded event. */
    private LocalDate checkedDay(Certificate certificate, LocalDate day) {
        if (day.isAfter(clock.today())) {
            throw new ProblemException(ProblemType.INVALID_EVENT, "The effective date " + day + " is in the future.", "effectiveDate");
        }
        if (day.isBefore(certificate.issueDate)) {
            throw new ProblemException(ProblemType.INVALID_EVENT, "The effective date " + day + " is before the issue date "
                    + certificate.issueDate + ".", "effectiveDate");
        }
        LocalDate last = certificate.events.stream().map(e -> e.effectiveDate).max(LocalDate::compareTo).orElse(certificate.issueDate);
        if (day.isBefore(last)) {
            throw new ProblemException(ProblemType.INVALID_EVENT, "The effective date " + day
                    + " is before the latest recorded event (" + last + "); history is only appended.", "effectiveDate");
        }
        return day;
    }

    /** Valid sub-scores as the register stores them; none given is null. */
    private static Map<String, BigDecimal> subScores(Map<String, BigDecimal> given) {
        if (given == null || given.isEmpty()) {
            return null;
        }
        Map<String, BigDecimal> subScores = new java.util.LinkedHashMap<>();
        given.forEach((code, points) -> subScores.put(code, Points.Stored.of(points)));
        return Map.copyOf(subScores);
    }

    /** A field that the event's kind needs, though the others leave it out. */
    private static <T> T kindNeeds(EventKind kind, String field, T value) {
        if (value == null || value instanceof String text && text.isBlank()) {
            throw new ProblemException(ProblemType.INVALID_EVENT, "'" + field + "' is required for " + kind + ".", field);
        }
        return value;
    }

    public CertificationBody body(String bodyCode) {
        return CertificationBody.findByCode(bodyCode)
                .orElseThrow(() -> new ProblemException(ProblemType.FORBIDDEN, "No certification body has the code '" + bodyCode
                        + "'.", null));
    }

    private static CertificateEvent event(EventKind kind, LocalDate effectiveDate, String reason, String recordedBy) {
        CertificateEvent event = new CertificateEvent();
        event.kind = kind;
        event.effectiveDate = effectiveDate;
        event.reason = reason;
        event.recordedBy = recordedBy;
        return event;
    }

    private String division(String field, String value) {
        return regions.find(value).map(region -> region.code)
                .orElseThrow(() -> new ProblemException(INVALID, "'" + value + "' is not a GB/T 2260 division code.", field));
    }
}

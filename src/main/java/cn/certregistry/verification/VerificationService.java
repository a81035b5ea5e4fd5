package cn.certregistry.verification;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.micrometer.core.instrument.MeterRegistry;

import cn.certregistry.common.Label;
import cn.certregistry.common.Problem;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.common.ReadReplica;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.holder.CreditCode;
import cn.certregistry.body.ApprovalEvent;
import cn.certregistry.body.ApprovalHistory;
import cn.certregistry.body.IssuerApproval;
import cn.certregistry.register.Certificate;
import cn.certregistry.register.CertificateSearch;
import cn.certregistry.register.CertificateService;
import cn.certregistry.register.CertificateViews;
import cn.certregistry.register.RecordCache;
import cn.certregistry.register.Status;
import cn.certregistry.register.StatusTimeline;
import cn.certregistry.scan.ScanCounter;
import cn.certregistry.signing.SigningKeys;
import cn.certregistry.signing.TokenClaims;
import cn.certregistry.signing.Tokens;
import cn.certregistry.signing.VerifiedTokens;

/** Answers "is it genuine and valid?" for a scanned QR token, and for procurement officers' lists of numbers. */
@ApplicationScoped
public class VerificationService {

    @Inject
    SigningKeys keys;
    @Inject
    CertificateService certificates;
    @Inject
    RegisterClock clock;
    @Inject
    ScanCounter scans;
    @Inject
    MeterRegistry metrics;
    @Inject
    ReadReplica replica;

    /** About 20 MB at most: the tokens of the most scanned certificates stay checked. */
    private final VerifiedTokens verifiedTokens = new VerifiedTokens(40_000);

    /** The verdict on a token: the live register decides the status; the signed claims are shown beside it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record TokenVerification(Verdict verdict, Label label, Label headline, String reason, String kid,
            TokenClaims signed, List<String> differences, CertificateViews.Record certificate, Long logIndex,
            OffsetDateTime checkedAt) {
    }

    public TokenVerification verifyToken(String token) {
        TokenVerification result = verify(token);
        metrics.counter("registry.verifications", "verdict", result.verdict().name()).increment();
        return result;
    }

    private TokenVerification verify(String token) {
        Tokens.Checked checked = verifiedTokens.verify(token, keys.ring());
        OffsetDateTime now = OffsetDateTime.now(clock.zone());
        if (!checked.genuine()) {
            return new TokenVerification(Verdict.NOT_GENUINE, Verdict.NOT_GENUINE.label, Verdict.NOT_GENUINE.headline,
                    checked.failure(), null, null, null, null, null, now);
        }
        return verify(checked, certificates.current(checked.claims().number()), now);
    }

    private TokenVerification verify(Tokens.Checked checked, Optional<RecordCache.Current> found, OffsetDateTime now) {
        TokenClaims claims = checked.claims();
        if (found.isEmpty()) {
            return new TokenVerification(Verdict.NOT_FOUND, Verdict.NOT_FOUND.label, Verdict.NOT_FOUND.headline, null,
                    checked.key().kid(), claims, null, null, null, now);
        }
        RecordCache.Current current = found.get();
        scans.count(current.certificateId(), clock.today());
        CertificateViews.Record record = current.record();
        List<String> differences = differences(claims, Facts.of(record));
        Verdict verdict = record.issuerApproval().approvedOnIssueDate() ? verdict(record.status().code(), differences)
                : Verdict.ISSUER_NOT_APPROVED;
        return new TokenVerification(verdict, verdict.label, verdict.headline, null, checked.key().kid(), claims,
                differences.isEmpty() ? null : differences, record, record.logIndex(), now);
    }

    /** The verdict on a genuine token of a certificate in the register: its status today, MISMATCH for a valid one that differs. */
    static Verdict verdict(Status status, List<String> differences) {
        return switch (status) {
            case VALID -> differences.isEmpty() ? Verdict.VALID : Verdict.MISMATCH;
            case SUSPENDED -> Verdict.SUSPENDED;
            case WITHDRAWN -> Verdict.WITHDRAWN;
            case CANCELLED -> Verdict.CANCELLED;
            case EXPIRED -> Verdict.EXPIRED;
            case NOT_YET_ISSUED -> Verdict.NOT_FOUND;
        };
    }

    /** What a token signs of a certificate, as the register has it now. */
    record Facts(String creditCode, String holderName, String scheme, String grade, LocalDate issueDate, LocalDate expiryDate) {

        static Facts of(CertificateViews.Record record) {
            return new Facts(record.holder().creditCode(), record.holder().name(), record.scheme().code(), record.grade().code(),
                    record.issueDate(), record.expiryDate());
        }
    }

    /**
     * Which signed facts the register no longer agrees with. A token signed before the holder's name was
     * (no {@code holderName}) is compared on the other facts only.
     */
    static List<String> differences(TokenClaims claims, Facts register) {
        List<String> differences = new ArrayList<>();
        if (!claims.creditCode().equals(register.creditCode())) {
            differences.add("creditCode");
        }
        if (claims.holderName() != null && !claims.holderName().equals(register.holderName())) {
            differences.add("holderName");
        }
        if (!claims.scheme().equals(register.scheme())) {
            differences.add("scheme");
        }
        if (!claims.grade().equals(register.grade())) {
            differences.add("grade");
        }
        if (!claims.issueDate().equals(register.issueDate())) {
            differences.add("issueDate");
        }
        if (!claims.expiryDate().equals(register.expiryDate())) {
            differences.add("expiryDate");
        }
        return differences;
    }

    /** One line of a procurement check: the request as understood, and what the register says. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Check(Integer index, String number, String creditCode, LocalDate on, ProcurementVerdict verdict, Label label,
            Boolean inRegister, Boolean holderMatches, IssuerApproval issuerApproval, CertificateViews.StatusView statusOn,
            CertificateViews.StatusView currentStatus, String holderName, String scheme, String grade, LocalDate expiryDate,
            Long logIndex, Problem problem) {
    }

    /** A request line: the number, and optionally the bidder's credit code and the bid date (default today). */
    public record Item(String number, String creditCode, LocalDate on) {
    }

    /** A request line as given: its index (position or file line), and the number, credit code and day as text. */
    public record Line(int index, String number, String creditCode, String on) {
    }

    /**
     * Checks lines as people give them: each is read on its own, a bad one is answered in place with
     * INVALID_REQUEST and its problem, and the good ones are checked together. {@code defaultOn} stands
     * for a missing day.
     */
    public List<Check> checkLines(List<Line> lines, LocalDate defaultOn) {
        if (defaultOn != null) {
            certificates.knownDay("on", defaultOn);
        }
        List<Item> items = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        Check[] checks = new Check[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            Line line = lines.get(i);
            try {
                if (line.number() == null || line.number().isBlank()) {
                    throw ProblemException.invalidParameter("number", "'number' is required.");
                }
                items.add(new Item(CertificateSearch.normalisedNumber("number", line.number()),
                        line.creditCode() == null || line.creditCode().isBlank() ? null : creditCode("creditCode", line.creditCode()),
                        line.on() == null ? defaultOn : certificates.knownDay("on", QueryParameters.parseDate("on", line.on()))));
                positions.add(i);
            } catch (ProblemException e) {
                checks[i] = new Check(line.index(), line.number(), line.creditCode(), null, ProcurementVerdict.INVALID_REQUEST,
                        ProcurementVerdict.INVALID_REQUEST.label, null, null, null, null, null, null, null, null, null, null,
                        Problem.of(e.type(), e.getMessage(), null, e.parameter()));
            }
        }
        List<Check> checked = check(items);
        for (int i = 0; i < checked.size(); i++) {
            Check c = checked.get(i);
            checks[positions.get(i)] = new Check(lines.get(positions.get(i)).index(), c.number(), c.creditCode(), c.on(),
                    c.verdict(), c.label(), c.inRegister(), c.holderMatches(), c.issuerApproval(), c.statusOn(), c.currentStatus(), c.holderName(),
                    c.scheme(), c.grade(), c.expiryDate(), c.logIndex(), null);
        }
        return List.of(checks);
    }

    /** A credit code as a request gives it, strictly checked (a wrong check character is kept). */
    public static String creditCode(String parameter, String value) {
        try {
            return CreditCode.parse(value).value();
        } catch (IllegalArgumentException e) {
            throw new ProblemException(ProblemType.INVALID_PARAMETER, e.getMessage(), parameter);
        }
    }

    /**
     * Checks many lines at once: their certificates with holders, histories and latest log indexes in one statement,
     * their bodies' approval histories in a second, both on one connection.
     */
    public List<Check> check(List<Item> items) {
        items.stream().map(Item::on).filter(java.util.Objects::nonNull).forEach(on -> certificates.knownDay("on", on));
        Set<String> numbers = new LinkedHashSet<>();
        items.forEach(item -> numbers.add(item.number()));
        Map<String, Certificate.ForCheck> byNumber = new HashMap<>();
        Map<Long, ApprovalHistory> approvals = new HashMap<>();
        if (!numbers.isEmpty()) {
            replica.inSession(session -> session.doReturningWork(connection -> {
                List<Certificate.ForCheck> found = Certificate.listForChecks(connection, numbers);
                Set<Long> bodies = new HashSet<>();
                for (Certificate.ForCheck each : found) {
                    byNumber.put(each.certificate().number, each);
                    bodies.add(each.certificate().body.id);
                }
                approvals.putAll(ApprovalEvent.histories(connection, bodies));
                return found;
            }));
        }
        LocalDate today = clock.today();
        // a batch's certificates share few bodies, schemes and issue dates: each issuer's approval is reckoned once
        Map<IssuerKey, IssuerApproval> issuers = new HashMap<>();
        List<Check> checks = new ArrayList<>(items.size());
        for (Item item : items) {
            Certificate.ForCheck found = byNumber.get(item.number());
            if (found == null) {
                checks.add(check(item, null, today, null, null));
                continue;
            }
            Certificate certificate = found.certificate();
            IssuerApproval issuer = issuers.computeIfAbsent(
                    new IssuerKey(certificate.body.id, certificate.schemeCode, certificate.issueDate),
                    key -> IssuerApproval.of(approvals.get(key.body()), key.scheme(), key.issueDate(), today));
            checks.add(check(item, certificate, today, found.logIndex(), issuer));
        }
        return checks;
    }

    private record IssuerKey(long body, String scheme, LocalDate issueDate) {
    }

    private static Check check(Item item, Certificate certificate, LocalDate today, Long logIndex, IssuerApproval issuer) {
        LocalDate on = item.on() == null ? today : item.on();
        if (certificate == null) {
            return new Check(null, item.number(), item.creditCode(), on, ProcurementVerdict.NOT_FOUND,
                    ProcurementVerdict.NOT_FOUND.label, false, null, null, null, null, null, null, null, null, null, null);
        }
        Boolean holderMatches = item.creditCode() == null ? null : item.creditCode().equals(certificate.holder.creditCode);
        StatusTimeline.StatusOn statusOn = certificate.statusOn(on);
        ProcurementVerdict verdict = !issuer.approvedOnIssueDate() ? ProcurementVerdict.ISSUER_NOT_APPROVED
                : Boolean.FALSE.equals(holderMatches) ? ProcurementVerdict.HOLDER_MISMATCH
                : statusOn.status() != Status.VALID ? ProcurementVerdict.NOT_VALID_ON_DATE
                : holderMatches == null ? ProcurementVerdict.VALID_ON_DATE_HOLDER_NOT_CHECKED : ProcurementVerdict.VALID_ON_DATE;
        String holderName = certificate.holderNameOn(on);
        return new Check(null, certificate.number, item.creditCode(), on, verdict, verdict.labelFor(holderName), true, holderMatches,
                issuer, CertificateViews.StatusView.of(statusOn), CertificateViews.StatusView.of(certificate.statusOn(today)),
                holderName, certificate.schemeCode, certificate.gradeCode, certificate.expiryDate, logIndex, null);
    }
}

package cn.certregistry.register;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.hibernate.Session;

import cn.certregistry.body.ApprovalEvent;
import cn.certregistry.body.ApprovalHistory;
import cn.certregistry.body.BodyView;
import cn.certregistry.body.IssuerApproval;
import cn.certregistry.common.CostlyRequests;
import cn.certregistry.common.Label;
import cn.certregistry.common.Page;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.ReadReplica;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.common.RegistryConfig;
import cn.certregistry.log.TransparencyLog;
import cn.certregistry.region.RegionService;
import cn.certregistry.register.CertificateViews.BodyRef;
import cn.certregistry.register.CertificateViews.Coded;
import cn.certregistry.register.CertificateViews.EventView;
import cn.certregistry.register.CertificateViews.HolderRef;
import cn.certregistry.register.CertificateViews.HolderView;
import cn.certregistry.register.CertificateViews.SchemeRef;
import cn.certregistry.register.CertificateViews.SiteView;
import cn.certregistry.register.CertificateViews.StatusView;
import cn.certregistry.register.CertificateViews.SubScoreView;
import cn.certregistry.register.CertificateViews.SurveillanceView;
import cn.certregistry.register.CertificateViews.Summary;
import cn.certregistry.scheme.Scheme;
import cn.certregistry.scheme.SchemeCatalogue;

/** Public reads of the register: search, full records, status on a day. */
@ApplicationScoped
public class CertificateService {

    /**
     * A page past the first 1 000 results by offset reads every result before it (a walk with the cursor does not: it
     * reads from the cursor on and stops after the page).
     */
    static final int DEEP_OFFSET = 1000;

    @Inject
    SchemeCatalogue schemes;
    @Inject
    RegionService regions;
    @Inject
    RegisterClock clock;
    @Inject
    RegistryConfig config;
    @Inject
    ReadReplica replica;
    @Inject
    CostlyRequests costly;
    @Inject
    CertificateQueries queries;
    @Inject
    TransparencyLog log;
    @Inject
    CertificateChangeListener changes;

    public record Results(List<Summary> items, Page.Total total, Optional<String> after) {
    }

    /** A public search, answered by the read-only datasource. */
    public Results search(CertificateSearch search, CertificateSearch.Scope scope) {
        return search.page().offset() >= DEEP_OFFSET ? costly.run(() -> found(search, scope)) : found(search, scope);
    }

    private Results found(CertificateSearch search, CertificateSearch.Scope scope) {
        CertificateQueries.Found found = queries.search(search, scope);
        List<Summary> items = new ArrayList<>();
        for (CertificateQueries.Listed row : found.items()) {
            Scheme scheme = scheme(row.schemeCode());
            items.add(new Summary(row.number(), new Coded(scheme.code(), scheme.name()), grade(scheme, row.gradeCode()),
                    row.score(), row.scoreScale(), new StatusView(row.status(), row.status().label, null), row.issueDate(),
                    row.expiryDate(), new HolderRef(row.holderName(), row.holderCreditCode(), row.creditCodeCheckOk()),
                    new BodyRef(row.bodyCode(), row.bodyName()), regions.reference(row.siteRegionCode()), links(row.number())));
        }
        return new Results(items, found.total(), found.after());
    }

    /** The public record of a certificate, from this server's memory or the read-only datasource. */
    public CertificateViews.Record record(String number) {
        return current(number).orElseThrow(() -> Certificate.notFound(number)).record();
    }

    /**
     * A certificate's record today with what a verification needs beside it: from this server's memory while no change
     * to it was heard, otherwise read (record, history and place in the log on one connection) and kept.
     */
    public Optional<RecordCache.Current> current(String number) {
        LocalDate today = clock.today();
        return changes.cache().get(number, today, () -> replica.inSession(session -> Certificate.findWithHistory(session, number)
                .map(certificate -> {
                    TransparencyLog.Position logged = session.doReturningWork(c -> TransparencyLog.position(c, number));
                    long lastEventId = certificate.events.stream().mapToLong(event -> event.id).max().orElse(0);
                    // every event makes one entry: until the log has them all, the record's log index is not its last
                    boolean settled = logged.entries() >= certificate.events.size();
                    ApprovalHistory approvals = ApprovalEvent.histories(session, List.of(certificate.body.id))
                            .get(certificate.body.id);
                    return new RecordCache.Current(certificate.id, lastEventId, settled,
                            record(certificate, today, logged.latestIndex(), approvals));
                })));
    }

    /**
     * A write's answer, from what it wrote in its own transaction: the log takes the write in within a second, so its
     * {@code logIndex} is absent here (the certificate's record has it then), never an earlier entry's.
     */
    public CertificateViews.Record written(Certificate certificate) {
        return record(certificate, clock.today(), null, ApprovalEvent.history(certificate.body));
    }

    private CertificateViews.Record record(Certificate certificate, LocalDate today, Long logIndex, ApprovalHistory approvals) {
        Scheme scheme = scheme(certificate.schemeCode);
        List<SubScoreView> subScores = new ArrayList<>();
        if (certificate.subScores != null) {
            for (Scheme.SubScore definition : scheme.subScores()) {
                BigDecimal value = certificate.subScores.get(definition.code());
                if (value != null) {
                    subScores.add(new SubScoreView(definition.code(), definition.name(), value, definition.maxScore()
                            .multiply(BigDecimal.valueOf(certificate.scoreScale)).divide(BigDecimal.valueOf(scheme.thresholdScale()))));
                }
            }
        }
        List<EventView> history = new ArrayList<>();
        for (CertificateEvent event : certificate.events) {
            history.add(new EventView(event.kind, event.kind.label, event.effectiveDate, event.reason, event.recordedAt,
                    event.recordedBy, event.kind.standingAfter().orElse(null), event.gradeCode, event.score, event.scope,
                    event.holderName));
        }
        return new CertificateViews.Record(certificate.number,
                new SchemeRef(scheme.code(), scheme.name(), scheme.standards()), grade(scheme, certificate.gradeCode),
                certificate.score, certificate.scoreScale, subScores, certificate.scope, certificate.issueDate,
                certificate.expiryDate, StatusView.of(certificate.statusOn(today)), BodyView.of(certificate.body),
                IssuerApproval.of(approvals, certificate.schemeCode, certificate.issueDate, today),
                new HolderView(certificate.holderName, certificate.holder.creditCode, certificate.holder.creditCodeCheckOk,
                        regions.reference(certificate.holderRegionCode)),
                new SiteView(regions.reference(certificate.siteRegionCode), certificate.siteAddress),
                history, logIndex, links(certificate.number));
    }

    /** A status is known for the past and today, never for the future: a later day is refused, naming the parameter. */
    public LocalDate knownDay(String parameter, LocalDate day) {
        LocalDate today = clock.today();
        if (day.isAfter(today)) {
            throw ProblemException.invalidParameter(parameter, "No one knows yet what the status will be on " + day
                    + ": the register answers for the past and today (" + today + "), never for a later day.");
        }
        return day;
    }

    /** A certificate's surveillance schedule, for a caller the predicate lets see it (403 otherwise). */
    public SurveillanceView surveillance(String number, Predicate<Certificate> maySee) {
        Certificate certificate = replica.inSession(session -> find(session, number));
        if (!maySee.test(certificate)) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Surveillance audits are shown to the"
                    + " certificate's body, the regulators of its region and administrators.", null);
        }
        return new SurveillanceView(certificate.number, certificate.surveillanceDue,
                certificate.surveillanceOverdue(clock.today(), config.surveillanceGrace()));
    }

    public CertificateViews.StatusOnDay statusOn(String number, LocalDate day) {
        knownDay("on", day);
        Certificate certificate = replica.inSession(session -> find(session, number));
        StatusTimeline.StatusOn status = certificate.statusOn(day);
        return new CertificateViews.StatusOnDay(certificate.number, day, StatusView.of(status), status.status() == Status.VALID,
                certificate.holderNameOn(day));
    }

    private static Certificate find(Session session, String number) {
        return Certificate.findWithHistory(session, number).orElseThrow(() -> Certificate.notFound(number));
    }

    private Scheme scheme(String code) {
        return schemes.find(code).orElseThrow();
    }

    private static Coded grade(Scheme scheme, String code) {
        return new Coded(code, scheme.grade(code).map(Scheme.Grade::name).orElse(new Label(code, code)));
    }


    private static Map<String, String> links(String number) {
        Map<String, String> links = new LinkedHashMap<>();
        links.put("self", "/api/v1/certificates/" + number);
        links.put("status", "/api/v1/certificates/" + number + "/status");
        return links;
    }
}

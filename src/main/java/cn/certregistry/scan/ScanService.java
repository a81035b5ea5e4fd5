package cn.certregistry.scan;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import cn.certregistry.access.Caller;
import cn.certregistry.common.Page;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.register.Certificate;
import cn.certregistry.register.CertificateSearch;

/** A certificate's scans per day and the days flagged as unusual, for those who oversee it. */
@ApplicationScoped
public class ScanService {

    /** Days one answer covers at most. */
    public static final int MAX_DAYS = 366;

    @Inject
    Caller caller;
    @Inject
    ScanCounter counter;
    @Inject
    ScanSignals signals;

    public record Day(LocalDate day, long scans) {
    }

    public record Scans(String number, LocalDate from, LocalDate to, long total, List<Day> days, List<Day> flagged) {
    }

    /** The scans of {@code number} (as typed) from {@code from} to {@code to}, the pending counts written first. */
    public Scans scans(String number, LocalDate from, LocalDate to) {
        counter.flush();
        return read(number, from, to);
    }

    @Transactional
    Scans read(String number, LocalDate from, LocalDate to) {
        String normalised = CertificateSearch.normalisedNumber("number", number);
        Certificate certificate = Certificate.findByNumber(normalised).orElseThrow(() -> Certificate.notFound(normalised));
        if (!caller.oversees(certificate.body.code, certificate.siteRegionCode)) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "Scan counts are shown to the certificate's body and to the regulators of its region.", null);
        }
        List<Day> days = counter.days(certificate.id, from, to);
        List<Day> flagged = signals.page(new ScanSignals.Scope(Optional.empty(), Optional.empty(),
                Optional.of(certificate.number)), from, to, new Page.PageRequest(1, MAX_DAYS + 1, false))
                .stream().map(signal -> new Day(signal.day(), signal.scans())).sorted(Comparator.comparing(Day::day)).toList();
        return new Scans(certificate.number, from, to, days.stream().mapToLong(Day::scans).sum(), days, flagged);
    }
}

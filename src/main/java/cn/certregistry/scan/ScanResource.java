package cn.certregistry.scan;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import cn.certregistry.access.Caller;
import cn.certregistry.access.Roles;
import cn.certregistry.common.Page;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.common.SqlValues;
import cn.certregistry.register.Certificate;
import cn.certregistry.register.CertificateSearch;

/** How often a certificate's code was verified, per day: for its body, the regulators of its region, and administrators. */
@Path("/api/v1/certificates/{number}/scans")
@RolesAllowed({ Roles.BODY, Roles.REGULATOR, Roles.ADMIN })
public class ScanResource {

    private static final int MAX_DAYS = 366;

    @Inject
    Caller caller;
    @Inject
    EntityManager entityManager;
    @Inject
    RegisterClock clock;
    @Inject
    ScanCounter counter;
    @Inject
    ScanSignals signals;

    public record Day(LocalDate day, long scans) {
    }

    public record Scans(String number, LocalDate from, LocalDate to, long total, List<Day> days, List<Day> flagged) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Scans scans(@PathParam("number") String number, @Context UriInfo uri) {
        counter.flush();
        return read(number, uri);
    }

    @Transactional
    Scans read(@PathParam("number") String number, @Context UriInfo uri) {
        QueryParameters parameters = QueryParameters.of(uri, Set.of("from", "to"));
        LocalDate to = parameters.date("to").orElse(clock.today());
        LocalDate from = parameters.date("from").orElse(to.minusDays(29));
        QueryParameters.requireOrdered("from", Optional.of(from), "to", Optional.of(to));
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw ProblemException.invalidParameter("from", "Ask for at most " + MAX_DAYS + " days at a time.");
        }
        String normalised = CertificateSearch.normalisedNumber("number", number);
        Certificate certificate = Certificate.findByNumber(normalised)
                .orElseThrow(() -> Certificate.notFound(normalised));
        if (!caller.oversees(certificate.body.code, certificate.siteRegionCode)) {
            throw new ProblemException(ProblemType.FORBIDDEN,
                    "Scan counts are shown to the certificate's body and to the regulators of its region.", null);
        }
        List<Day> days = new ArrayList<>();
        long total = 0;
        for (Object row : entityManager.createNativeQuery("select day, scans from scan_count where certificate_id = :id"
                + " and day between :from and :to order by day").setParameter("id", certificate.id).setParameter("from", from)
                .setParameter("to", to).getResultList()) {
            Object[] columns = (Object[]) row;
            long scans = ((Number) columns[1]).longValue();
            days.add(new Day(SqlValues.localDate(columns[0]), scans));
            total += scans;
        }
        List<Day> flagged = signals.page(new ScanSignals.Scope(Optional.empty(), Optional.empty(),
                Optional.of(certificate.number)), from, to, new Page.PageRequest(1, MAX_DAYS + 1, false))
                .stream().map(signal -> new Day(signal.day(), signal.scans())).sorted(Comparator.comparing(Day::day)).toList();
        return new Scans(certificate.number, from, to, total, days, flagged);
    }
}

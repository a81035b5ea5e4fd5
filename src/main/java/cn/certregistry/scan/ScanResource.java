package cn.certregistry.scan;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import cn.certregistry.access.Roles;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.common.RegisterClock;

/** How often a certificate's code was verified, per day: for its body, the regulators of its region, and administrators. */
@Path("/api/v1/certificates/{number}/scans")
@RolesAllowed({ Roles.BODY, Roles.REGULATOR, Roles.ADMIN })
public class ScanResource {

    @Inject
    ScanService scans;
    @Inject
    RegisterClock clock;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public ScanService.Scans scans(@PathParam("number") String number, @Context UriInfo uri) {
        QueryParameters parameters = QueryParameters.of(uri, Set.of("from", "to"));
        LocalDate to = parameters.date("to").orElse(clock.today());
        LocalDate from = parameters.date("from").orElse(to.minusDays(29));
        QueryParameters.requireOrdered("from", Optional.of(from), "to", Optional.of(to));
        if (from.plusDays(ScanService.MAX_DAYS).isBefore(to)) {
            throw ProblemException.invalidParameter("from", "Ask for at most " + ScanService.MAX_DAYS + " days at a time.");
        }
        return scans.scans(number, from, to);
    }
}

package cn.certregistry.scan;

import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
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

/**
 * Certificates whose codes were checked far more than usual, day by day: for a body its own, for a regulator its
 * region's, for an administrator all.
 */
@Path("/api/v1/signals")
@RolesAllowed({ Roles.BODY, Roles.REGULATOR, Roles.ADMIN })
public class SignalsResource {

    static final int MAX_DAYS = 92;

    @Inject
    Caller caller;
    @Inject
    ScanSignals signals;
    @Inject
    ScanCounter counter;
    @Inject
    RegisterClock clock;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Page<ScanSignals.Signal> list(@Context UriInfo uri) {
        QueryParameters parameters = QueryParameters.of(uri, Set.of("from", "to", "page", "size"));
        LocalDate to = parameters.date("to").orElse(clock.today());
        LocalDate from = parameters.date("from").orElse(to.minusDays(6));
        QueryParameters.requireOrdered("from", Optional.of(from), "to", Optional.of(to));
        if (from.plusDays(MAX_DAYS).isBefore(to)) {
            throw ProblemException.invalidParameter("from", "Ask for at most " + MAX_DAYS + " days at a time.");
        }
        Page.PageRequest page = Page.PageRequest.from(parameters);
        counter.flush();
        ScanSignals.Scope scope = new ScanSignals.Scope(caller.isAdmin() ? Optional.empty() : caller.body(),
                caller.isAdmin() ? Optional.empty() : caller.regionPrefix(), Optional.empty());
        if (!caller.isAdmin() && scope.body().isEmpty() && scope.regionPrefix().isEmpty()) {
            throw new ProblemException(ProblemType.FORBIDDEN, "Signals are for a body, a regulator or an"
                    + " administrator.", null);
        }
        return Page.of(signals.page(scope, from, to, page), signals.count(scope, from, to), page, Optional.empty(), uri);
    }
}

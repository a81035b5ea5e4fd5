package cn.certregistry.issuing;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import cn.certregistry.access.Caller;
import cn.certregistry.access.Roles;
import cn.certregistry.common.Patience;
import cn.certregistry.register.CertificateSearch;

/** The certification bodies' writes: issue a certificate, record what happens to it. */
@Path("/api/v1/certificates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.BODY)
public class IssuingResource {

    /** The wait preference among others ({@code respond-async, wait=5}); more than six digits is no wait anyone means. */
    private static final Pattern WAIT = Pattern.compile("(?:^|[,;\\s])wait\\s*=\\s*\"?([0-9]{1,6})\"?(?:$|[,;\\s])");

    @Inject
    IdempotentWrites writes;
    @Inject
    Caller caller;

    @POST
    public Response issue(@HeaderParam(IdempotentWrites.HEADER) String idempotencyKey, @HeaderParam("Prefer") String prefer,
            NewCertificate request) {
        IdempotentWrites.Answer answer = logged(writes.issue(caller.body().orElseThrow(), idempotencyKey, request,
                caller.name()), prefer);
        Response.ResponseBuilder response = respond(answer, prefer);
        if (answer.number() != null) {
            response.location(URI.create("/api/v1/certificates/" + answer.number()));
        }
        return response.build();
    }

    @POST
    @Path("{number}/events")
    public Response record(@PathParam("number") String number, @HeaderParam(IdempotentWrites.HEADER) String idempotencyKey,
            @HeaderParam("Prefer") String prefer, NewEvent request) {
        String normalised = CertificateSearch.normalisedNumber("number", number);
        return respond(logged(writes.record(caller.body().orElseThrow(), idempotencyKey, normalised, request, caller.name()),
                prefer), prefer).build();
    }

    /** With {@code Prefer: wait=N} (RFC 7240), the committed write waits up to N seconds, at most 10, for its log index. */
    private IdempotentWrites.Answer logged(IdempotentWrites.Answer answer, String prefer) {
        return wait(prefer).map(patience -> writes.logged(answer, patience)).orElse(answer);
    }

    private static Response.ResponseBuilder respond(IdempotentWrites.Answer answer, String prefer) {
        Response.ResponseBuilder response = Response.status(answer.status()).entity(answer.body());
        wait(prefer).ifPresent(patience -> response.header("Preference-Applied", "wait=" + patience.toSeconds()));
        return answer.replayed() ? response.header("Idempotent-Replayed", "true") : response;
    }

    private static Optional<Duration> wait(String prefer) {
        Matcher wait = prefer == null ? null : WAIT.matcher(prefer);
        return wait != null && wait.find() ? Optional.of(Duration.ofSeconds(Math.min(Long.parseLong(wait.group(1)),
                Patience.AT_MOST.toSeconds()))) : Optional.empty();
    }
}

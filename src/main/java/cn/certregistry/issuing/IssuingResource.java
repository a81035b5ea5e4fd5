package cn.certregistry.issuing;

import java.net.URI;

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
import cn.certregistry.register.CertificateSearch;

/** The certification bodies' writes: issue a certificate, record what happens to it. */
@Path("/api/v1/certificates")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.BODY)
public class IssuingResource {

    @Inject
    IdempotentWrites writes;
    @Inject
    Caller caller;

    @POST
    public Response issue(@HeaderParam(IdempotentWrites.HEADER) String idempotencyKey, NewCertificate request) {
        IdempotentWrites.Answer answer = writes.issue(caller.body().orElseThrow(), idempotencyKey, request, caller.name());
        Response.ResponseBuilder response = respond(answer);
        if (answer.number() != null) {
            response.location(URI.create("/api/v1/certificates/" + answer.number()));
        }
        return response.build();
    }

    @POST
    @Path("{number}/events")
    public Response record(@PathParam("number") String number, @HeaderParam(IdempotentWrites.HEADER) String idempotencyKey,
            NewEvent request) {
        String normalised = CertificateSearch.normalisedNumber("number", number);
        return respond(writes.record(caller.body().orElseThrow(), idempotencyKey, normalised, request, caller.name())).build();
    }

    private static Response.ResponseBuilder respond(IdempotentWrites.Answer answer) {
        Response.ResponseBuilder response = Response.status(answer.status()).entity(answer.body());
        return answer.replayed() ? response.header("Idempotent-Replayed", "true") : response;
    }
}

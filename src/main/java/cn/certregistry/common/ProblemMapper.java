package cn.certregistry.common;

import java.io.IOException;

import jakarta.ws.rs.NotAcceptableException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.logging.Logger;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

/** The one place where failures become RFC 9457 problem documents. Stack traces never leave the service. */
public class ProblemMapper {

    private static final Logger LOG = Logger.getLogger(ProblemMapper.class);
    /** How long a caller waits before asking again when the register is busy, the database away or too slow. */
    private static final int RETRY_AFTER_SECONDS = 5;

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        Response response = respond(Problem.of(e.type(), e.getMessage(), path(uri), e.parameter()));
        return e.type() == ProblemType.UNAUTHENTICATED
                ? Response.fromResponse(response).header("WWW-Authenticate", "Bearer realm=\"cert-registry\"").build()
                : response;
    }

    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        // the key could not be looked up (the database away, a failover): not the caller's fault, and worth a retry
        java.util.Optional<Problem> storage = StorageFailure.problem(e, path(uri));
        if (storage.isPresent()) {
            LOG.debugf("The database could not check the key for %s: %s", path(uri), e);
            return respond(storage.get());
        }
        return Response.fromResponse(respond(Problem.of(ProblemType.UNAUTHENTICATED,
                "Send a valid, unrevoked API key as 'Authorization: Bearer <key>'.", path(uri), "Authorization")))
                .header("WWW-Authenticate", "Bearer realm=\"cert-registry\"").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(Problem.of(ProblemType.FORBIDDEN, "This credential may not do this.", path(uri), null));
    }

    @ServerExceptionMapper({ JacksonException.class, MismatchedInputException.class, JsonParseException.class })
    public Response malformedBody(JacksonException e, UriInfo uri) {
        String field = e instanceof MismatchedInputException mismatch && !mismatch.getPath().isEmpty()
                ? mismatch.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                        .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse(null)
                : null;
        return respond(Problem.of(ProblemType.MALFORMED_REQUEST, field == null
                ? "The request body is not valid JSON of the expected shape."
                : "The request body's field '" + field + "' has a value of the wrong type or an unknown code.", path(uri), field));
    }

    /**
     * A request body that cannot be read as its content type says: a multipart body without its parts, or one cut
     * short. Only the reading of a request body lets an IOException through (the service wraps its own).
     */
    @ServerExceptionMapper
    public Response unreadableBody(IOException e, UriInfo uri) {
        LOG.debugf("Unreadable request body for %s: %s", path(uri), e);
        return respond(Problem.of(ProblemType.MALFORMED_REQUEST, "The request body cannot be read as its content type says.",
                path(uri), null));
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, UriInfo uri) {
        ProblemType type;
        String detail;
        if (e instanceof NotFoundException) {
            type = ProblemType.NOT_FOUND;
            detail = "No resource at this path.";
        } else if (e instanceof NotAllowedException) {
            type = ProblemType.METHOD_NOT_ALLOWED;
            detail = "This method is not allowed on this path.";
        } else if (e instanceof NotAcceptableException) {
            type = ProblemType.NOT_ACCEPTABLE;
            detail = "None of the accepted media types can be produced here.";
        } else if (e instanceof NotSupportedException) {
            type = ProblemType.UNSUPPORTED_MEDIA_TYPE;
            detail = "This request body media type is not supported here.";
        } else if (e.getResponse().getStatus() < 500) {
            type = ProblemType.MALFORMED_REQUEST;
            detail = "The request could not be understood.";
        } else {
            return internal(e, uri);
        }
        Response.ResponseBuilder response = Response.status(type.status()).type(Problem.MEDIA_TYPE)
                .entity(Problem.of(type, detail, path(uri), null));
        if (e instanceof NotAllowedException) {
            response.header("Allow", e.getResponse().getHeaderString("Allow"));
        }
        return response.build();
    }

    @ServerExceptionMapper
    public Response internal(Throwable e, UriInfo uri) {
        java.util.Optional<Problem> storage = StorageFailure.problem(e, path(uri));
        if (storage.isPresent()) {
            LOG.debugf("The database refused %s: %s", path(uri), e);
            return respond(storage.get());
        }
        LOG.error("Unexpected failure answering " + path(uri), e);
        return respond(Problem.of(ProblemType.INTERNAL_ERROR, "The register could not answer this request; it has been logged.",
                path(uri), null));
    }

    /** The problem document; a refusal that passes (429, 503 but a missing font) says when to ask again. */
    private static Response respond(Problem problem) {
        Response.ResponseBuilder response = Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
        if ((problem.status() == 429 || problem.status() == 503) && !ProblemType.NO_DOCUMENT_FONT.uri().equals(problem.type())) {
            response.header("Retry-After", RETRY_AFTER_SECONDS);
        }
        return response.build();
    }

    private static String path(UriInfo uri) {
        return uri == null ? null : uri.getPath();
    }
}

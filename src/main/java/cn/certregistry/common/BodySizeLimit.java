package cn.certregistry.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import org.eclipse.microprofile.config.inject.ConfigProperty;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * A body announced larger than {@code quarkus.http.limits.max-body-size} gets the content-too-large problem
 * document. Quarkus refuses it with a bare 413 before any resource or exception mapper runs, so this route
 * answers first, with the same status and the same closed connection, and never reads the body.
 */
@ApplicationScoped
public class BodySizeLimit {

    /** Ahead of Quarkus's own check of the declared length (order -2). */
    private static final int ORDER = -3;

    @ConfigProperty(name = "quarkus.http.limits.max-body-size")
    MemorySize maxBodySize;
    @Inject
    ObjectMapper json;

    void install(@Observes Router router) {
        long limit = maxBodySize.asLongValue();
        router.route().order(ORDER).handler(context -> {
            if (declaredLength(context) > limit) {
                refuse(context, document(limit, context.request().path()));
            } else {
                context.next();
            }
        });
    }

    private String document(long limit, String path) {
        try {
            return json.writeValueAsString(Problem.of(ProblemType.CONTENT_TOO_LARGE, "At most " + limit / (1024 * 1024)
                    + " MB per request body; split the upload.", path, null));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The Content-Length, or -1 where there is none or it is not a number (the codec and Quarkus judge those). */
    private static long declaredLength(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length == null) {
            return -1;
        }
        try {
            return Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void refuse(RoutingContext context, String document) {
        // the unread body would otherwise be taken for the next request on this connection
        context.response().endHandler(ended -> context.request().connection().close());
        context.response().setStatusCode(ProblemType.CONTENT_TOO_LARGE.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(document);
    }
}

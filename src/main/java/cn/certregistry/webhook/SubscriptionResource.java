package cn.certregistry.webhook;

import java.net.URI;
import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import cn.certregistry.access.Caller;
import cn.certregistry.access.Roles;
import cn.certregistry.common.Page;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.QueryParameters;

/** A subscriber's webhook subscriptions and how their deliveries stand. */
@Path("/api/v1/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SUBSCRIBER)
public class SubscriptionResource {

    @Inject
    Subscriptions subscriptions;
    @Inject
    Caller caller;

    @POST
    public Response subscribe(Subscriptions.NewSubscription request, @Context UriInfo uri) {
        QueryParameters.of(uri, Set.of());
        Subscriptions.SubscriptionView created = subscriptions.create(subscriber(), request);
        return Response.created(URI.create("/api/v1/subscriptions/" + created.id())).header("Cache-Control", "no-store")
                .entity(created).build();
    }

    @GET
    public Page<Subscriptions.SubscriptionView> list(@Context UriInfo uri) {
        Page.PageRequest request = Page.PageRequest.from(QueryParameters.of(uri, Set.of("page", "size")));
        return subscriptions.list(subscriber(), request, uri);
    }

    @GET
    @Path("{id}")
    public Subscriptions.SubscriptionView get(@PathParam("id") String id, @Context UriInfo uri) {
        QueryParameters.of(uri, Set.of());
        return subscriptions.find(subscriber(), id(id));
    }

    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id, @Context UriInfo uri) {
        QueryParameters.of(uri, Set.of());
        subscriptions.delete(subscriber(), id(id));
        return Response.noContent().build();
    }

    private String subscriber() {
        return caller.subscriber()
                .orElseThrow(() -> new ProblemException(ProblemType.FORBIDDEN, "Only a subscriber's key has subscriptions.", null));
    }

    private static long id(String id) {
        try {
            long value = Long.parseLong(id);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ProblemException.invalidParameter("id", "A subscription id is a positive whole number, not '"
                + (id.length() > 40 ? id.substring(0, 40) + "…" : id) + "'.");
    }
}

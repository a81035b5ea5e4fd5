package cn.certregistry.access;

import java.util.Set;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;


import cn.certregistry.common.Page;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.QueryParameters;

@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.ADMIN)
public class AdminResource {

    @Inject
    AdminService admin;
    @Inject
    ApiKeys keys;

    @POST
    @Path("bodies")
    public Response registerBody(AdminService.NewBody request) {
        return Response.status(Response.Status.CREATED).entity(admin.registerBody(request)).build();
    }

    @POST
    @Path("bodies/{code}/prefixes")
    public Response registerPrefix(@PathParam("code") String code, AdminService.NewPrefix request) {
        return Response.status(Response.Status.CREATED).entity(admin.registerPrefix(code, request)).build();
    }

    @POST
    @Path("bodies/{code}/approval")
    public Response recordApproval(@PathParam("code") String code, AdminService.NewApprovalEvent request) {
        return Response.status(Response.Status.CREATED).entity(admin.recordApproval(code, request)).build();
    }

    @PUT
    @Path("bodies/{code}/contact")
    public AdminService.ContactView changeContact(@PathParam("code") String code, AdminService.ContactChange request) {
        return admin.changeContact(code, request);
    }

    @POST
    @Path("bodies/{code}/keys")
    public Response bodyKey(@PathParam("code") String code, AdminService.NewKey request) {
        return created(admin.bodyKey(code, request));
    }

    @POST
    @Path("regulators")
    public Response registerRegulator(AdminService.NewRegulator request) {
        return Response.status(Response.Status.CREATED).entity(admin.registerRegulator(request)).build();
    }

    @POST
    @Path("regulators/{code}/keys")
    public Response regulatorKey(@PathParam("code") String code, AdminService.NewKey request) {
        return created(admin.regulatorKey(code, request));
    }

    @POST
    @Path("subscribers")
    public Response registerSubscriber(AdminService.NewSubscriber request) {
        return Response.status(Response.Status.CREATED).entity(admin.registerSubscriber(request)).build();
    }

    @POST
    @Path("subscribers/{code}/keys")
    public Response subscriberKey(@PathParam("code") String code, AdminService.NewKey request) {
        return created(admin.subscriberKey(code, request));
    }

    @POST
    @Path("keys")
    public Response adminKey(AdminService.NewKey request) {
        return created(admin.adminKey(request));
    }

    @GET
    @Path("keys")
    public Page<AdminService.KeyView> listKeys(@Context UriInfo uri) {
        Page.PageRequest request = Page.PageRequest.from(QueryParameters.of(uri, Set.of("page", "size")));
        AdminService.Keys keys = admin.keys(request);
        return Page.of(keys.page(), keys.total(), request, uri);
    }

    @DELETE
    @Path("keys/{id}")
    public Response revoke(@PathParam("id") String id) {
        long keyId;
        try {
            keyId = Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw ProblemException.invalidParameter("id", "A key id is a whole number, not '" + id + "'.");
        }
        keys.revoke(keyId);
        return Response.noContent().build();
    }

    private static Response created(ApiKeys.CreatedKey key) {
        return Response.status(Response.Status.CREATED).header("Cache-Control", "no-store").entity(key).build();
    }
}

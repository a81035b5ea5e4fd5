package cn.certregistry.directory;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import cn.certregistry.common.CostlyRequests;
import cn.certregistry.common.Page;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.QueryParameters;

/** The directory of certification bodies (认证机构名录) as JSON: public, and free of anything about surveillance. */
@Path("/api/v1/bodies")
@Produces(MediaType.APPLICATION_JSON)
public class BodyResource {

    @Inject
    Directory directory;
    @Inject
    CostlyRequests costly;

    @GET
    public Page<DirectoryViews.Entry> list(@Context UriInfo uri) {
        QueryParameters parameters = QueryParameters.of(uri, Directory.PARAMETERS);
        Directory.Filters filters = directory.filters(parameters);
        Page.PageRequest request = Page.PageRequest.from(parameters);
        Directory.Listing listing = directory.list(filters, request);
        return Page.of(listing.items(), listing.total(), request, uri);
    }

    @GET
    @Path("{code}")
    public DirectoryViews.Detail show(@PathParam("code") String code, @Context UriInfo uri) {
        QueryParameters.of(uri, java.util.Set.of());
        // the grades beside the register's read every certificate in force
        return costly.run(() -> directory.detail(code))
                .orElseThrow(() -> ProblemException.notFound("No certification body has the code '" + code + "'."));
    }
}

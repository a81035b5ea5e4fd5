package cn.certregistry.directory;

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
import cn.certregistry.common.CostlyRequests;
import cn.certregistry.common.Page;
import cn.certregistry.common.QueryParameters;

/**
 * What regulators look at per certification body: shares suspended or withdrawn and with surveillance overdue, grades
 * against the scheme's. Surveillance is not public (as on the national platform): only regulators, over their region,
 * and administrators, over everything; anyone else is refused (401 without a key, 403 with another role's).
 */
@Path("/api/v1/regulator/bodies")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({ Roles.REGULATOR, Roles.ADMIN })
public class RegulatorBodyResource {

    @Inject
    Directory directory;
    @Inject
    Caller caller;
    @Inject
    CostlyRequests costly;

    @GET
    public Page<DirectoryViews.BodyFigures> list(@Context UriInfo uri) {
        QueryParameters parameters = QueryParameters.of(uri, Set.of("q", "page", "size"));
        Page.PageRequest request = Page.PageRequest.from(parameters);
        Optional<String> name = directory.name(parameters);
        Optional<String> region = caller.isAdmin() ? Optional.empty() : caller.regionPrefix();
        // the figures read every certificate of the region
        return costly.run(() -> Page.of(directory.figures(region, name, request), directory.bodyCount(name), request, uri));
    }
}

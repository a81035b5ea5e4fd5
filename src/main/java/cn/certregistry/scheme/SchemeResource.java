package cn.certregistry.scheme;

import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import cn.certregistry.common.QueryParameters;

@Path("/api/v1/schemes")
@Produces(MediaType.APPLICATION_JSON)
public class SchemeResource {

    @Inject
    SchemeCatalogue catalogue;

    /** The whole catalogue (three schemes): small enough to need no paging. */
    @GET
    public List<Scheme> list(@Context UriInfo uri) {
        QueryParameters.of(uri, Set.of());
        return catalogue.all();
    }
}

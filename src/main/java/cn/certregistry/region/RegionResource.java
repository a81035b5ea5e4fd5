package cn.certregistry.region;

import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import cn.certregistry.common.ProblemException;
import cn.certregistry.common.QueryParameters;

@Path("/api/v1/regions")
@Produces(MediaType.APPLICATION_JSON)
public class RegionResource {

    @Inject
    RegionService regions;

    /** Provinces, or the divisions directly under {@code parent} (a code, or a name that names one division). */
    @GET
    public List<RegionView> list(@Context UriInfo uri) {
        QueryParameters parameters = QueryParameters.of(uri, Set.of("parent"));
        List<Region> children = parameters.text("parent")
                .map(parent -> regions.children(parentCode(parent)))
                .orElseGet(regions::provinces);
        return children.stream().map(RegionView::of).toList();
    }

    private String parentCode(String parent) {
        List<Region> matches = regions.resolve("parent", parent);
        if (matches.size() > 1) {
            throw ProblemException.invalidParameter("parent",
                    "'" + parent + "' names " + matches.size() + " divisions; give its six-digit code instead.");
        }
        return matches.get(0).code;
    }
}

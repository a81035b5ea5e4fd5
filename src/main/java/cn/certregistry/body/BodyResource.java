package cn.certregistry.body;

import java.util.Set;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.panache.common.Sort;

import cn.certregistry.common.Page;
import cn.certregistry.common.QueryParameters;

@Path("/api/v1/bodies")
@Produces(MediaType.APPLICATION_JSON)
public class BodyResource {

    @GET
    public Page<BodyView> list(@Context UriInfo uri) {
        Page.PageRequest request = Page.PageRequest.from(QueryParameters.of(uri, Set.of("page", "size")));
        var query = CertificationBody.<CertificationBody>findAll(Sort.by("code"));
        return Page.of(query.page(request.page() - 1, request.size()).stream().map(BodyView::of).toList(),
                query.count(), request, uri);
    }
}

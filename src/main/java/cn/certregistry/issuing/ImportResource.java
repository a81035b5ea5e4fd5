package cn.certregistry.issuing;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriBuilder;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import cn.certregistry.access.Caller;
import cn.certregistry.access.Roles;

/**
 * Bulk issue from a CSV file (UTF-8, a header line naming the columns); answers with a per-row report.
 * The public path is the custom-method style {@code /api/v1/certificates:import}.
 */
@Path(ImportResource.ROUTED_PATH)
@RolesAllowed(Roles.BODY)
public class ImportResource {

    static final String PUBLIC_PATH = "/api/v1/certificates:import";
    static final String ROUTED_PATH = "/api/v1/certificates/:import";

    @Inject
    CertificateImport importer;
    @Inject
    Caller caller;

    @POST
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN })
    @Produces(MediaType.APPLICATION_JSON)
    public CertificateImport.Report importCsv(InputStream file) throws IOException {
        // kept on disk (as large as the server's body limit), so the import can read it twice with little memory
        java.nio.file.Path copy = Files.createTempFile("import", ".csv");
        try {
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
            // a strict decoder: text in another charset is refused, not imported as mojibake
            return importer.run(caller.body().orElseThrow(), () -> {
                try {
                    return new InputStreamReader(Files.newInputStream(copy), StandardCharsets.UTF_8.newDecoder());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, caller.name());
        } finally {
            Files.delete(copy);
        }
    }

    /** JAX-RS matches whole path segments, so the public path is routed to the resource before matching. */
    public static class Routing {

        @ServerRequestFilter(preMatching = true)
        public void route(ContainerRequestContext request) {
            if (PUBLIC_PATH.equals(request.getUriInfo().getPath())) {
                request.setRequestUri(UriBuilder.fromUri(request.getUriInfo().getRequestUri()).replacePath(ROUTED_PATH).build());
            }
        }
    }
}

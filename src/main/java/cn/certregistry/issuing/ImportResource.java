package cn.certregistry.issuing;

import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import cn.certregistry.access.Caller;
import cn.certregistry.access.Roles;

/** Bulk issue from a CSV file (UTF-8, a header line naming the columns); answers with a per-row report. */
@Path("/api/v1/certificates:import")
@RolesAllowed(Roles.BODY)
public class ImportResource {

    @Inject
    CertificateImport importer;
    @Inject
    Caller caller;

    @POST
    @Consumes({ "text/csv", MediaType.TEXT_PLAIN })
    @Produces(MediaType.APPLICATION_JSON)
    public CertificateImport.Report importCsv(String csv) {
        return importer.run(caller.body().orElseThrow(), csv, caller.name());
    }
}

package cn.certregistry.register;

import java.time.LocalDate;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.security.Authenticated;

import cn.certregistry.access.Caller;
import cn.certregistry.common.Page;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.register.CertificateViews.Summary;

@Path("/api/v1/certificates")
@Produces(MediaType.APPLICATION_JSON)
public class CertificateResource {

    @Inject
    CertificateService certificates;
    @Inject
    RegisterReferenceData referenceData;
    @Inject
    RegisterClock clock;
    @Inject
    Caller caller;

    @GET
    public Page<Summary> search(@Context UriInfo uri) {
        CertificateSearch search = CertificateSearch.parse(QueryParameters.of(uri, CertificateSearch.PARAMETERS), referenceData);
        CertificateService.Results results = certificates.search(search, CertificateSearch.Scope.of(search, caller));
        return Page.of(results.items(), results.total(), search.page(), results.after(), uri);
    }

    @GET
    @Path("{number}")
    public CertificateViews.Record record(@PathParam("number") String number, @Context UriInfo uri) {
        QueryParameters.of(uri, Set.of());
        return certificates.record(CertificateSearch.normalisedNumber("number", number));
    }

    @GET
    @Path("{number}/status")
    public CertificateViews.StatusOnDay status(@PathParam("number") String number, @Context UriInfo uri) {
        QueryParameters parameters = QueryParameters.of(uri, Set.of("on"));
        LocalDate on = parameters.date("on").orElse(clock.today());
        return certificates.statusOn(CertificateSearch.normalisedNumber("number", number), on);
    }

    /**
     * When a certificate's next annual surveillance audit is due and whether it is overdue: not public (the
     * national platform shows the status, not audit schedules), for those who oversee the certificate.
     */
    @GET
    @Path("{number}/surveillance")
    @Authenticated
    public CertificateViews.SurveillanceView surveillance(@PathParam("number") String number, @Context UriInfo uri) {
        QueryParameters.of(uri, Set.of());
        return certificates.surveillance(CertificateSearch.normalisedNumber("number", number),
                certificate -> caller.oversees(certificate.body.code, certificate.siteRegionCode));
    }

}

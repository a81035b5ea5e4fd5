package cn.certregistry.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;

import cn.certregistry.common.ProblemException;
import cn.certregistry.register.CertificateSearch;
import cn.certregistry.register.CertificateService;
import cn.certregistry.register.CertificateViews;

/** A certificate's public record, printable, with its QR code. */
@Path("/certificates/{number}")
public class CertificatePage {

    @Inject
    WebPages pages;
    @Inject
    Texts texts;
    @Inject
    CertificateService certificates;
    @Location("web/certificate.html")
    Template template;
    @Location("web/error.html")
    Template errorPage;

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show(@PathParam("number") String number, @Context UriInfo uri, @Context HttpHeaders headers) {
        String language = pages.language(uri, headers);
        try {
            CertificateViews.Record record = certificates.record(CertificateSearch.normalisedNumber("number", number));
            return pages.html(200, pages.prepare(template.instance(), language, uri).data("c", record)
                    .data("surveillanceDue", texts.format(language, "surveillance_due", record.surveillance().due())), language, uri);
        } catch (ProblemException e) {
            return pages.html(e.type().status(), pages.prepare(errorPage.instance(), language, uri)
                    .data("title", texts.of(language).get(e.type().status() == 404 ? "not_found_title" : "error_title"))
                    .data("message", e.getMessage()), language, uri);
        }
    }
}

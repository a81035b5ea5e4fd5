package cn.certregistry.register;

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

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import cn.certregistry.web.Language;
import cn.certregistry.web.WebPages;

/** A certificate's public record, printable, with its QR code. */
@Path("/certificates/{number}")
public class CertificatePage {

    @Inject
    WebPages pages;
    @Inject
    CertificateService certificates;

    @CheckedTemplate(basePath = "register")
    static class Templates {
        static native TemplateInstance certificate(Language lang, CertificateViews.Record c);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response show(@PathParam("number") String number, @Context UriInfo uri, @Context HttpHeaders headers) {
        Language language = pages.language(uri, headers.getCookies());
        CertificateViews.Record record = certificates.record(CertificateSearch.normalisedNumber("number", number));
        return pages.html(200, Templates.certificate(language, record), language, uri);
    }
}

package cn.certregistry.ecertificate;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Date;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import cn.certregistry.common.QueryParameters;
import cn.certregistry.register.CertificateSearch;

/**
 * A certificate as a signed PDF. Public and cacheable; a client holding the current version (its ETag, or a date
 * not before it was made) gets 304 without the file being read.
 */
@Path("/certificates/{number}.pdf")
public class ECertificateResource {

    public static final String PDF = "application/pdf";

    @Inject
    ECertificates eCertificates;

    @GET
    @Produces(PDF)
    public Response pdf(@PathParam("number") String number, @Context UriInfo uri, @Context Request request,
            @Context HttpHeaders headers) {
        QueryParameters.of(uri, Set.of());
        ECertificates.Version version = eCertificates.version(CertificateSearch.normalisedNumber("number", number));
        EntityTag tag = new EntityTag(version.digest());
        // a minute's freshness: the status printed is as of the file's making, and a change makes a new version
        CacheControl cache = new CacheControl();
        cache.setMaxAge(60);
        Response.ResponseBuilder notModified = request.evaluatePreconditions(tag);
        if (notModified != null) {
            return notModified.cacheControl(cache).tag(tag).build();
        }
        ECertificateFiles.Stored file = eCertificates.file(version);
        Date madeAt = Date.from(file.madeAt().toInstant());
        // If-Modified-Since counts only without If-None-Match (RFC 9110, 13.1.3); HTTP dates are whole seconds
        Date since = headers.getHeaderString(HttpHeaders.IF_NONE_MATCH) == null ? ifModifiedSince(headers) : null;
        if (since != null && !madeAt.after(since)) {
            return Response.notModified(tag).cacheControl(cache).lastModified(madeAt).build();
        }
        return Response.ok(file.pdf(), PDF).cacheControl(cache).tag(tag).lastModified(madeAt)
                .header("Content-Disposition", "inline; filename=\"" + version.number() + ".pdf\"").build();
    }

    private static Date ifModifiedSince(HttpHeaders headers) {
        String value = headers.getHeaderString(HttpHeaders.IF_MODIFIED_SINCE);
        if (value == null) {
            return null;
        }
        try {
            return Date.from(ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
        } catch (DateTimeParseException e) {
            return null; // a date that does not parse is ignored, as RFC 9110 says
        }
    }
}

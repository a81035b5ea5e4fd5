package cn.certregistry.opendata;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.annotation.JsonInclude;

import cn.certregistry.common.ProblemException;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.log.NoteSigner;

/**
 * The nightly dump of the whole register: an index of the latest, and each day's manifest and files, which never
 * change once made (immutable caching).
 */
@Path("/open-data")
public class OpenDataResource {

    private static final String IMMUTABLE = "public, max-age=31536000, immutable";

    @Inject
    OpenDataDumps dumps;

    /** A file of the dump: a province's certificates ({@code province} set), or a part of the directory of bodies. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FileView(String part, String province, String name, long rows, String sha256, String url) {
    }

    public record DumpView(LocalDate date, long logSize, String manifestUrl, List<FileView> files) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response latest(@Context UriInfo uri) {
        QueryParameters.of(uri, Set.of());
        OpenDataDumps.Dump dump = dumps.dump(Optional.empty())
                .orElseThrow(() -> ProblemException.notFound("No open-data dump has been made yet; the first is made at night."));
        String base = "/open-data/" + dump.date() + "/";
        return Response.ok(new DumpView(dump.date(), dump.logSize(), base + "manifest", dump.files().stream()
                .map(file -> new FileView(file.part(), file.province().orElse(null), file.name(), file.rows(), HexFormat.of().formatHex(file.sha256()),
                        base + file.name())).toList()))
                .header("Cache-Control", "public, max-age=300").build();
    }

    /** The verifier keys of the manifests, {@code <name>+<key ID>+<key>} a line, the active key first. */
    @GET
    @Path("key")
    @Produces(MediaType.TEXT_PLAIN)
    public Response key(@Context UriInfo uri) {
        return NoteSigner.publish(uri, dumps.verifierKeys());
    }

    @GET
    @Path("{date}/manifest")
    @Produces(MediaType.TEXT_PLAIN)
    public Response manifest(@PathParam("date") String date, @Context UriInfo uri) {
        QueryParameters.of(uri, Set.of());
        OpenDataDumps.Dump dump = dumps.dump(Optional.of(day(date)))
                .orElseThrow(() -> ProblemException.notFound("No open-data dump of " + date + " is kept."));
        return Response.ok(dump.manifest(), "text/plain; charset=utf-8").header("Cache-Control", IMMUTABLE).build();
    }

    @GET
    @Path("{date}/{part: [0-9]{2}|bodies|body-approvals}.csv.gz")
    @Produces("application/gzip")
    public Response file(@PathParam("date") String date, @PathParam("part") String part, @Context UriInfo uri,
            @Context Request request) {
        QueryParameters.of(uri, Set.of());
        LocalDate day = day(date);
        EntityTag tag = new EntityTag(day + "-" + part);
        Response.ResponseBuilder unchanged = request.evaluatePreconditions(tag);
        if (unchanged != null) {
            return unchanged.header("Cache-Control", IMMUTABLE).build();
        }
        byte[] content = dumps.content(day, part)
                .orElseThrow(() -> ProblemException.notFound("The open-data dump of " + date + " has no file " + part + ".csv.gz."));
        return Response.ok(content, "application/gzip").tag(tag).header("Cache-Control", IMMUTABLE)
                .header("Content-Disposition", "attachment; filename=\"" + (part.matches("[0-9]{2}") ? "certificates-" : "") + date + "-" + part + ".csv.gz\"").build();
    }

    private static LocalDate day(String date) {
        try {
            return LocalDate.parse(date);
        } catch (DateTimeParseException e) {
            throw ProblemException.notFound("'" + date + "' is not a day (YYYY-MM-DD).");
        }
    }
}

package cn.certregistry.procurement;

import java.net.URI;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import cn.certregistry.common.ProblemException;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.verification.VerificationService;

/**
 * A bid file in, every certificate in it checked: {@code POST /api/v1/verify/document}, answered when it is read or, for
 * a large file, at once with a job to poll ({@code GET /api/v1/verify/document/jobs/{id}}).
 */
@Path("/api/v1/verify/document")
public class DocumentResource {

    /** Where a job's status is read. */
    static final String JOBS = "/api/v1/verify/document/jobs/";

    @Inject
    DocumentCheck check;
    @Inject
    DocumentJobRunner runner;
    @Inject
    DocumentJobs jobs;

    /**
     * A certificate found: the file and page (from 1) and how it was first found, every place it was found, why its code is
     * not genuine, what its copies state otherwise than the register, the check.
     */
    public record FindingView(int file, int page, DocumentCheck.FoundBy foundBy, List<DocumentCheck.FoundAt> foundAt, String reason,
            List<CopyFacts.Difference> differences, VerificationService.Check check) {
    }

    public record DocumentView(LocalDate bidDate, String creditCode, OffsetDateTime checkedAt, List<ProcurementCheck.Document> files,
            List<FindingView> certificates, List<DocumentCheck.PageRef> unreadablePages) {
    }

    /**
     * The answer when the files are read; with {@code ?async=true} or {@code Prefer: respond-async}, at once: 202 and the
     * address of the job that reads them.
     */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public Response verify(@RestForm("file") List<FileUpload> file, @RestForm String on, @RestForm String creditCode,
            @Context UriInfo uri, @HeaderParam("Prefer") String prefer) {
        boolean async = QueryParameters.of(uri, Set.of("async")).text("async").map(value -> switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ProblemException.invalidParameter("async", "'async' is true or false.");
        }).orElse(false);
        boolean respondAsync = prefer != null && Arrays.stream(prefer.split(","))
                .anyMatch(preference -> preference.strip().equalsIgnoreCase("respond-async"));
        if (!async && !respondAsync) {
            return Response.ok(view(check.check(uploads(file), on, creditCode))).build();
        }
        String id = runner.start(uploads(file), on, creditCode);
        Response.ResponseBuilder accepted = Response.accepted(jobs.status(id)).location(URI.create(JOBS + id))
                .header("Cache-Control", "no-store");
        return respondAsync ? accepted.header("Preference-Applied", "respond-async").build() : accepted.build();
    }

    /** A job: how far its reading is, then its answer or its problem; a job unknown or past its day is 404. */
    @GET
    @Path("jobs/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response job(@PathParam("id") String id) {
        return Response.ok(jobs.status(id)).header("Cache-Control", "no-store").build();
    }

    public static DocumentView view(DocumentCheck.Outcome outcome) {
        return new DocumentView(outcome.bidDate(), outcome.creditCode(), outcome.checkedAt(), outcome.files(),
                outcome.findings().stream().map(DocumentResource::view).toList(),
                outcome.unreadable());
    }

    private static FindingView view(DocumentCheck.Finding finding) {
        DocumentCheck.FoundAt first = finding.foundAt().get(0);
        return new FindingView(first.file(), first.page(), first.foundBy(), finding.foundAt(), finding.reason(), finding.differences(),
                finding.check());
    }

    /** The outcome an answer tells of, with the thumbnails of its pages (kept beside it). */
    static DocumentCheck.Outcome outcome(DocumentView view, List<DocumentCheck.Thumbnail> thumbnails) {
        return new DocumentCheck.Outcome(view.bidDate(), view.creditCode(), view.checkedAt(), view.files(),
                view.certificates().stream().map(f -> new DocumentCheck.Finding(f.foundAt(), f.check(), f.reason(), f.differences()))
                        .toList(), view.unreadablePages(), thumbnails);
    }

    /** The files of a form, as they were written to disk on arrival: never held in memory. */
    public static List<DocumentCheck.Upload> uploads(List<FileUpload> files) {
        List<DocumentCheck.Upload> uploads = new ArrayList<>();
        if (files != null) {
            for (FileUpload upload : files) {
                uploads.add(new DocumentCheck.Upload(upload.fileName(), upload.uploadedFile()));
            }
        }
        return uploads;
    }
}

package cn.certregistry.procurement;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import cn.certregistry.verification.VerificationService;

/** A bid file in, every certificate in it checked: {@code POST /api/v1/verify/document}. */
@Path("/api/v1/verify/document")
public class DocumentResource {

    @Inject
    DocumentCheck check;

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

    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    public DocumentView verify(@RestForm("file") List<FileUpload> file, @RestForm String on, @RestForm String creditCode) {
        DocumentCheck.Outcome outcome = check.check(uploads(file), on, creditCode);
        return view(outcome);
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

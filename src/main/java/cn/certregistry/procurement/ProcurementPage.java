package cn.certregistry.procurement;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import cn.certregistry.common.Csv;
import cn.certregistry.common.Problem;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.log.LogOrigin;
import cn.certregistry.log.Witnessing;
import cn.certregistry.log.TransparencyLog;
import cn.certregistry.signing.CoseSign1;
import cn.certregistry.signing.SigningKey;
import cn.certregistry.signing.SigningKeys;
import cn.certregistry.verification.VerificationService;
import cn.certregistry.web.Language;
import cn.certregistry.web.Messages;
import cn.certregistry.web.WebPages;

/** Procurement officers paste or upload a bid's certificates and get a verdict per line, as a page, CSV, XLSX or signed report. */
@Path("/procurement")
public class ProcurementPage {

    /** Canonical JSON for the signed report: sorted keys, ISO dates, no indentation. */
    /**
     * How long a report waits for the log to take in a change made just before it: the integrator runs
     * every 200 ms, so a change is in within a second; a line still behind after this says so.
     */
    static final Duration LOG_PATIENCE = Duration.ofSeconds(2);
    static final String NOT_YET_IN_LOG = "NOT_YET_IN_LOG";

    static final ObjectMapper CANONICAL = JsonMapper.builder().addModule(new JavaTimeModule())
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY).enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    @Inject
    WebPages pages;
    @Inject
    ProcurementCheck check;
    @Inject
    SigningKeys keys;
    @Inject
    TransparencyLog log;
    @Inject
    LogOrigin origin;
    @Inject
    Witnessing witnessing;
    @Inject
    DocumentCheck documents;
    @Inject
    DocumentJobRunner runner;
    @Inject
    DocumentJobs jobs;

    /** Where a bid file read as a job shows how far it is, then its result. */
    static final String JOB_PAGES = "/procurement/jobs/";
    private static final DateTimeFormatter MINUTES = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @CheckedTemplate(basePath = "procurement", defaultName = CheckedTemplate.HYPHENATED_ELEMENT_NAME)
    static class Templates {
        static native TemplateInstance procurement(Language lang, ProcurementCheck.Outcome outcome, String list, String bidDate);

        static native TemplateInstance procurementReport(Language lang, ProcurementCheck.Outcome outcome, List<String> places,
                List<String> differences, String content, String signature, String kid, Map<String, TransparencyLog.Receipt> receipts,
                long logSize);

        static native TemplateInstance procurementDocument(Language lang, ProcurementCheck.Outcome outcome, String bidDate,
                String creditCode, List<String> thumbnails, List<String> places, List<String> differences, String unreadable,
                int pages, DocumentJobs.Downloads downloads);

        static native TemplateInstance procurementJob(Language lang, DocumentJobs.Status job, Problem problem, String statusUrl,
                String expires);
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public Response form(@Context UriInfo uri, @Context HttpHeaders headers) {
        Language language = pages.language(uri, headers.getCookies());
        return pages.html(200, Templates.procurement(language, null, "", ""), language, uri);
    }

    @POST
    @Consumes({ MediaType.MULTIPART_FORM_DATA, MediaType.APPLICATION_FORM_URLENCODED })
    @Produces(MediaType.TEXT_HTML)
    public Response check(@RestForm String list, @RestForm FileUpload file, @RestForm String bidDate, @Context UriInfo uri,
            @Context HttpHeaders headers) {
        Language language = pages.language(uri, headers.getCookies());
        ProcurementCheck.Outcome outcome = check.run(list, file, bidDate);
        return pages.html(200, Templates.procurement(language, outcome, outcome.asText(), outcome.bidDate().toString()), language,
                uri);
    }

    @POST
    @Path("result.csv")
    @Consumes({ MediaType.MULTIPART_FORM_DATA, MediaType.APPLICATION_FORM_URLENCODED })
    @Produces("text/csv")
    public Response csv(@RestForm String list, @RestForm String bidDate, @Context UriInfo uri, @Context HttpHeaders headers) {
        return csv(check.run(list, null, bidDate), pages.language(uri, headers.getCookies()).code());
    }

    private Response csv(ProcurementCheck.Outcome outcome, String language) {
        StringBuilder csv = new StringBuilder("\uFEFF");
        for (List<String> row : table(outcome, language)) {
            csv.append(Csv.line(row));
        }
        return download(csv.toString().getBytes(StandardCharsets.UTF_8), "text/csv; charset=UTF-8", outcome, "csv");
    }

    @POST
    @Path("result.xlsx")
    @Consumes({ MediaType.MULTIPART_FORM_DATA, MediaType.APPLICATION_FORM_URLENCODED })
    @Produces("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    public Response xlsx(@RestForm String list, @RestForm String bidDate, @Context UriInfo uri, @Context HttpHeaders headers) {
        return xlsx(check.run(list, null, bidDate), pages.language(uri, headers.getCookies()).code());
    }

    private Response xlsx(ProcurementCheck.Outcome outcome, String language) {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            Sheet sheet = workbook.createSheet(pages.words(language).procurementResult());
            List<List<String>> rows = table(outcome, language);
            for (int r = 0; r < rows.size(); r++) {
                Row row = sheet.createRow(r);
                for (int c = 0; c < rows.get(r).size(); c++) {
                    row.createCell(c).setCellValue(rows.get(r).get(c));
                }
            }
            workbook.write(out);
            return download(out.toByteArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", outcome, "xlsx");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A printable, dated report whose content is signed with the register's key (COSE_Sign1 over canonical JSON). */
    @POST
    @Path("report")
    @Consumes({ MediaType.MULTIPART_FORM_DATA, MediaType.APPLICATION_FORM_URLENCODED })
    @Produces(MediaType.TEXT_HTML)
    public Response report(@RestForm String list, @RestForm String bidDate, @Context UriInfo uri, @Context HttpHeaders headers) {
        return report(check.run(list, null, bidDate), pages.language(uri, headers.getCookies()), uri);
    }

    private Response report(ProcurementCheck.Outcome outcome, Language language, UriInfo uri) {
        SigningKey key = keys.ring().active();
        List<String> found = outcome.checks().stream().filter(c -> Boolean.TRUE.equals(c.inRegister()))
                .map(VerificationService.Check::number).distinct().toList();
        TransparencyLog.Receipts receipts = log.receipts(found, LOG_PATIENCE);
        byte[] content = reportContent(outcome, receipts, origin.verifierKey(key), witnessing.publishedPolicy());
        String signature = Base64.getUrlEncoder().withoutPadding().encodeToString(CoseSign1.sign(content, key));
        Messages words = pages.words(language.code());
        return pages.html(200, Templates.procurementReport(language, outcome, places(outcome, words),
                differences(outcome, words, language.code()), new String(content, StandardCharsets.UTF_8), signature, key.kid(),
                receipts.byNumber(), receipts.checkpoint().size()), language, uri);
    }

    /**
     * A whole bid file (PDF) or photos of certificates: every certificate found in them checked, as a page (with a
     * thumbnail of each page where one was found) or, as {@code format} asks, the same CSV, XLSX or signed report as a
     * list's, with the pages. The page is a job's: the upload is answered at once with 303 to it, and it shows the
     * reading's progress until the result; the downloads are answered when the files are read.
     */
    @POST
    @Path("document")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces({ MediaType.TEXT_HTML, "text/csv", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" })
    public Response document(@RestForm("file") List<FileUpload> file, @RestForm String bidDate, @RestForm String creditCode,
            @RestForm String format, @Context UriInfo uri, @Context HttpHeaders headers) {
        Language language = pages.language(uri, headers.getCookies());
        String wanted = format == null || format.isBlank() ? "page" : format.strip();
        if (!List.of("page", "csv", "xlsx", "report").contains(wanted)) {
            throw ProblemException.invalidParameter("format", "'format' is page, csv, xlsx or report.");
        }
        if (wanted.equals("page")) {
            // read as a job: the officer sees its page at once, and on it how far the reading is
            String id = runner.start(DocumentResource.uploads(file), bidDate, creditCode);
            return Response.seeOther(URI.create(JOB_PAGES + id)).build();
        }
        ProcurementCheck.Outcome outcome = documents.check(DocumentResource.uploads(file), bidDate, creditCode).asProcurementCheck();
        return switch (wanted) {
            case "csv" -> csv(outcome, language.code());
            case "xlsx" -> xlsx(outcome, language.code());
            default -> report(outcome, language, uri);
        };
    }

    /**
     * A bid file read as a job: while it is read, the pages read of its pages and what was found so far (the page
     * refreshes itself, or its script polls the job and updates them in place); once read, the result as the upload's
     * page has always shown it; failed, the problem.
     */
    @GET
    @Path("jobs/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response job(@PathParam("id") String id, @Context UriInfo uri, @Context HttpHeaders headers) {
        Language language = pages.language(uri, headers.getCookies());
        DocumentJobs.Status status = jobs.status(id);
        Response page = status.state() == DocumentJobs.State.DONE
                ? documentPage(jobs.outcome(id, true), status.downloads(), language, uri)
                : pages.html(200, Templates.procurementJob(language, status, jobs.problem(status),
                        DocumentResource.JOBS + status.id(), MINUTES.format(status.expiresAt())), language, uri);
        // the page changes as the reading goes on: never answered from a cache
        return Response.fromResponse(page).header("Cache-Control", "no-store").build();
    }

    /**
     * A finished job's CSV; with {@link #jobXlsx} and {@link #jobReport}, the same downloads as the upload's
     * {@code format} asks for, made from the result the job keeps, so the bid file is not read again. A job not done
     * (or failed) is 409, one unknown or past its day 404: a browser gets the error page, a program asking for JSON the
     * problem.
     */
    @GET
    @Path("jobs/{id}/result.csv")
    @Produces({ "text/csv", MediaType.TEXT_HTML })
    public Response jobCsv(@PathParam("id") String id, @Context UriInfo uri, @Context HttpHeaders headers) {
        return csv(finished(id, uri), pages.language(uri, headers.getCookies()).code());
    }

    @GET
    @Path("jobs/{id}/result.xlsx")
    @Produces({ "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", MediaType.TEXT_HTML })
    public Response jobXlsx(@PathParam("id") String id, @Context UriInfo uri, @Context HttpHeaders headers) {
        return xlsx(finished(id, uri), pages.language(uri, headers.getCookies()).code());
    }

    @GET
    @Path("jobs/{id}/report")
    @Produces(MediaType.TEXT_HTML)
    public Response jobReport(@PathParam("id") String id, @Context UriInfo uri, @Context HttpHeaders headers) {
        return report(finished(id, uri), pages.language(uri, headers.getCookies()), uri);
    }

    private ProcurementCheck.Outcome finished(String id, UriInfo uri) {
        QueryParameters.of(uri, Set.of("lang"));
        return jobs.outcome(id, false).asProcurementCheck();
    }

    /** The result of a bid file: each line's page, small, as a data address (the page's own policy allows no other images). */
    private Response documentPage(DocumentCheck.Outcome read, DocumentJobs.Downloads downloads, Language language, UriInfo uri) {
        ProcurementCheck.Outcome outcome = read.asProcurementCheck();
        Map<DocumentCheck.PageRef, String> byPage = new LinkedHashMap<>();
        read.thumbnails().forEach(thumbnail -> byPage.put(thumbnail.at(),
                "data:image/jpeg;base64," + Base64.getEncoder().encodeToString(thumbnail.jpeg())));
        List<String> thumbnails = read.findings().stream().map(f -> byPage.get(firstPage(f.foundAt()))).toList();
        Messages words = pages.words(language.code());
        String unreadable = read.unreadable().stream().map(at -> String.valueOf(at.page()))
                .collect(Collectors.joining(words.listSeparator()));
        int pageCount = outcome.documents().stream().mapToInt(ProcurementCheck.Document::pages).sum();
        return pages.html(200, Templates.procurementDocument(language, outcome, outcome.bidDate().toString(),
                read.creditCode() == null ? "" : read.creditCode(), thumbnails, places(outcome, words),
                differences(outcome, words, language.code()), unreadable, pageCount, downloads), language, uri);
    }

    /**
     * What the report's signature covers: the date, the bid date, every line's question and answer, and the
     * log's checkpoint with, for each certificate found, its latest entry and that entry's audit path to the
     * checkpoint, so that the report can be checked offline against the log long after (docs/log-format.md).
     */
    static byte[] reportContent(ProcurementCheck.Outcome outcome, TransparencyLog.Receipts receipts, String verifierKey,
            String policy) {
        Base64.Encoder base64 = Base64.getEncoder();
        List<Map<String, Object>> lines = new ArrayList<>();
        for (int i = 0; i < outcome.checks().size(); i++) {
            VerificationService.Check c = outcome.checks().get(i);
            Map<String, Object> line = new LinkedHashMap<>();
            ProcurementCheck.Line given = outcome.lines().get(i);
            line.put("line", given.line());
            if (!given.foundAt().isEmpty()) {
                // where it was first found (all a report said while each place was a line of its own), and every place
                DocumentCheck.FoundAt first = given.foundAt().get(0);
                line.put("file", first.file());
                line.put("page", first.page());
                line.put("foundBy", first.foundBy().name());
                line.put("foundAt", given.foundAt());
                line.put("differences", given.differences());
            }
            line.put("number", c.number());
            line.put("creditCode", c.creditCode());
            line.put("verdict", c.verdict().name());
            line.put("statusOnDate", c.statusOn() == null ? null : c.statusOn().code().name());
            line.put("holderName", c.holderName());
            TransparencyLog.Receipt receipt = Boolean.TRUE.equals(c.inRegister()) ? receipts.byNumber().get(c.number()) : null;
            if (receipt != null && receipt.inLog()) {
                line.put("log", Map.of("index", receipt.index(), "entry", base64.encodeToString(receipt.entry()),
                        "proof", receipt.proof().stream().map(base64::encodeToString).toList()));
            } else if (receipt != null) {
                line.put("log", Map.of("state", NOT_YET_IN_LOG, "pendingChanges", receipt.pending()));
            }
            lines.add(line);
        }
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("type", "cert-registry procurement verification report");
        content.put("checkedAt", outcome.checkedAt().toString());
        content.put("bidDate", outcome.bidDate().toString());
        content.put("lines", lines);
        if (outcome.fromDocuments()) {
            content.put("documents", outcome.documents());
        }
        // the checkpoint with its witnesses' cosignatures, and the policy whose quorum they meet
        content.put("log", Map.of("checkpoint", receipts.checkpoint().note(), "verifierKey", verifierKey, "policy", policy));
        try {
            return CANONICAL.writeValueAsBytes(content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<List<String>> table(ProcurementCheck.Outcome outcome, String language) {
        Messages words = pages.words(language);
        List<List<String>> rows = new ArrayList<>();
        List<String> header = new ArrayList<>(List.of(words.colRow(), words.colNumber(), words.colCreditCode(), words.colVerdict(),
                words.colStatusOn(), words.colHolder(), words.colScheme(), words.colGrade(), words.colExpiry(), words.reportBidDate()));
        if (outcome.fromDocuments()) {
            header.add(1, words.colFoundAt());
            header.add(words.colDiffers());
        }
        rows.add(header);
        for (int i = 0; i < outcome.checks().size(); i++) {
            VerificationService.Check c = outcome.checks().get(i);
            ProcurementCheck.Line given = outcome.lines().get(i);
            List<String> row = new ArrayList<>(List.of(String.valueOf(given.line()), nullToEmpty(c.number()),
                    nullToEmpty(c.creditCode()), c.label().get(language), c.statusOn() == null ? "" : c.statusOn().label().get(language),
                    nullToEmpty(c.holderName()), nullToEmpty(c.scheme()), nullToEmpty(c.grade()),
                    c.expiryDate() == null ? "" : c.expiryDate().toString(), outcome.bidDate().toString()));
            if (outcome.fromDocuments()) {
                row.add(1, places(given, outcome, words));
                row.add(differences(given, words, language));
            }
            rows.add(row);
        }
        return rows;
    }

    private static DocumentCheck.PageRef firstPage(List<DocumentCheck.FoundAt> places) {
        return new DocumentCheck.PageRef(places.get(0).file(), places.get(0).page(), places.get(0).attachment());
    }

    private static List<String> places(ProcurementCheck.Outcome outcome, Messages words) {
        return outcome.lines().stream().map(line -> places(line, outcome, words)).toList();
    }

    private static List<String> differences(ProcurementCheck.Outcome outcome, Messages words, String language) {
        return outcome.lines().stream().map(line -> differences(line, words, language)).toList();
    }

    /**
     * Every place a certificate was found: "第 2 页（印刷的证书编号）、第 3 页（二维码）", with the file when there are several,
     * and "附件 certificate.pdf 第 1 页（二维码）" for a page of a PDF attached to the file.
     */
    static String places(ProcurementCheck.Line line, ProcurementCheck.Outcome outcome, Messages words) {
        boolean severalFiles = outcome.documents().size() > 1;
        return line.foundAt().stream().map(at -> {
            String how = at.foundBy() == DocumentCheck.FoundBy.QR_CODE ? words.foundByQrCode() : words.foundByPrintedNumber();
            if (at.attachment() != null) {
                return severalFiles ? words.foundAtFileAttachmentPage(at.file(), at.attachment(), at.page(), how)
                        : words.foundAtAttachmentPage(at.attachment(), at.page(), how);
            }
            return severalFiles ? words.foundAtFilePage(at.file(), at.page(), how) : words.foundAtPage(at.page(), how);
        }).collect(Collectors.joining(words.listSeparator()));
    }

    /** What the copies state otherwise than the register: "等级（证书上：五星级；登记簿：四星级）". */
    static String differences(ProcurementCheck.Line line, Messages words, String language) {
        return line.differences().stream().map(d -> words.copyDiffers(d.name().get(language), d.onCopy(), d.inRegister()))
                .collect(Collectors.joining(words.listSeparator()));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static Response download(byte[] body, String type, ProcurementCheck.Outcome outcome, String extension) {
        return Response.ok(body, type).header("Content-Disposition", "attachment; filename=\"certificate-check-"
                + outcome.bidDate() + "." + extension + "\"").build();
    }
}

package cn.certregistry.procurement;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import cn.certregistry.Api;
import cn.certregistry.Await;
import cn.certregistry.TestRegister;
import cn.certregistry.signing.CoseSign1;
import cn.certregistry.signing.KeyRing;
import cn.certregistry.signing.KeyState;
import cn.certregistry.signing.SigningKey;

/**
 * A long bid file is answered at once with a job whose reading shows its progress, on the API and on the procurement
 * page (with and without script), and ends with the same answer as the synchronous call; jobs live in the database, so
 * that a job whose server died is taken up by another server or failed, never left reading.
 */
@QuarkusTest
class DocumentJobTest {

    private static final String JOB_ADDRESS = "/api/v1/verify/document/jobs/[0-9a-f]{32}";
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A bid file of 40 pages, five of them showing a certificate's number, and the numbers by page. */
    record Bid(byte[] pdf, String bidder, Map<Integer, String> numbers) {
    }

    private static Bid bid;

    @Inject
    AgroalDataSource primary;
    @Inject
    DocumentJobs jobs;

    @BeforeEach
    void bidFile() throws Exception {
        if (bid != null) {
            return;
        }
        Api.Body body = Api.newBody("JOBS");
        String bidder = TestRegister.creditCode("440106");
        Map<Integer, String> numbers = new LinkedHashMap<>();
        for (int page : new int[] {3, 11, 19, 27, 38}) {
            Map<String, Object> certificate = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(60));
            certificate.put("holderCreditCode", bidder);
            numbers.put(page, Api.as(body).body(certificate).post("/api/v1/certificates").then().statusCode(201).extract().path("number"));
        }
        bid = new Bid(TextBidFiles.pdf(40, numbers), bidder, numbers);
    }

    /** Some ten seconds: the 40 pages are read twice, synchronously and as the job, to compare the answers. */
    @Test
    void aLongBidFileIsReadAsAJobWhoseProgressGrowsToTheSynchronousAnswer() throws Exception {
        JsonPath synchronous = Api.contractForUploads().multiPart("file", "bid.pdf", bid.pdf(), "application/pdf")
                .multiPart("on", TODAY.toString()).multiPart("creditCode", bid.bidder()).post("/api/v1/verify/document").then()
                .statusCode(200).extract().jsonPath();

        Response accepted = Api.contractForUploads().multiPart("file", "bid.pdf", bid.pdf(), "application/pdf")
                .multiPart("on", TODAY.toString()).multiPart("creditCode", bid.bidder()).queryParam("async", "true")
                .post("/api/v1/verify/document");
        accepted.then().statusCode(202).header("Location", matchesPattern(".*" + JOB_ADDRESS)).header("Cache-Control", "no-store")
                .body("state", matchesPattern("QUEUED|READING")).body("expiresAt", org.hamcrest.Matchers.notNullValue());
        String location = accepted.header("Location");

        // polled as a page would poll it: pages read grow, never past the pages known, until the answer
        List<Integer> pagesRead = new ArrayList<>();
        JsonPath done = Await.until("the job is done", () -> {
            JsonPath status = Api.contract().get(location).then().statusCode(200).header("Cache-Control", "no-store").extract()
                    .jsonPath();
            int read = status.getInt("pagesRead");
            Integer total = status.get("pagesTotal");
            assertTrue(total == null ? read == 0 : read <= total && total <= 40, "read " + read + " of " + total);
            assertTrue(pagesRead.isEmpty() || read >= pagesRead.get(pagesRead.size() - 1), "pages read went back: " + pagesRead);
            pagesRead.add(read);
            return status;
        }, status -> !status.getString("state").matches("QUEUED|READING"));
        assertEquals("DONE", done.getString("state"), done.prettify());
        assertTrue(pagesRead.stream().anyMatch(read -> read > 0 && read < 40), "progress was shown while reading: " + pagesRead);
        assertEquals(40, done.getInt("pagesRead"));
        assertEquals(40, done.getInt("pagesTotal"));
        assertEquals(5, done.getInt("certificatesFound"));
        assertEquals(findings(synchronous), findings(done.setRootPath("result")));
        assertEquals(synchronous.getString("files[0].sha256"), done.getString("files[0].sha256"));
        assertEquals(List.of(3, 11, 19, 27, 38), done.getList("certificates.page"));
        assertEquals(List.of("VALID_ON_DATE", "VALID_ON_DATE", "VALID_ON_DATE", "VALID_ON_DATE", "VALID_ON_DATE"),
                done.getList("certificates.check.verdict"));

        // the same, asked for with Prefer; what is wrong is refused before any job is made
        String preferred = Api.contractForUploads().multiPart("file", "bid.pdf", DocumentBoundsTest.blankPages(1), "application/pdf")
                .header("Prefer", "respond-async").post("/api/v1/verify/document").then().statusCode(202)
                .header("Preference-Applied", "respond-async").header("Location", matchesPattern(".*" + JOB_ADDRESS))
                .extract().header("Location");
        assertEquals("DONE", awaitOver(preferred.substring(preferred.lastIndexOf('/') + 1)).getString("state"));
        Api.contractForUploads().multiPart("file", "bid.pdf", bid.pdf(), "application/pdf").multiPart("creditCode", "123")
                .queryParam("async", "true").post("/api/v1/verify/document").then().statusCode(400)
                .body("parameter", equalTo("creditCode"));
        Api.contractForUploads().multiPart("file", "bid.pdf", bid.pdf(), "application/pdf").queryParam("async", "yes")
                .post("/api/v1/verify/document").then().statusCode(400).body("parameter", equalTo("async"));
    }

    @Test
    void aFileThatCannotBeReadFailsItsJobWithTheSynchronousProblem() {
        String location = Api.contractForUploads().multiPart("file", "bid.docx", "PK\u0003\u0004 a word file".getBytes(), "application/pdf")
                .queryParam("async", "true").post("/api/v1/verify/document").then().statusCode(202).extract().header("Location");
        JsonPath failed = Await.until("the job has failed", () -> Api.contract().get(location).then().statusCode(200).extract()
                .jsonPath(), status -> !status.getString("state").matches("QUEUED|READING"));
        assertEquals("FAILED", failed.getString("state"));
        assertEquals("/problems/unreadable-document", failed.getString("problem.type"));
        assertEquals(422, failed.getInt("problem.status"));
        assertTrue(failed.getString("problem.detail").contains("not a PDF, OFD, JPEG or PNG"), failed.prettify());
    }

    @Test
    void theBidFileFormAnswersAtOnceWithAPageThatRefreshesItselfUntilTheResult() {
        Response posted = given().redirects().follow(false).multiPart("file", "bid.pdf", bid.pdf(), "application/pdf")
                .multiPart("bidDate", TODAY.toString()).multiPart("creditCode", bid.bidder()).multiPart("format", "page")
                .post("/procurement/document");
        posted.then().statusCode(303).header("Location", matchesPattern(".*/procurement/jobs/[0-9a-f]{32}"));
        String page = posted.header("Location");

        Document reading = Jsoup.parse(given().get(page).then().statusCode(200).contentType(containsString("text/html"))
                .header("Cache-Control", "no-store").extract().asString());
        assertEquals("2", reading.select("noscript meta[http-equiv=refresh]").attr("content"), reading.head().outerHtml());
        assertTrue(reading.select("#job").attr("data-state").matches("QUEUED|READING"), reading.select("#job").outerHtml());
        assertFalse(reading.select("progress#job-progress").isEmpty(), reading.body().outerHtml());
        assertEquals("polite", reading.select("#job-counts").attr("aria-live"));
        assertTrue(reading.select("#job-counts").text().startsWith("已读页数"), reading.select("#job-counts").text());
        assertEquals("/static/job-progress.js", reading.select("script[src]").attr("src"));
        given().get("/static/job-progress.js").then().statusCode(200).body(containsString("pagesRead"));

        Document result = Await.until("the page shows the result", () -> Jsoup.parse(given().get(page).then().statusCode(200)
                .extract().asString()), html -> html.select("#job").isEmpty());
        assertTrue(result.select("noscript meta[http-equiv=refresh], meta[http-equiv=refresh]").isEmpty(), "no more refreshes");
        Map<Integer, String> shown = new LinkedHashMap<>();
        for (Element row : result.select("#verdicts tbody tr")) {
            assertEquals("VALID_ON_DATE", row.attr("data-verdict"), row.outerHtml());
            shown.put(Integer.parseInt(row.attr("data-page")), row.select("td").get(2).text());
        }
        assertEquals(bid.numbers(), shown);
        assertTrue(result.select("#summary").text().contains("共 40 页"), result.select("#summary").text());
    }

    /**
     * What an officer downloads from a finished job's page: the CSV and the workbook with the page's lines, the report
     * with its signature holding under the published keys, all from the job's kept result (its files are gone by then);
     * the API's status names the same downloads.
     */
    @Test
    void aFinishedJobsPageLinksItsCsvWorkbookAndSignedReport() throws Exception {
        Map<Integer, String> numbers = new LinkedHashMap<>(Map.of(2, bid.numbers().get(3), 4, bid.numbers().get(11)));
        String page = Api.bidFileJob(given().multiPart("file", "bid.pdf", TextBidFiles.pdf(4, numbers), "application/pdf")
                .multiPart("bidDate", TODAY.toString()).multiPart("creditCode", bid.bidder()));
        String id = page.substring(page.lastIndexOf('/') + 1);
        Document result = Jsoup.parse(given().get(page).then().statusCode(200).extract().asString());
        assertEquals(0, run("select 1 from document_job_file where job_id = '" + id + "'"), "the files are gone: nothing to read again");
        String jobPages = "/procurement/jobs/" + id;
        assertEquals(List.of(jobPages + "/result.csv", jobPages + "/result.xlsx", jobPages + "/report"),
                List.of(result.select("a#download-csv").attr("href"), result.select("a#download-xlsx").attr("href"),
                        result.select("a#report").attr("href")));
        JsonPath status = Api.contract().get("/api/v1/verify/document/jobs/" + id).then().statusCode(200).extract().jsonPath();
        assertEquals(Map.of("csv", jobPages + "/result.csv", "xlsx", jobPages + "/result.xlsx", "report", jobPages + "/report"),
                status.getMap("downloads"));

        // each line of the page is a line of the CSV and a row of the workbook: where, the number, the verdict
        List<List<String>> shown = new ArrayList<>();
        for (Element row : result.select("#verdicts tbody tr")) {
            shown.add(List.of(row.select("td.found-at").text(), row.select("td").get(2).text(), row.select("td").get(3).text()));
        }
        assertEquals(List.of("第 2 页（印刷的证书编号）", "第 4 页（印刷的证书编号）"), shown.stream().map(line -> line.get(0)).toList());
        Response csv = given().get(jobPages + "/result.csv");
        csv.then().statusCode(200).contentType(containsString("text/csv")).header("Content-Disposition", containsString(".csv"));
        List<List<String>> csvLines = csv.asString().lines().skip(1).map(line -> {
            List<String> cells = List.of(line.substring(1, line.length() - 1).split("\",\""));
            return List.of(cells.get(1), cells.get(2), cells.get(4));
        }).toList();
        assertEquals(shown, csvLines);
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook workbook = new org.apache.poi.xssf.usermodel.XSSFWorkbook(
                given().get(jobPages + "/result.xlsx").then().statusCode(200).extract().asInputStream())) {
            var sheet = workbook.getSheetAt(0);
            List<List<String>> rows = new ArrayList<>();
            for (int r = 1; r <= sheet.getLastRowNum(); r++) {
                var row = sheet.getRow(r);
                rows.add(List.of(row.getCell(1).getStringCellValue(), row.getCell(2).getStringCellValue(),
                        row.getCell(4).getStringCellValue()));
            }
            assertEquals(shown, rows);
        }

        Document report = Jsoup.parse(given().get(jobPages + "/report").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString());
        CoseSign1.Verified verified = CoseSign1.verify(Base64.getUrlDecoder().decode(report.select("#signature").text()),
                publishedKeys());
        assertTrue(verified.genuine(), verified.failure());
        JsonPath signed = JsonPath.from(new String(verified.payload(), StandardCharsets.UTF_8));
        assertEquals(JsonPath.from(report.select("#content").text()).getList("lines.number"), signed.getList("lines.number"));
        assertEquals(List.of(numbers.get(2), numbers.get(4)), signed.getList("lines.number"));
        assertEquals(List.of(2, 4), signed.getList("lines.page"));
        assertEquals(status.getString("result.files[0].sha256"), signed.getString("documents[0].sha256"));
    }

    /** A job still reading or failed has nothing to download (409, saying which); one unknown, 404: JSON or the error page. */
    @Test
    void aJobNotFinishedHasNoDownloads() throws Exception {
        String reading = insertJob("READING", "now() + interval '1 minute'", 1, "now() + interval '1 day'", null);
        String lost = insertJob("READING", "now() - interval '2 minutes'", 1, "now() + interval '1 day'", null);
        String unknown = HexFormat.of().formatHex(randomBytes(16));
        // a program names JSON among what it accepts
        String program = "application/problem+json, */*;q=0.5";
        for (String download : List.of("/result.csv", "/result.xlsx", "/report")) {
            Api.contract().accept(program).get("/procurement/jobs/" + reading + download).then().statusCode(409)
                    .contentType("application/problem+json").body("type", equalTo("/problems/conflict"))
                    .body("detail", containsString("still being read"));
            Api.contract().accept(program).get("/procurement/jobs/" + lost + download).then().statusCode(409)
                    .body("type", equalTo("/problems/conflict")).body("detail", containsString("upload the file again"));
            Api.contract().accept(program).get("/procurement/jobs/" + unknown + download).then().statusCode(404)
                    .contentType("application/problem+json").body("type", equalTo("/problems/not-found"));
            Document error = Jsoup.parse(given().accept("text/html").get("/procurement/jobs/" + reading + download).then()
                    .statusCode(409).contentType(containsString("text/html")).extract().asString());
            assertTrue(error.text().contains("still being read"), error.text());
            given().accept("text/html").get("/procurement/jobs/" + unknown + download).then().statusCode(404)
                    .contentType(containsString("text/html"));
        }
        assertFalse(Api.contract().get("/api/v1/verify/document/jobs/" + reading).then().statusCode(200).extract().jsonPath()
                .getMap("").containsKey("downloads"), "a job still reading names no downloads");
    }

    @Test
    void anUnknownOrExpiredJobIsNotFound() throws Exception {
        String unknown = HexFormat.of().formatHex(randomBytes(16));
        for (String id : List.of(unknown, "not-a-job", unknown.toUpperCase())) {
            Api.contract().get("/api/v1/verify/document/jobs/" + id).then().statusCode(404).contentType("application/problem+json")
                    .body("type", equalTo("/problems/not-found")).body("detail", containsString("kept for a day"));
        }
        given().accept("text/html").get("/procurement/jobs/" + unknown).then().statusCode(404);

        String expired = insertJob("DONE", "now() - interval '1 minute'", 1, "now() - interval '2 days'", null);
        Api.contract().get("/api/v1/verify/document/jobs/" + expired).then().statusCode(404);
        given().accept("text/html").get("/procurement/jobs/" + expired).then().statusCode(404);
        assertTrue(exists(expired));
        jobs.expire();
        assertFalse(exists(expired), "an expired job is deleted");
    }

    @Test
    void aJobWhoseServerDiedIsTakenUpOrFailedNeverLeftReading() throws Exception {
        Map<Integer, String> one = Map.of(2, bid.numbers().get(3));
        // its server fell silent ten seconds ago, mid-reading: another server reads it again from its stored bytes
        String silent = insertJob("READING", "now() - interval '10 seconds'", 1, "now() + interval '1 day'", TextBidFiles.pdf(3, one));
        JsonPath taken = awaitOver(silent);
        assertEquals("DONE", taken.getString("state"), taken.prettify());
        assertEquals(List.of(2), taken.getList("result.certificates.page"));
        assertEquals(bid.numbers().get(3), taken.getString("result.certificates[0].check.number"));
        assertNotEquals("gone/1", server(silent), "taken up by a live server");
        assertEquals(0, run("select 1 from document_job_file where job_id = '" + silent + "'"), "its files deleted once done");

        // silent for longer than any server would wait: failed with the problem that says to upload it again
        String lost = insertJob("READING", "now() - interval '2 minutes'", 1, "now() + interval '1 day'", TextBidFiles.pdf(3, one));
        JsonPath lostStatus = Api.contract().get("/api/v1/verify/document/jobs/" + lost).then().statusCode(200).extract().jsonPath();
        assertEquals("FAILED", lostStatus.getString("state"));
        assertEquals("/problems/unavailable", lostStatus.getString("problem.type"));
        assertTrue(lostStatus.getString("problem.detail").contains("upload the file again"), lostStatus.prettify());
        Document page = Jsoup.parse(given().get("/procurement/jobs/" + lost).then().statusCode(200).extract().asString());
        assertTrue(page.select("#problem").text().contains("upload the file again"), page.body().outerHtml());
        assertTrue(page.select("meta[http-equiv=refresh]").isEmpty(), "a failed job's page does not refresh");

        // taken up and lost too often: failed rather than read again
        String again = insertJob("READING", "now() - interval '10 seconds'", DocumentJobs.MAX_ATTEMPTS, "now() + interval '1 day'",
                TextBidFiles.pdf(3, one));
        JsonPath failed = awaitOver(again);
        assertEquals("FAILED", failed.getString("state"), failed.prettify());
        assertTrue(failed.getString("problem.detail").contains("stopped " + DocumentJobs.MAX_ATTEMPTS + " times"), failed.prettify());
    }

    /** The register's published signing keys, as a verifier fetches them. */
    private static KeyRing publishedKeys() {
        List<SigningKey> keys = new ArrayList<>();
        for (Map<String, Object> jwk : given().get("/.well-known/jwks.json").then().statusCode(200).extract().jsonPath()
                .<Map<String, Object>>getList("keys")) {
            keys.add(SigningKey.publicOnly((String) jwk.get("kid"), KeyState.valueOf(((String) jwk.get("state")).toUpperCase()),
                    Base64.getUrlDecoder().decode((String) jwk.get("x"))));
        }
        return new KeyRing(keys);
    }

    private static JsonPath awaitOver(String id) {
        return Await.until("job " + id + " is over", () -> Api.contract().get("/api/v1/verify/document/jobs/" + id).then()
                .statusCode(200).extract().jsonPath(), status -> !status.getString("state").matches("QUEUED|READING"));
    }

    private static List<String> findings(JsonPath answer) {
        List<String> findings = new ArrayList<>();
        for (Map<String, Object> certificate : answer.<Map<String, Object>>getList("certificates")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> check = (Map<String, Object>) certificate.get("check");
            findings.add(certificate.get("file") + ":" + certificate.get("page") + " " + certificate.get("foundBy") + " "
                    + check.get("number") + " " + check.get("verdict") + " " + check.get("holderMatches"));
        }
        return findings;
    }

    /** A job row as a server that died left it, with its file; its id. */
    private String insertJob(String state, String heartbeat, int attempts, String expiresAt, byte[] file) throws Exception {
        String id = HexFormat.of().formatHex(randomBytes(16));
        try (Connection connection = primary.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement("insert into document_job (id, state, bid_date, server,"
                    + " heartbeat, attempts, created_at, expires_at, result) values (?, ?, ?, 'gone/1', " + heartbeat + ", ?, now(), "
                    + expiresAt + ", ?::jsonb)")) {
                insert.setString(1, id);
                insert.setString(2, state);
                insert.setObject(3, TODAY);
                insert.setInt(4, attempts);
                insert.setString(5, state.equals("DONE") ? "{}" : null);
                insert.executeUpdate();
            }
            if (file != null) {
                try (PreparedStatement insert = connection.prepareStatement("insert into document_job_file (job_id, position, name,"
                        + " bytes) values (?, 0, 'bid.pdf', ?)")) {
                    insert.setString(1, id);
                    insert.setBytes(2, file);
                    insert.executeUpdate();
                }
            }
        }
        return id;
    }

    private boolean exists(String id) {
        return run("select 1 from document_job where id = '" + id + "'") > 0;
    }

    private String server(String id) throws Exception {
        try (Connection connection = primary.getConnection();
                ResultSet row = connection.createStatement().executeQuery("select server from document_job where id = '" + id + "'")) {
            return row.next() ? row.getString(1) : null;
        }
    }

    /** Rows a query returns, or a statement changes. */
    private int run(String sql) {
        try (Connection connection = primary.getConnection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            if (statement.execute()) {
                int rows = 0;
                try (ResultSet result = statement.getResultSet()) {
                    while (result.next()) {
                        rows++;
                    }
                }
                return rows;
            }
            return statement.getUpdateCount();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] randomBytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

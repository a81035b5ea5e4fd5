package cn.certregistry.document;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;
import cn.certregistry.document.BidFiles.Copy;
import cn.certregistry.procurement.TextBidFiles;

/**
 * A realistic bid file: 30 pages, 8 of them copies of certificates made by printing the register's own certificate pages
 * to PDF with headless Chromium, pasted straight, rotated, scaled down, upside down, photographed or with the QR code
 * blotted out; every certificate is found on its page with the verdict the procurement check gives.
 */
@QuarkusTest
@EnabledIf("chromiumInstalled")
class BidFileTest {

    @TestHTTPResource("/")
    URL base;

    static boolean chromiumInstalled() {
        return new java.io.File("/usr/bin/chromium").canExecute();
    }

    record Expected(int page, String number, String foundBy, String verdict) {
    }

    /** The bid file, its bidder and its certificates by page: made once, for each test. */
    record Bid(byte[] pdf, String bidder, Map<Integer, String> numbers) {
    }

    private static Bid bid;

    @Test
    void everyCertificateOfABidFileIsFoundOnItsPageWithItsVerdict() throws Exception {
        Bid made = bid();
        long started = System.nanoTime();
        JsonPath answer = Api.contractForUploads().multiPart("file", "bid.pdf", made.pdf(), "application/pdf").multiPart("on", TODAY.toString())
                .multiPart("creditCode", made.bidder()).post("/api/v1/verify/document").then().statusCode(200).extract().jsonPath();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("A bid file of 30 pages (%d bytes) checked in %.2f s: %.1f pages/s%n", made.pdf().length, seconds,
                30 / seconds);

        assertEquals(30, answer.getInt("files[0].pages"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(made.pdf())),
                answer.getString("files[0].sha256"));
        List<Expected> found = new ArrayList<>();
        for (Map<String, Object> certificate : answer.<Map<String, Object>>getList("certificates")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> check = (Map<String, Object>) certificate.get("check");
            found.add(new Expected((Integer) certificate.get("page"), (String) check.get("number"), (String) certificate.get("foundBy"),
                    (String) check.get("verdict")));
        }
        assertEquals(expected(made), found, answer.prettify());
        System.out.println("Pages with an unreadable code-like mark: " + answer.getList("unreadablePages"));
    }

    /** The page, its CSV and its signed report are one job's: the file is read once for the three. */
    @Test
    void theProcurementPageShowsEachCopyBesideItsVerdictAndDownloadsThemWithTheirPages() throws Exception {
        Bid made = bid();
        Job job = job(made.pdf(), made.bidder());
        Document html = job.page();
        List<Expected> shown = new ArrayList<>();
        for (Element row : html.select("#verdicts tbody tr")) {
            assertTrue(row.select("img.thumbnail").attr("src").startsWith("data:image/jpeg;base64,"), row.outerHtml());
            shown.add(new Expected(Integer.parseInt(row.attr("data-page")), row.select("td").get(2).text(),
                    row.select("td.found-at").text(), row.attr("data-verdict")));
        }
        List<Expected> expected = expected(made).stream().map(e -> new Expected(e.page(), e.number(),
                "第 " + e.page() + " 页（" + (e.foundBy().equals("QR_CODE") ? "二维码" : "印刷的证书编号") + "）", e.verdict())).toList();
        assertEquals(expected, shown);
        assertTrue(html.select("#summary").text().contains("共 30 页"), html.select("#summary").text());

        List<String> csv = job.download("result.csv").lines().toList();
        assertTrue(csv.get(0).contains("发现位置"), csv.get(0));
        String blotted = "\"7\",\"第 21 页（印刷的证书编号）\",\"" + made.numbers().get(21) + "\",";
        assertTrue(csv.stream().anyMatch(line -> line.startsWith(blotted)), String.join("\n", csv));

        JsonPath content = job.report();
        assertEquals(21, content.getInt("lines[6].page"));
        assertEquals("PRINTED_NUMBER", content.getString("lines[6].foundBy"));
        assertEquals(List.of(Map.of("file", 1, "page", 21, "foundBy", "PRINTED_NUMBER")), content.getList("lines[6].foundAt"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(made.pdf())),
                content.getString("documents[0].sha256"));
    }

    /**
     * The same bid file checked without the bidder's credit code: no line and no summary says a certificate is the bidder's,
     * and each line names its holder; with another organisation's code every certificate is another's.
     */
    @Test
    void withoutTheBiddersCreditCodeNoCertificateIsCalledTheBiddersAndEachLineNamesItsHolder() throws Exception {
        Bid made = bid();
        Job job = job(made.pdf(), null);
        JsonPath answer = job.result();
        List<Map<String, Object>> checks = answer.getList("certificates.check");
        assertEquals(8, checks.size(), answer.prettify());
        for (Map<String, Object> check : checks) {
            String label = ((Map<?, ?>) check.get("label")).get("zh").toString();
            assertFalse(label.contains("属于该投标人"), label);
            assertNull(check.get("holderMatches"));
            String holder = (String) check.get("holderName");
            assertTrue(holder != null && !holder.isBlank(), check.toString());
            if (!"NOT_VALID_ON_DATE".equals(check.get("verdict"))) {
                assertEquals("VALID_ON_DATE_HOLDER_NOT_CHECKED", check.get("verdict"));
                assertTrue(label.endsWith("（持证组织：" + holder + "）"), label);
            }
        }

        Document html = job.page();
        String summary = html.select("#summary").text();
        assertTrue(summary.contains("其中 7 张在投标截止日有效，持证组织未核对"), summary);
        assertFalse(html.select("main").text().contains("属于该投标人"), html.select("main").text());
        for (Element row : html.select("#verdicts tbody tr")) {
            assertFalse(row.select("td").get(5).text().isBlank(), row.outerHtml());
        }
        String csv = job.download("result.csv");
        assertFalse(csv.contains("属于该投标人"), csv);
        assertEquals(7, csv.lines().filter(line -> line.contains("未核对持证组织是否为该投标人（持证组织：")).count(), csv);

        // with another organisation's code every one of the bid's certificates is another's: the same eight numbers, as
        // printed on pages of text, need no second reading of the 30 pages to show it
        Map<Integer, String> printed = new LinkedHashMap<>();
        made.numbers().values().forEach(number -> printed.put(printed.size() + 1, number));
        List<String> another = Api.contractForUploads().multiPart("file", "bid.pdf", TextBidFiles.pdf(8, printed), "application/pdf")
                .multiPart("on", TODAY.toString()).multiPart("creditCode", TestRegister.creditCode("440106"))
                .post("/api/v1/verify/document").then().statusCode(200).extract().jsonPath().getList("certificates.check.verdict");
        assertEquals(java.util.Collections.nCopies(8, "HOLDER_MISMATCH"), another);
    }

    /**
     * One certificate printed on page 2 (its code blotted out), pasted whole on page 3 and again, turned, on page 4 is one
     * line with the three places; the register's own printed pages state nothing otherwise than the register.
     */
    @Test
    void aCertificateFoundOnSeveralPagesIsOneLineWithEveryPlace() throws Exception {
        Api.Body body = Api.newBody("BIDS");
        String bidder = TestRegister.creditCode("440106");
        String number = issue(body, bidder);
        byte[] printed = BidFiles.print(base + "certificates/" + number);
        BidFiles file = new BidFiles();
        file.textPage("Bid document of the bidder " + bidder + ", page 1");
        file.certificatePage(printed, Copy.QR_BLOTTED);
        file.certificatePage(printed, Copy.STRAIGHT);
        file.certificatePage(printed, Copy.ROTATED_90);
        Job job = job(file.bytes(), bidder);

        JsonPath answer = job.result();
        assertEquals(1, answer.getList("certificates").size(), answer.prettify());
        assertEquals(number, answer.getString("certificates[0].check.number"));
        assertEquals("VALID_ON_DATE", answer.getString("certificates[0].check.verdict"));
        assertEquals(List.of(Map.of("file", 1, "page", 2, "foundBy", "PRINTED_NUMBER"), Map.of("file", 1, "page", 3, "foundBy", "QR_CODE"),
                Map.of("file", 1, "page", 4, "foundBy", "QR_CODE")), answer.getList("certificates[0].foundAt"));
        assertEquals(List.of(), answer.getList("certificates[0].differences"));

        String places = "第 2 页（印刷的证书编号）、第 3 页（二维码）、第 4 页（二维码）";
        assertEquals(List.of(places), job.page().select("#verdicts tbody td.found-at").eachText());
        List<String> csv = job.download("result.csv").lines().toList();
        assertEquals(2, csv.size(), String.join("\n", csv));
        assertTrue(csv.get(1).startsWith("\"1\",\"" + places + "\",\"" + number + "\","), csv.get(1));
        assertEquals(3, job.report().getList("lines[0].foundAt").size());
    }

    /** A bidder's retyped copy that states an old grade and another holder: its line names both, with both values. */
    @Test
    void aCopyThatStatesAnotherGradeAndHolderNamesBoth() throws Exception {
        Api.Body body = Api.newBody("BIDC");
        String bidder = TestRegister.creditCode("440106");
        Map<String, Object> certificate = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(60));
        certificate.put("holderCreditCode", bidder);
        String number = as(body).body(certificate).post("/api/v1/certificates").then().statusCode(201).extract().path("number");
        String copy = "<!doctype html><meta charset=utf-8><body style='font-size:16pt'><h1>售后服务认证证书</h1>"
                + "<p>证书编号：" + number + "</p><p>持证单位：深圳另一家电器有限公司</p><p>认证等级：五星级</p>"
                + "<p>有效期至：" + certificate.get("expiryDate") + "</p></body>";
        java.nio.file.Path html = java.nio.file.Files.createTempFile("copy", ".html");
        java.nio.file.Files.writeString(html, copy);
        BidFiles file = new BidFiles();
        file.textPage("Bid document of the bidder " + bidder + ", page 1");
        file.printedPage(BidFiles.print(html.toUri().toString()));
        java.nio.file.Files.delete(html);
        Job job = job(file.bytes(), bidder);

        JsonPath answer = job.result();
        assertEquals(number, answer.getString("certificates[0].check.number"), answer.prettify());
        assertEquals(List.of(Map.of("fact", "GRADE", "name", Map.of("zh", "等级", "en", "grade"), "onCopy", "五星级", "inRegister", "四星级",
                "file", 1, "page", 2), Map.of("fact", "HOLDER_NAME", "name", Map.of("zh", "持证组织", "en", "holder"), "onCopy",
                "深圳另一家电器有限公司", "inRegister", "广州接口测试电器有限公司", "file", 1, "page", 2)),
                answer.getList("certificates[0].differences"));

        Document page = job.page();
        assertEquals("等级（证书上：五星级；登记簿：四星级）、持证组织（证书上：深圳另一家电器有限公司；登记簿：广州接口测试电器有限公司）",
                page.select("#verdicts tbody td.differs").text());
        assertTrue(page.select("#summary").text().contains("1 张证书的复印件所载信息与登记簿不符"), page.select("#summary").text());
        String csv = job.download("result.csv");
        assertTrue(csv.contains("\"等级（证书上：五星级；登记簿：四星级）、持证组织（证书上：深圳另一家电器有限公司；登记簿：广州接口测试电器有限公司）\""), csv);
    }

    /**
     * A bid file read as a job, uploaded by the procurement page's form: its page once read, and from the job (never
     * reading the file again) its answer as the API gives it and its downloads.
     */
    record Job(String id, Document page) {

        JsonPath result() {
            return Api.contract().get("/api/v1/verify/document/jobs/" + id).then().statusCode(200).extract().jsonPath()
                    .setRootPath("result");
        }

        String download(String name) {
            return given().get("/procurement/jobs/" + id + "/" + name).then().statusCode(200).extract().asString();
        }

        /** The signed content of the job's report. */
        JsonPath report() {
            return JsonPath.from(Jsoup.parse(download("report")).select("#content").text());
        }
    }

    private static Job job(byte[] pdf, String creditCode) {
        var form = given().multiPart("file", "bid.pdf", pdf, "application/pdf").multiPart("bidDate", TODAY.toString());
        String address = Api.bidFileJob(creditCode == null ? form : form.multiPart("creditCode", creditCode));
        return new Job(address.substring(address.lastIndexOf('/') + 1),
                Jsoup.parse(given().get(address).then().statusCode(200).extract().asString()));
    }

    private static List<Expected> expected(Bid made) {
        List<Expected> expected = new ArrayList<>();
        for (int page : copies().keySet()) {
            String verdict = page == 12 ? "NOT_VALID_ON_DATE" : page == 15 ? "HOLDER_MISMATCH" : "VALID_ON_DATE";
            expected.add(new Expected(page, made.numbers().get(page), page == 21 ? "PRINTED_NUMBER" : "QR_CODE", verdict));
        }
        return expected;
    }

    private static Map<Integer, Copy> copies() {
        Map<Integer, Copy> copies = new LinkedHashMap<>();
        copies.put(3, Copy.STRAIGHT);
        copies.put(6, Copy.ROTATED_90);
        copies.put(9, Copy.SCALED_60);
        copies.put(12, Copy.STRAIGHT); // suspended before the bid date
        copies.put(15, Copy.STRAIGHT); // another organisation's
        copies.put(18, Copy.PHOTO);
        copies.put(21, Copy.QR_BLOTTED);
        copies.put(24, Copy.UPSIDE_DOWN_SCALED_70);
        return copies;
    }

    private Bid bid() throws Exception {
        if (bid != null) {
            return bid;
        }
        Api.Body body = Api.newBody("BIDF");
        String bidder = TestRegister.creditCode("440106");
        Map<Integer, Copy> copies = copies();
        Map<Integer, String> numbers = new LinkedHashMap<>();
        for (int page : copies.keySet()) {
            numbers.put(page, issue(body, page == 15 ? TestRegister.creditCode("440106") : bidder));
        }
        as(body).body(Api.event("SUSPENDED", TODAY.minusDays(10), "未按期接受年度监督审核"))
                .post("/api/v1/certificates/" + numbers.get(12) + "/events").then().statusCode(201);
        BidFiles file = new BidFiles();
        for (int page = 1; page <= 30; page++) {
            if (copies.containsKey(page)) {
                file.certificatePage(BidFiles.print(base + "certificates/" + numbers.get(page)), copies.get(page));
            } else {
                file.textPage("Bid document of the bidder " + bidder + ", page " + page);
            }
        }
        bid = new Bid(file.bytes(), bidder, numbers);
        return bid;
    }

    private static String issue(Api.Body body, String creditCode) {
        Map<String, Object> certificate = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(60));
        certificate.put("holderCreditCode", creditCode);
        return as(body).body(certificate).post("/api/v1/certificates").then().statusCode(201).extract().path("number");
    }
}

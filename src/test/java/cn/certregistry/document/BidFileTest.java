package cn.certregistry.document;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import cn.certregistry.Await;
import cn.certregistry.TestRegister;
import cn.certregistry.document.BidFiles.Copy;

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

    @Test
    void theProcurementPageShowsEachCopyBesideItsVerdictAndDownloadsThemWithTheirPages() throws Exception {
        Bid made = bid();
        // the form answers at once with the job's page, which shows the result once the file is read
        String job = given().redirects().follow(false).multiPart("file", "bid.pdf", made.pdf(), "application/pdf")
                .multiPart("bidDate", TODAY.toString()).multiPart("creditCode", made.bidder()).multiPart("format", "page")
                .post("/procurement/document").then().statusCode(303).extract().header("Location");
        Document html = Await.until("the bid file's page shows its result", () -> Jsoup.parse(given().get(job).then().statusCode(200)
                .contentType(containsString("text/html")).extract().asString()), page -> page.select("#job").isEmpty());
        List<Expected> shown = new ArrayList<>();
        for (Element row : html.select("#verdicts tbody tr")) {
            assertTrue(row.select("img.thumbnail").attr("src").startsWith("data:image/jpeg;base64,"), row.outerHtml());
            shown.add(new Expected(Integer.parseInt(row.attr("data-page")), row.select("td").get(3).text(),
                    row.select("td").get(2).text(), row.attr("data-verdict")));
        }
        List<Expected> expected = expected(made).stream().map(e -> new Expected(e.page(), e.number(),
                e.foundBy().equals("QR_CODE") ? "二维码" : "印刷的证书编号", e.verdict())).toList();
        assertEquals(expected, shown);
        assertTrue(html.select("#summary").text().contains("共 30 页"), html.select("#summary").text());

        List<String> csv = upload(made, "csv").contentType(containsString("text/csv")).extract().asString().lines().toList();
        assertTrue(csv.get(0).contains("页码"), csv.get(0));
        String blotted = "\"7\",\"21\",\"印刷的证书编号\",\"" + made.numbers().get(21) + "\",";
        assertTrue(csv.stream().anyMatch(line -> line.startsWith(blotted)), String.join("\n", csv));

        String report = Jsoup.parse(upload(made, "report").extract().asString()).select("#content").text();
        JsonPath content = JsonPath.from(report);
        assertEquals(21, content.getInt("lines[6].page"));
        assertEquals("PRINTED_NUMBER", content.getString("lines[6].foundBy"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(made.pdf())),
                content.getString("documents[0].sha256"));
    }

    private static io.restassured.response.ValidatableResponse upload(Bid made, String format) {
        return given().multiPart("file", "bid.pdf", made.pdf(), "application/pdf").multiPart("bidDate", TODAY.toString())
                .multiPart("creditCode", made.bidder()).multiPart("format", format).post("/procurement/document").then().statusCode(200);
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

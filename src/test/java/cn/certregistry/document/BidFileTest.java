package cn.certregistry.document;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URL;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import cn.certregistry.Api;
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

    @Test
    void everyCertificateOfABidFileIsFoundOnItsPageWithItsVerdict() throws Exception {
        Api.Body body = Api.newBody("BIDF");
        String bidder = TestRegister.creditCode("440106");
        Map<Integer, Copy> copies = new LinkedHashMap<>();
        copies.put(3, Copy.STRAIGHT);
        copies.put(6, Copy.ROTATED_90);
        copies.put(9, Copy.SCALED_60);
        copies.put(12, Copy.STRAIGHT); // suspended before the bid date
        copies.put(15, Copy.STRAIGHT); // another organisation's
        copies.put(18, Copy.PHOTO);
        copies.put(21, Copy.QR_BLOTTED);
        copies.put(24, Copy.UPSIDE_DOWN_SCALED_70);
        Map<Integer, String> numbers = new LinkedHashMap<>();
        for (int page : copies.keySet()) {
            numbers.put(page, issue(body, page == 15 ? TestRegister.creditCode("440106") : bidder));
        }
        as(body).body(Api.event("SUSPENDED", TODAY.minusDays(10), "未按期接受年度监督审核"))
                .post("/api/v1/certificates/" + numbers.get(12) + "/events").then().statusCode(201);

        BidFiles bid = new BidFiles();
        for (int page = 1; page <= 30; page++) {
            if (copies.containsKey(page)) {
                bid.certificatePage(BidFiles.print(base + "certificates/" + numbers.get(page)), copies.get(page));
            } else {
                bid.textPage("Bid document of the bidder " + bidder + ", page " + page);
            }
        }
        byte[] pdf = bid.bytes();

        long started = System.nanoTime();
        JsonPath answer = given().multiPart("file", "bid.pdf", pdf, "application/pdf").multiPart("on", TODAY.toString())
                .multiPart("creditCode", bidder).post("/api/v1/verify/document").then().statusCode(200).extract().jsonPath();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("A bid file of 30 pages (%d bytes) checked in %.2f s: %.1f pages/s%n", pdf.length, seconds, 30 / seconds);

        assertEquals(30, answer.getInt("files[0].pages"));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(pdf)), answer.getString("files[0].sha256"));
        List<Expected> expected = new ArrayList<>();
        for (int page : copies.keySet()) {
            String verdict = page == 12 ? "NOT_VALID_ON_DATE" : page == 15 ? "HOLDER_MISMATCH" : "VALID_ON_DATE";
            expected.add(new Expected(page, numbers.get(page), page == 21 ? "PRINTED_NUMBER" : "QR_CODE", verdict));
        }
        List<Expected> found = new ArrayList<>();
        for (Map<String, Object> certificate : answer.<Map<String, Object>>getList("certificates")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> check = (Map<String, Object>) certificate.get("check");
            found.add(new Expected((Integer) certificate.get("page"), (String) check.get("number"), (String) certificate.get("foundBy"),
                    (String) check.get("verdict")));
        }
        assertEquals(expected, found, answer.prettify());
        System.out.println("Pages with an unreadable code-like mark: " + answer.getList("unreadablePages"));
    }

    private static String issue(Api.Body body, String creditCode) {
        Map<String, Object> certificate = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(60));
        certificate.put("holderCreditCode", creditCode);
        return as(body).body(certificate).post("/api/v1/certificates").then().statusCode(201).extract().path("number");
    }
}

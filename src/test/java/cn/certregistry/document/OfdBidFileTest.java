package cn.certregistry.document;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

import cn.certregistry.Api;
import cn.certregistry.Await;
import cn.certregistry.TestRegister;
import cn.certregistry.procurement.TextBidFiles;

/**
 * OFD bid files (GB/T 33190), made here as a zip of XML, read as PDFs are: certificate copies as the register's own QR
 * code (straight, turned a quarter and shrunk, turned 30° and shrunk) and as a printed number, each found on its page
 * with its verdict; a PDF, an OFD and a photo in one request; and hostile OFDs refused with the problem that names why.
 */
@QuarkusTest
class OfdBidFileTest {

    record Found(int file, int page, String number, String foundBy, String verdict) {
    }

    @Test
    void everyCertificateOfAnOfdBidFileIsFoundOnItsPageWithItsVerdict() throws Exception {
        Api.Body body = Api.newBody("OFD");
        String bidder = TestRegister.creditCode("440106");
        String straight = issue(body, bidder);
        String quarterTurned = issue(body, bidder);
        String printed = issue(body, bidder);
        String turned30 = issue(body, bidder);
        as(body).body(Api.event("SUSPENDED", TODAY.minusDays(10), "未按期接受年度监督审核"))
                .post("/api/v1/certificates/" + printed + "/events").then().statusCode(201);
        byte[] ofd = new OfdFiles().textPage("投标文件 Bid document of " + bidder, "第一章 投标函")
                .imagePage("证书编号 " + straight, qr(straight), 60, 60, 80, 0)
                .textPage("第二章 商务条款", "Commercial terms")
                .imagePage("证书编号 " + quarterTurned, qr(quarterTurned), 40, 80, 50, 90)
                .textPage("售后服务认证证书复印件", "证书编号：" + printed, "认证机构 " + body.code())
                .imagePage("证书编号 " + turned30, qr(turned30), 50, 90, 60, 30).bytes();

        JsonPath answer = Api.contractForUploads().multiPart("file", "bid.ofd", ofd, "application/ofd").multiPart("on", TODAY.toString())
                .multiPart("creditCode", bidder).post("/api/v1/verify/document").then().statusCode(200).extract().jsonPath();

        assertEquals(6, answer.getInt("files[0].pages"));
        assertEquals(List.of(new Found(1, 2, straight, "QR_CODE", "VALID_ON_DATE"),
                new Found(1, 4, quarterTurned, "QR_CODE", "VALID_ON_DATE"),
                new Found(1, 5, printed, "PRINTED_NUMBER", "NOT_VALID_ON_DATE"),
                new Found(1, 6, turned30, "QR_CODE", "VALID_ON_DATE")), found(answer), answer.prettify());
        assertEquals(List.of(), answer.getList("unreadablePages"));
    }

    @Test
    void aPdfAnOfdAndAPhotoAreCheckedInOneRequestOnTheApiAndThePage() throws Exception {
        Api.Body body = Api.newBody("MIXED");
        String bidder = TestRegister.creditCode("440106");
        String inPdf = issue(body, bidder);
        String inOfd = issue(body, bidder);
        String inPhoto = issue(body, bidder);
        byte[] pdf = pdf("Certificate copy, No. " + inPdf);
        byte[] ofd = new OfdFiles().textPage("投标文件").imagePage("证书", qr(inOfd), 50, 70, 70, 0).bytes();
        byte[] png = qr(inPhoto);

        // read once, as a job: its answer on the API, then its page
        String status = Api.contractForUploads().multiPart("file", "bid.pdf", pdf, "application/pdf")
                .multiPart("file", "bid.ofd", ofd, "application/ofd").multiPart("file", "photo.png", png, "image/png")
                .multiPart("on", TODAY.toString()).multiPart("creditCode", bidder).queryParam("async", "true")
                .post("/api/v1/verify/document").then().statusCode(202).extract().header("Location");
        JsonPath job = Await.until("the three files are read", () -> Api.contract().get(status).then().statusCode(200).extract()
                .jsonPath(), read -> !read.getString("state").matches("QUEUED|READING"));
        assertEquals("DONE", job.getString("state"), job.prettify());
        JsonPath answer = job.setRootPath("result");
        assertEquals(List.of(1, 2, 1), answer.getList("files.pages"));
        List<Found> expected = List.of(new Found(1, 1, inPdf, "PRINTED_NUMBER", "VALID_ON_DATE"),
                new Found(2, 2, inOfd, "QR_CODE", "VALID_ON_DATE"), new Found(3, 1, inPhoto, "QR_CODE", "VALID_ON_DATE"));
        assertEquals(expected, found(answer), answer.prettify());

        String form = given().get("/procurement").then().statusCode(200).extract().asString();
        Element input = Jsoup.parse(form).selectFirst("input#document");
        assertTrue(input.attr("accept").contains(".ofd"), input.outerHtml());
        assertTrue(Jsoup.parse(form).select("label[for=document]").text().contains("PDF、OFD、JPEG 或 PNG"), form);

        String page = given().get("/procurement/jobs/" + status.substring(status.lastIndexOf('/') + 1)).then().statusCode(200)
                .extract().asString();
        List<String> rows = new ArrayList<>();
        for (Element row : Jsoup.parse(page).select("#verdicts tbody tr")) {
            assertTrue(row.select("img.thumbnail").attr("src").startsWith("data:image/jpeg;base64,"), row.outerHtml());
            rows.add(row.select("td.found-at").text() + " " + row.select("td").get(2).text() + " " + row.attr("data-verdict"));
        }
        assertEquals(List.of("文件 1 第 1 页（印刷的证书编号） " + inPdf + " VALID_ON_DATE", "文件 2 第 2 页（二维码） " + inOfd + " VALID_ON_DATE",
                "文件 3 第 1 页（二维码） " + inPhoto + " VALID_ON_DATE"), rows, page);
    }

    /** 300 MiB of zeros, some 300 KB deflated. */
    private static byte[] bomb;

    private static byte[] bomb() {
        if (bomb == null) {
            bomb = OfdFiles.deflatedZeros(300L << 20);
        }
        return bomb;
    }

    @Test
    void aZipBombThatDeclaresItsSizeIsRefusedBeforeItInflates() throws Exception {
        OfdFiles.ZipWriter honest = writer(minimal(1)).add("Doc_0/Res/image_1.png", bomb(), 300L << 20, 0);
        refused(post(honest.finish()), 413, "/problems/content-too-large", "declares 314572800 bytes inflated; at most 67108864");
    }

    @Test
    void aZipBombThatHidesItsSizeIsRefusedAsItInflates() throws Exception {
        OfdFiles.ZipWriter lying = writer(minimal(1)).add("Doc_0/Res/image_1.png", bomb(), 1_000_000, 0);
        refused(post(lying.finish()), 413, "/problems/content-too-large",
                "image_1.png inflates past the 1000000 bytes its header declares (a zip bomb)");
    }

    @Test
    void xmlNestedTenThousandDeepIsRefused() throws Exception {
        Map<String, byte[]> ofd = minimal(1);
        String deep = "<ofd:PageBlock>".repeat(10_000) + "</ofd:PageBlock>".repeat(10_000);
        ofd.put("Doc_0/Pages/Page_0/Content.xml", OfdFiles.xml(OfdFiles.layer(deep)));
        refused(post(OfdFiles.zip(ofd)), 422, "/problems/unreadable-document",
                "Doc_0/Pages/Page_0/Content.xml nests elements deeper than 64");
    }

    @Test
    void entityExpansionIsRefused() throws Exception {
        StringBuilder laughs = new StringBuilder("<!DOCTYPE ofd:Document [<!ENTITY lol \"lol\">");
        laughs.append("<!ENTITY lol1 \"").append("&lol;".repeat(10)).append("\">");
        for (int i = 2; i <= 9; i++) {
            laughs.append("<!ENTITY lol").append(i).append(" \"").append(("&lol" + (i - 1) + ";").repeat(10)).append("\">");
        }
        laughs.append("]>");
        Map<String, byte[]> billion = minimal(1);
        billion.put("Doc_0/Document.xml", OfdFiles.xml(laughs + OfdFiles.document(1).replace("<ofd:MaxUnitID>1",
                "<ofd:MaxUnitID>&lol9;")));
        refused(post(OfdFiles.zip(billion)), 422, "/problems/unreadable-document",
                "Doc_0/Document.xml declares a DOCTYPE (entities, external references)");
    }

    @Test
    void anExternalEntityIsRefused() throws Exception {
        Map<String, byte[]> external = minimal(1);
        external.put("OFD.xml", OfdFiles.xml("<!DOCTYPE ofd:OFD [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>"
                + OfdFiles.ofd().replace("<ofd:DocID>bid", "<ofd:DocID>&secret;")));
        refused(post(OfdFiles.zip(external)), 422, "/problems/unreadable-document", "OFD.xml declares a DOCTYPE");
    }

    @Test
    void tenThousandPagesDeclaredAreRefusedBeforeAnyIsRead() throws Exception {
        Map<String, byte[]> ofd = minimal(1);
        ofd.put("Doc_0/Document.xml", OfdFiles.xml(OfdFiles.document(10_000)));
        refused(post(OfdFiles.zip(ofd)), 413, "/problems/content-too-large", "The OFD has 10000 pages; at most 300 are read");
    }

    @Test
    void pathsThatClimbOutOfThePackageAreRefused() throws Exception {
        Map<String, byte[]> entry = minimal(1);
        entry.put("../../tmp/evil.xml", OfdFiles.xml("<evil/>"));
        refused(post(OfdFiles.zip(entry)), 422, "/problems/unreadable-document",
                "entry ../../tmp/evil.xml is named by a path that climbs out of the package");

        Map<String, byte[]> absolute = minimal(1);
        absolute.put("/etc/evil.xml", OfdFiles.xml("<evil/>"));
        refused(post(OfdFiles.zip(absolute)), 422, "/problems/unreadable-document", "entry /etc/evil.xml is named by an absolute path");

        Map<String, byte[]> reference = minimal(1);
        reference.put("Doc_0/Document.xml", OfdFiles.xml(OfdFiles.document(1).replace("BaseLoc=\"Pages/Page_0/Content.xml\"",
                "BaseLoc=\"../../../etc/passwd\"")));
        refused(post(OfdFiles.zip(reference)), 422, "/problems/unreadable-document", "climbs out of the package");
    }

    /** The smallest OFD: a blank page. */
    private static Map<String, byte[]> minimal(int pages) {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("OFD.xml", OfdFiles.xml(OfdFiles.ofd()));
        entries.put("Doc_0/Document.xml", OfdFiles.xml(OfdFiles.document(pages)));
        for (int i = 0; i < pages; i++) {
            entries.put("Doc_0/Pages/Page_" + i + "/Content.xml", OfdFiles.xml(OfdFiles.layer("")));
        }
        return entries;
    }

    private static OfdFiles.ZipWriter writer(Map<String, byte[]> entries) {
        OfdFiles.ZipWriter zip = new OfdFiles.ZipWriter();
        entries.forEach((name, data) -> zip.add(name, OfdFiles.deflated(data), data.length, OfdFiles.crc(data)));
        return zip;
    }

    private static ValidatableResponse post(byte[] ofd) {
        long started = System.nanoTime();
        ValidatableResponse answer = Api.contractForUploads().multiPart("file", "bid.ofd", ofd, "application/ofd")
                .multiPart("on", TODAY.toString()).post("/api/v1/verify/document").then();
        System.out.printf("hostile OFD of %d bytes answered in %.2f s: %s%n", ofd.length, (System.nanoTime() - started) / 1e9,
                answer.extract().path("detail"));
        return answer;
    }

    private static void refused(ValidatableResponse answer, int status, String type, String detail) {
        answer.statusCode(status).contentType("application/problem+json").body("type", equalTo(type))
                .body("parameter", equalTo("file")).body("detail", containsString(detail));
    }

    private static List<Found> found(JsonPath answer) {
        List<Found> found = new ArrayList<>();
        for (Map<String, Object> certificate : answer.<Map<String, Object>>getList("certificates")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> check = (Map<String, Object>) certificate.get("check");
            found.add(new Found((Integer) certificate.get("file"), (Integer) certificate.get("page"), (String) check.get("number"),
                    (String) certificate.get("foundBy"), (String) check.get("verdict")));
        }
        return found;
    }

    /** The register's own QR code of the certificate, as its page serves it. */
    private static byte[] qr(String number) {
        return given().get("/api/v1/certificates/" + number + "/qr.png").then().statusCode(200).extract().asByteArray();
    }

    private static String issue(Api.Body body, String creditCode) {
        Map<String, Object> certificate = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(60));
        certificate.put("holderCreditCode", creditCode);
        return as(body).body(certificate).post("/api/v1/certificates").then().statusCode(201).extract().path("number");
    }

    private static byte[] pdf(String text) throws Exception {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            TextBidFiles.textPage(document, 12, text);
            document.save(out);
            return out.toByteArray();
        }
    }
}

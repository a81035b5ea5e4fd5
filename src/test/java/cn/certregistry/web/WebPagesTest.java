package cn.certregistry.web;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;
import cn.certregistry.register.RegisterFixture;
import cn.certregistry.signing.CoseSign1;
import cn.certregistry.signing.KeyRing;
import cn.certregistry.signing.KeyState;
import cn.certregistry.signing.SigningKey;

/** The pages without a browser: escaping, headers, errors as pages, exports, the signed report. */
@QuarkusTest
class WebPagesTest {

    static RegisterFixture fixture;

    @Inject
    TestRegister register;

    @BeforeEach
    void loadFixture() {
        fixture = RegisterFixture.shared(register);
    }

    @Test
    void everyPageSendsSecurityHeaders() {
        for (String path : List.of("/", "/procurement", "/regions/44", "/certificates/" + fixture.guangzhou)) {
            given().get(path).then().statusCode(200).contentType(containsString("text/html"))
                    .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                    .header("Content-Security-Policy", not(containsString("unsafe-inline")))
                    .header("X-Content-Type-Options", "nosniff")
                    .body(containsString("<html lang=\"zh-CN\">"));
        }
    }

    /** Both search forms show the province and city chosen, offer the districts of that city, and no level below one left out. */
    @Test
    void theSearchFormsKeepTheRegionChosenAndOfferTheLevelBelowIt() {
        for (String path : List.of("/", "/bodies")) {
            String city = given().queryParam("province", "440000").queryParam("city", "440100").get(path).then().statusCode(200)
                    .extract().asString();
            assertTrue(city.contains("<option value=\"440000\" selected>"), path);
            assertTrue(city.contains("<option value=\"440100\" selected>"), path);
            assertTrue(city.contains("<option value=\"440106\">天河区</option>"), path);
            String province = given().queryParam("province", "440000").get(path).then().statusCode(200).extract().asString();
            assertTrue(province.contains("<option value=\"440100\">广州市</option>"), path);
            assertFalse(province.contains("<option value=\"440106\">"), path);
        }
    }

    @Test
    void userDataIsEscaped() {
        Api.Body body = Api.newBody("WEBX");
        String name = TestRegister.name();
        Map<String, Object> request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(3));
        request.put("holderName", name + "<img src=x onerror=alert(1)>测试有限公司");
        as(body).body(request).post("/api/v1/certificates").then().statusCode(201);
        given().queryParam("q", name + "<img").get("/").then().statusCode(200)
                .body(containsString(name + "&lt;img src=x onerror=alert(1)&gt;测试有限公司"))
                .body(not(containsString("<img src=x")))
                .body(containsString("value=\"" + name + "&lt;img\""));
    }

    @Test
    void badInputGivesAPageWithTheReasonNotAnError() {
        given().queryParam("validOn", "2024-13-01").get("/").then().statusCode(400).contentType(containsString("text/html"))
                .body(containsString("role=\"alert\"")).body(containsString("validOn"));
        given().queryParam("province", "999999").get("/").then().statusCode(400);
        given().get("/certificates/NO-SUCH-CERT").then().statusCode(404).contentType(containsString("text/html"));
        given().get("/regions/99").then().statusCode(404).contentType(containsString("text/html"));
        given().queryParam("status", "BAD").get("/regions/4401").then().statusCode(400);
        given().queryParam("status", "BAD").get("/regions/4401/export.csv").then().statusCode(400)
                .contentType("application/problem+json");
        given().multiPart("list", "").multiPart("bidDate", "").post("/procurement").then().statusCode(400)
                .body(containsString("role=\"alert\""));
    }

    @Test
    void badInputOnEveryPageGetsTheErrorPageInThePagesLanguage() {
        Map<String, Integer> pages = Map.of("/?validOn=notadate", 400, "/?colour=red", 400, "/certificates/NOPE-1", 404,
                "/certificates/bad!number", 400, "/regions/999999", 404, "/regions/4401?from=2026-02-01&to=2026-01-01", 400,
                "/v/garbage?colour=red", 400);
        pages.forEach((path, status) -> {
            errorPage(given().accept("text/html").get(path), status, "zh-CN",
                    status == 404 ? "未找到" : "无法处理此请求");
            errorPage(given().accept("text/html").cookie("lang", "en").get(path), status, "en",
                    status == 404 ? "Not found" : "This request cannot be processed");
        });
        byte[] notAWorkbook = "PK\u0003\u0004 not a workbook".getBytes(StandardCharsets.UTF_8);
        errorPage(given().accept("text/html").multiPart("file", "bid.xlsx", notAWorkbook).multiPart("list", "")
                .post("/procurement?lang=en"), 400, "en", "This request cannot be processed");
        given().accept("text/html").get("/v/garbage").then().statusCode(200).body(containsString("此二维码不是本登记簿签发的真实代码"));
        errorPage(given().accept("text/html,application/xhtml+xml,*/*;q=0.8").get("/no-such-page"), 404, "zh-CN", "未找到");
    }

    @Test
    void theSameBadInputThroughTheApiIsAProblemDocument() {
        for (String path : List.of("/api/v1/certificates?validOn=notadate", "/api/v1/certificates?colour=red",
                "/api/v1/certificates/NOPE-1", "/api/v1/certificates/bad!number")) {
            given().accept("text/html, application/json").get(path).then().statusCode(anyOf(is(400), is(404)))
                    .contentType("application/problem+json").body("detail", not(emptyOrNullString()))
                    .header("X-Content-Type-Options", "nosniff");
        }
        given().accept("application/json").get("/v/garbage?colour=red").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("colour"));
        given().multiPart("list", "").post("/procurement/result.csv").then().statusCode(400)
                .contentType("application/problem+json");
        given().get("/no-such-page").then().statusCode(404).contentType("application/problem+json");
        given().accept("text/html").get("/api/v1/no-such-resource").then().statusCode(404).contentType("application/problem+json");
    }

    private static void errorPage(Response response, int status, String languageTag, String title) {
        response.then().statusCode(status).contentType(containsString("text/html"))
                .header("Content-Language", languageTag)
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .body(containsString("<html lang=\"" + languageTag + "\">"))
                .body(containsString("<h1>" + title + "</h1>"))
                .body(containsString("role=\"alert\""))
                .body(not(containsString("Exception")));
    }

    @Test
    void theEnglishSwitchIsRemembered() {
        String cookie = given().queryParam("lang", "en").get("/").then().statusCode(200)
                .body(containsString("<html lang=\"en\">")).extract().cookie("lang");
        assertEquals("en", cookie);
        given().cookie("lang", "en").get("/procurement").then().body(containsString("Procurement certificate check"));
    }

    @Test
    void theXlsxExportHoldsTheWholeFilteredList() throws Exception {
        byte[] xlsx = given().queryParam("q", fixture.token).get("/regions/44/export.xlsx").then().statusCode(200)
                .header("Content-Disposition", containsString("certificates-440000.xlsx")).extract().asByteArray();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            var sheet = workbook.getSheetAt(0);
            assertEquals(3, sheet.getLastRowNum(), "a header, the fixture's two certificates of 广东省 and the count");
            assertEquals("共 2 条，导出完毕", sheet.getRow(3).getCell(0).getStringCellValue());
            assertEquals("证书编号", sheet.getRow(0).getCell(0).getStringCellValue());
        }
        String csv = given().queryParam("q", fixture.token).queryParam("status", "VALID").queryParam("lang", "en")
                .get("/regions/44/export.csv").then().statusCode(200).extract().asString();
        assertTrue(csv.startsWith("\uFEFF\"Number\""), csv);
        String[] lines = csv.strip().split("\r\n");
        assertEquals(4, lines.length, "a header, the fixture's two valid certificates and the count");
        assertTrue(lines[lines.length - 1].startsWith("\"" + (lines.length - 2) + " rows, export complete\","), csv);
    }

    @Test
    void theProcurementReportIsSignedWithThePublishedKey() {
        String list = fixture.guangzhou + "\n" + fixture.changchun + "\nNO-SUCH-1\n";
        String html = given().formParam("list", list).formParam("bidDate", TODAY.toString()).post("/procurement/report")
                .then().statusCode(200).extract().asString();
        String signature = between(html, "<pre class=\"signed\" id=\"signature\">", "</pre>");
        String content = between(html, "<pre class=\"signed\" id=\"content\">", "</pre>").replace("&quot;", "\"").replace("&amp;", "&");

        JsonPath jwks = given().get("/.well-known/jwks.json").then().extract().jsonPath();
        List<SigningKey> keys = new ArrayList<>();
        for (Map<String, Object> jwk : jwks.<Map<String, Object>>getList("keys")) {
            keys.add(SigningKey.publicOnly((String) jwk.get("kid"), KeyState.valueOf(((String) jwk.get("state")).toUpperCase()),
                    Base64.getUrlDecoder().decode((String) jwk.get("x"))));
        }
        byte[] cose = Base64.getUrlDecoder().decode(signature);
        CoseSign1.Verified verified = CoseSign1.verify(cose, new KeyRing(keys));
        assertTrue(verified.genuine(), verified.failure());
        String signed = new String(verified.payload(), StandardCharsets.UTF_8);
        assertEquals(content, signed);
        assertTrue(signed.contains("\"verdict\":\"VALID_ON_DATE_HOLDER_NOT_CHECKED\"") && signed.contains("\"verdict\":\"NOT_FOUND\"")
                && signed.contains("\"bidDate\":\"" + TODAY + "\""), signed);

        cose[cose.length - 10] ^= 1;
        assertFalse(CoseSign1.verify(cose, new KeyRing(keys)).genuine());
    }

    @Test
    void procurementDownloadsRepeatTheCheck() throws Exception {
        byte[] xlsx = given().formParam("list", fixture.guangzhou + "," + fixture.shenzhenCreditCode + "\n")
                .formParam("bidDate", TODAY.toString()).post("/procurement/result.xlsx").then().statusCode(200).extract().asByteArray();
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(xlsx))) {
            assertEquals("证书不属于该统一社会信用代码的组织", workbook.getSheetAt(0).getRow(1).getCell(3).getStringCellValue());
        }
    }

    @Test
    void theProcurementCsvDoesNotCarryFormulas() {
        String csv = given().formParam("list", fixture.guangzhou + "\n=1+2\n")
                .formParam("bidDate", TODAY.toString()).post("/procurement/result.csv").then().statusCode(200).extract().asString();
        assertTrue(csv.contains("\"'=1+2\""), "the pasted formula is kept as text: " + csv);
        assertFalse(csv.contains("\"=1+2\""), csv);
    }

    private static String between(String text, String start, String end) {
        Matcher matcher = Pattern.compile(Pattern.quote(start) + "(.*?)" + Pattern.quote(end), Pattern.DOTALL).matcher(text);
        assertTrue(matcher.find(), start);
        return matcher.group(1);
    }

}

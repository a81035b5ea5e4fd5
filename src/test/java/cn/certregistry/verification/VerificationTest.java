package cn.certregistry.verification;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import javax.imageio.ImageIO;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;
import cn.certregistry.signing.Base32;
import cn.certregistry.signing.KeyState;
import cn.certregistry.signing.SigningKey;
import cn.certregistry.signing.TokenClaims;
import cn.certregistry.signing.Tokens;

@QuarkusTest
public class VerificationTest {

    static Api.Body body;

    @Inject
    AgroalDataSource primary;

    @BeforeEach
    void key() {
        if (body == null) {
            body = Api.newBody("VERI");
        }
    }

    /** Renders the certificate's QR PNG, decodes it as a phone would, and returns the URL it holds. */
    public static String scan(String number) throws Exception {
        byte[] png = given().queryParam("size", 400).get("/api/v1/certificates/" + number + "/qr.png").then()
                .statusCode(200).contentType("image/png").extract().asByteArray();
        var image = ImageIO.read(new ByteArrayInputStream(png));
        // a rendered code is a pure barcode: say so, so the reader looks for nothing else
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE, DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    }

    public static String path(String url) {
        return url.substring(url.indexOf("/V/"));
    }

    static String verdict(String path) {
        return given().accept("application/json").get(path).then().statusCode(200).extract().path("verdict");
    }

    @Test
    void aScannedCodeLeadsToAValidVerdict() throws Exception {
        String number = Api.issue(body, "440106", TODAY.minusDays(10));
        String url = scan(number);
        assertTrue(url.startsWith("HTTPS://CERT.EXAMPLE.CN/V/"), url);
        assertTrue(url.matches("[0-9A-Z $%*+\\-./:]+"), "only QR alphanumeric characters: " + url);
        given().accept("application/json").get(path(url)).then().statusCode(200)
                .body("verdict", equalTo("VALID")).body("headline.zh", equalTo("证书真实有效"))
                .body("kid", equalTo("t2")).body("signed.number", equalTo(number))
                .body("certificate.number", equalTo(number)).body("certificate.status.code", equalTo("VALID"));
        // the lower-case path works as well
        assertEquals("VALID", verdict(path(url).replace("/V/", "/v/")));
    }

    @Test
    void alteredOrForeignCodesAreNotGenuine() throws Exception {
        String number = Api.issue(body, "440106", TODAY.minusDays(10));
        String token = path(scan(number)).substring(3);
        byte[] bytes = Base32.decode(token);
        for (int position : new int[] {5, bytes.length / 2, bytes.length - 1}) {
            byte[] flipped = bytes.clone();
            flipped[position] ^= 0x01;
            assertEquals("NOT_GENUINE", verdict("/V/" + Base32.encode(flipped)), "flipped byte " + position);
        }
        assertEquals("NOT_GENUINE", verdict("/V/NOTATOKEN"));
        assertEquals("NOT_GENUINE", verdict("/V/" + "A".repeat(Tokens.MAX_TOKEN_LENGTH + 1)));

        TokenClaims claims = given().accept("application/json").get("/V/" + token).then().extract().jsonPath()
                .getObject("signed", TokenClaims.class);
        given().accept("application/json").get("/V/" + Tokens.sign(claims, SigningKey.generate("zz"))).then()
                .body("verdict", equalTo("NOT_GENUINE")).body("reason", equalTo(Tokens.UNKNOWN_KEY));
        given().accept("application/json").get("/V/" + Tokens.sign(claims, testKey("t0"))).then()
                .body("verdict", equalTo("NOT_GENUINE")).body("reason", equalTo(Tokens.REVOKED_KEY));
    }

    @Test
    void aCodeSignedBeforeAKeyRotationStillVerifies() throws Exception {
        String number = Api.issue(body, "440106", TODAY.minusDays(10));
        TokenClaims claims = given().accept("application/json").get(path(scan(number))).then().extract().jsonPath()
                .getObject("signed", TokenClaims.class);
        given().accept("application/json").get("/V/" + Tokens.sign(claims, testKey("t1"))).then()
                .body("verdict", equalTo("VALID")).body("kid", equalTo("t1"));
    }

    @Test
    void theLiveRegisterDecidesTheVerdict() throws Exception {
        String suspended = Api.issue(body, "440106", TODAY.minusDays(10));
        String code = path(scan(suspended));
        post(suspended, "SUSPENDED", "投诉核查");
        assertEquals("SUSPENDED", verdict(code));
        post(suspended, "RESTORED", "核查完毕");
        assertEquals("VALID", verdict(code));
        post(suspended, "WITHDRAWN", "严重违规");
        assertEquals("WITHDRAWN", verdict(code));

        String cancelled = Api.issue(body, "440106", TODAY.minusDays(10));
        String cancelledCode = path(scan(cancelled));
        post(cancelled, "CANCELLED", "申请注销");
        assertEquals("CANCELLED", verdict(cancelledCode));

        String expired = Api.issue(body, "440106", TODAY.minusYears(3).minusDays(2));
        assertEquals("EXPIRED", verdict(path(scan(expired))));

        String lowered = Api.issue(body, "440106", TODAY.minusDays(10));
        String oldCode = path(scan(lowered));
        Map<String, Object> grade = Api.event("GRADE_CHANGED", TODAY, "监督审核评分下降");
        grade.put("grade", "THREE_STAR");
        grade.put("score", 85);
        as(body).body(grade).post("/api/v1/certificates/" + lowered + "/events").then().statusCode(201);
        given().accept("application/json").get(oldCode).then().body("verdict", equalTo("MISMATCH"))
                .body("differences", org.hamcrest.Matchers.contains("grade"))
                .body("signed.grade", equalTo("FOUR_STAR")).body("certificate.grade.code", equalTo("THREE_STAR"));
        String newCode = path(scan(lowered));
        assertTrue(!newCode.equals(oldCode), "the code changes with the certificate");
        assertEquals("VALID", verdict(newCode));
    }

    @Test
    void aStatusChangeIsVisibleToVerificationWithinOneSecond() throws Exception {
        String number = Api.issue(body, "440106", TODAY.minusDays(10));
        String code = path(scan(number));
        for (int i = 0; i < 20; i++) {
            assertEquals("VALID", verdict(code)); // whatever the verification path keeps warm
        }
        post(number, "SUSPENDED", "投诉核查");
        long changed = System.nanoTime();
        String seen = verdict(code);
        while (!seen.equals("SUSPENDED") && System.nanoTime() - changed < 1_000_000_000L) {
            Thread.sleep(50);
            seen = verdict(code);
        }
        assertEquals("SUSPENDED", seen, "a suspension must reach verification within 1 s");
    }

    /**
     * Scans are answered from each server's memory; a change written by another server (here: in SQL, as another
     * instance's transaction would write it) still shows within 1 s, and so do the scans counted meanwhile.
     */
    @Test
    void aStatusChangeWrittenByAnotherServerIsVisibleWithinOneSecond() throws Exception {
        String number = Api.issue(body, "440106", TODAY.minusDays(10));
        String code = path(scan(number));
        for (int i = 0; i < 20; i++) {
            assertEquals("VALID", verdict(code));
        }
        try (Connection connection = primary.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement event = connection.prepareStatement("insert into certificate_event"
                    + " (certificate_id, kind, effective_date, reason, recorded_by)"
                    + " select id, 'SUSPENDED', ?, '另一台服务器记录的暂停', 'another-server' from certificate where number = ?");
                    PreparedStatement standing = connection.prepareStatement(
                            "update certificate set standing = 'SUSPENDED', version = version + 1 where number = ?")) {
                event.setObject(1, TODAY);
                event.setString(2, number);
                assertEquals(1, event.executeUpdate());
                standing.setString(1, number);
                assertEquals(1, standing.executeUpdate());
            }
            connection.commit();
        }
        long changed = System.nanoTime();
        String seen = verdict(code);
        int scans = 21;
        while (!seen.equals("SUSPENDED") && System.nanoTime() - changed < 1_000_000_000L) {
            Thread.sleep(50);
            seen = verdict(code);
            scans++;
        }
        assertEquals("SUSPENDED", seen, "a suspension written by another server must reach this one within 1 s");
        given().accept("application/json").get("/api/v1/certificates/" + number).then().statusCode(200)
                .body("status.code", equalTo("SUSPENDED"));
        as(body).get("/api/v1/certificates/" + number + "/scans").then().statusCode(200).body("total", equalTo(scans));
    }

    @Test
    void browsersGetAPhonePageInChineseWithAnEnglishSwitch() throws Exception {
        Map<String, Object> request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(10));
        request.put("holderName", "广州<script>alert(1)</script>电器有限公司");
        String number = as(body).body(request).post("/api/v1/certificates").then().statusCode(201).extract().path("number");
        String code = path(scan(number));
        given().accept("text/html,application/xhtml+xml").get(code).then().statusCode(200)
                .contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("X-Content-Type-Options", "nosniff")
                .body(containsString("<html lang=\"zh-CN\">"))
                .body(containsString("证书真实有效"))
                .body(containsString("&lt;script&gt;alert(1)&lt;/script&gt;"))
                .body(not(containsString("<script>alert(1)")))
                .body(containsString("lang=en\""));
        given().accept("text/html").queryParam("lang", "en").get(code).then().statusCode(200)
                .body(containsString("<html lang=\"en\">")).body(containsString("Genuine and valid"));
        given().accept("text/html").get("/V/NOTATOKEN").then().statusCode(200)
                .body(containsString("此二维码不是本登记簿签发的真实代码"));
    }

    @Test
    void keysArePublishedWithTheirStates() {
        given().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys", hasSize(3))
                .body("keys.find { it.kid == 't2' }.state", equalTo("active"))
                .body("keys.find { it.kid == 't1' }.state", equalTo("retired"))
                .body("keys.find { it.kid == 't0' }.state", equalTo("revoked"))
                .body("keys.find { it.kid == 't0' }.verifies", equalTo(false))
                .body("keys[0].kty", equalTo("OKP")).body("keys[0].crv", equalTo("Ed25519"))
                .body("keys[0]", not(org.hamcrest.Matchers.hasKey("d")));
    }

    @Test
    void qrImagesAreCacheableAndPrintReady() {
        String number = Api.issue(body, "440106", TODAY.minusDays(10));
        String etag = given().get("/api/v1/certificates/" + number + "/qr.svg").then().statusCode(200)
                .contentType("image/svg+xml").body(containsString("<svg")).body(containsString("crispEdges"))
                .extract().header("ETag");
        given().header("If-None-Match", etag).get("/api/v1/certificates/" + number + "/qr.svg").then().statusCode(304);
        given().queryParam("ecc", "H").get("/api/v1/certificates/" + number + "/qr.svg").then().statusCode(200)
                .header("ETag", not(equalTo(etag)));
        given().queryParam("ecc", "X").get("/api/v1/certificates/" + number + "/qr.png").then().statusCode(400)
                .body("parameter", equalTo("ecc"));
        given().queryParam("size", "9999").get("/api/v1/certificates/" + number + "/qr.png").then().statusCode(400);
        given().get("/api/v1/certificates/NO-SUCH/qr.png").then().statusCode(404);
    }

    @Test
    void scansAreCountedForTheBodyAndRegulatorsOnly() throws Exception {
        String number = Api.issue(body, "440106", TODAY.minusDays(10));
        String code = path(scan(number));
        for (int i = 0; i < 3; i++) {
            verdict(code);
        }
        as(body).get("/api/v1/certificates/" + number + "/scans").then().statusCode(200)
                .body("total", equalTo(3)).body("days[0].day", equalTo(TODAY.toString()));
        as(Api.newRegulatorKey("GZ-SCAN", "4401")).get("/api/v1/certificates/" + number + "/scans").then().statusCode(200)
                .body("total", equalTo(3));
        as(Api.newRegulatorKey("SH-SCAN", "31")).get("/api/v1/certificates/" + number + "/scans").then().statusCode(403);
        as(Api.newBody("VERI-OTHER")).get("/api/v1/certificates/" + number + "/scans").then().statusCode(403);
        given().get("/api/v1/certificates/" + number + "/scans").then().statusCode(401);
    }

    private static void post(String number, String kind, String reason) {
        as(body).body(Api.event(kind, TODAY, reason)).post("/api/v1/certificates/" + number + "/events").then().statusCode(201);
    }

    static SigningKey testKey(String kid) throws Exception {
        return SigningKey.fromPem(kid, KeyState.ACTIVE, Files.readString(Path.of("src/test/resources/signing/" + kid + ".pem")));
    }

}

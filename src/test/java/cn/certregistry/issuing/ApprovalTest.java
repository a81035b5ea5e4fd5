package cn.certregistry.issuing;

import static cn.certregistry.Api.BOOTSTRAP_ADMIN;
import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;
import cn.certregistry.verification.VerificationTest;

/**
 * A body issues only within its approval by CNCA: for the schemes in scope, while the approval is in force. A
 * certificate issued before a revocation stays valid and shows when the approval ended; one issued outside any approval
 * (as a legacy register held it before approvals were recorded) is ISSUER_NOT_APPROVED on every verification surface.
 */
@QuarkusTest
class ApprovalTest {

    private static final String OUTSIDE = "/problems/outside-approval";

    @Test
    void aBodyIssuesOnlyForTheSchemesItsApprovalCovers() {
        Api.Body body = Api.newBody("APSC");
        grant(body, TODAY.minusYears(2), List.of("CUSTOMER_SATISFACTION"), TODAY.plusYears(3)).statusCode(201)
                .body("recorded", equalTo(true))
                .body("today.find { it.scheme == 'AFTER_SALES' }.approval", equalTo("OUT_OF_SCOPE"))
                .body("today.find { it.scheme == 'CUSTOMER_SATISFACTION' }.approval", equalTo("IN_FORCE"));
        Api.as(body).body(Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(10)))
                .post("/api/v1/certificates").then().statusCode(422).body("type", equalTo(OUTSIDE))
                .body("parameter", equalTo("issueDate")).body("detail", containsString("outside the approved scope"));
        String csv = "number,scheme,grade,score,scoreScale,scope,issueDate,expiryDate,holderName,holderCreditCode,holderRegion,siteRegion\n"
                + TestRegister.number(body.code()) + ",AFTER_SALES,FOUR_STAR,92,100,家电维修," + TODAY.minusDays(10) + ","
                + TODAY.minusDays(11).plusYears(3) + ",广州导入测试有限公司," + TestRegister.creditCode("440106") + ",440106,440106\n";
        Api.as(body).contentType("text/csv").body(csv).post("/api/v1/certificates:import").then().statusCode(200)
                .body("imported", equalTo(0)).body("results[0].problem.type", equalTo(OUTSIDE));
    }

    @Test
    void afterARevocationNothingIsIssuedAndWhatWasIssuedBeforeStaysValidWithTheFactShown() throws Exception {
        Api.Body body = Api.newBody("APRV");
        grant(body, TODAY.minusYears(2), List.of("AFTER_SALES"), TODAY.plusYears(3)).statusCode(201);
        String before = Api.issue(body, "440106", TODAY.minusDays(200));
        LocalDate revoked = TODAY.minusDays(50);
        change(body, "REVOKED", revoked).statusCode(201).body("today.find { it.scheme == 'AFTER_SALES' }.approval",
                equalTo("REVOKED"));
        Api.as(body).body(Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(10)))
                .post("/api/v1/certificates").then().statusCode(422).body("type", equalTo(OUTSIDE));
        // an approval revoked is not restored, and cannot be suspended
        change(body, "RESTORED", TODAY).statusCode(409).body("type", equalTo("/problems/illegal-transition"));
        // the body may still take trust away, never give it back
        Api.as(body).body(Api.event("SUSPENDED", TODAY.minusDays(5), "监督检查不合格")).post("/api/v1/certificates/" + before
                + "/events").then().statusCode(201);
        Api.as(body).body(Api.event("RESTORED", TODAY, "整改完成")).post("/api/v1/certificates/" + before + "/events").then()
                .statusCode(422).body("type", equalTo(OUTSIDE));

        Api.Body other = Api.newBody("APRW");
        grant(other, TODAY.minusYears(2), List.of("AFTER_SALES"), TODAY.plusYears(3)).statusCode(201);
        String valid = Api.issue(other, "440106", TODAY.minusDays(200));
        change(other, "REVOKED", revoked).statusCode(201);
        JsonPath record = given().get("/api/v1/certificates/" + valid).then().statusCode(200).extract().jsonPath();
        assertEquals("VALID", record.getString("status.code"));
        assertEquals(true, record.getBoolean("issuerApproval.approvedOnIssueDate"));
        assertEquals("REVOKED", record.getString("issuerApproval.today.code"));
        assertEquals(revoked.toString(), record.getString("issuerApproval.endedOn"));
        assertEquals("VALID", verdictOfScan(valid));
        assertEquals("VALID_ON_DATE_HOLDER_NOT_CHECKED", given().queryParam("number", valid).get("/api/v1/verify").then().statusCode(200)
                .extract().path("verdict"));
        given().queryParam("lang", "en").get("/certificates/" + valid).then().statusCode(200)
                .body(containsString("approval ended on " + revoked));
    }

    @Test
    void aCertificateIssuedOutsideAnyApprovalIsCaughtOnEverySurface() throws Exception {
        Api.Body body = Api.newBody("APLG");
        // issued while nothing was recorded (a legacy register's certificate); the approval recorded later starts after it
        String number = Api.issue(body, "440106", TODAY.minusDays(300));
        grant(body, TODAY.minusDays(100), List.of("AFTER_SALES"), TODAY.plusYears(3)).statusCode(201);
        String within = Api.issue(body, "440106", TODAY.minusDays(10));

        JsonPath record = given().get("/api/v1/certificates/" + number).then().statusCode(200).extract().jsonPath();
        assertEquals(false, record.getBoolean("issuerApproval.approvedOnIssueDate"));
        assertEquals("NOT_APPROVED", record.getString("issuerApproval.onIssueDate.code"));
        assertEquals("ISSUER_NOT_APPROVED", verdictOfScan(number));
        assertEquals("VALID", verdictOfScan(within));
        String scanned = VerificationTest.path(VerificationTest.scan(number));
        given().accept("text/html").queryParam("lang", "zh").get(scanned).then().statusCode(200)
                .body(containsString("data-verdict=\"ISSUER_NOT_APPROVED\"")).body(containsString("无权颁发"));
        // one number, a batch, a procurement list: the same verdict, and the holder's fit comes after it
        Api.contract().queryParam("number", number).get("/api/v1/verify").then().statusCode(200)
                .body("verdict", equalTo("ISSUER_NOT_APPROVED")).body("issuerApproval.approvedOnIssueDate", equalTo(false));
        Api.contract().contentType("application/json").body(Map.of("items", List.of(Map.of("number", number),
                Map.of("number", within)))).post("/api/v1/verify").then().statusCode(200)
                .body("results[0].verdict", equalTo("ISSUER_NOT_APPROVED")).body("results[1].verdict", equalTo("VALID_ON_DATE_HOLDER_NOT_CHECKED"));
        String csv = given().formParam("list", number + "\n" + within + "\n").formParam("bidDate", TODAY.toString())
                .post("/procurement/result.csv").then().statusCode(200).extract().asString();
        assertTrue(csv.lines().anyMatch(line -> line.contains(number) && line.contains("发证机构在颁发时未获批准")), csv);
        // a bid file: here the code's image itself, as a photographed copy is uploaded
        byte[] png = given().queryParam("size", 600).get("/api/v1/certificates/" + number + "/qr.png").then().statusCode(200)
                .extract().asByteArray();
        Api.contractForUploads().multiPart("file", "copy.png", png, "image/png").multiPart("on", TODAY.toString())
                .post("/api/v1/verify/document").then().statusCode(200)
                .body("certificates[0].check.number", equalTo(number))
                .body("certificates[0].check.verdict", equalTo("ISSUER_NOT_APPROVED"));
    }

    @Test
    void anAdministratorRecordsApprovalsInOrderAndOnlyAnAdministrator() {
        Api.Body body = Api.newBody("APAD");
        grant(body, TODAY.minusYears(1), List.of("AFTER_SALES"), TODAY.plusYears(3)).statusCode(201);
        // a body cannot approve itself
        Api.as(body).body(Map.of("kind", "APPROVED", "effectiveDate", TODAY.toString(), "schemes", List.of("AFTER_SALES"),
                "validUntil", TODAY.plusYears(5).toString(), "reason", "自批")).post("/api/v1/admin/bodies/" + body.code()
                + "/approval").then().statusCode(403);
        change(body, "SUSPENDED", TODAY.minusDays(30)).statusCode(201);
        change(body, "SUSPENDED", TODAY.minusDays(20)).statusCode(409);
        change(body, "RESTORED", TODAY.minusDays(40)).statusCode(400).body("parameter", equalTo("effectiveDate"));
        change(body, "RESTORED", TODAY.plusDays(1)).statusCode(400).body("parameter", equalTo("effectiveDate"));
        change(body, "RESTORED", TODAY.minusDays(10)).statusCode(201).body("history.kind",
                equalTo(List.of("APPROVED", "SUSPENDED", "RESTORED")));
        grant(body, TODAY, List.of("NO_SUCH_SCHEME"), TODAY.plusYears(1)).statusCode(400).body("parameter", equalTo("schemes"));
        Api.as(BOOTSTRAP_ADMIN).body(Map.of("kind", "SUSPENDED", "effectiveDate", TODAY.toString(), "schemes",
                List.of("AFTER_SALES"), "reason", "x")).post("/api/v1/admin/bodies/" + body.code() + "/approval").then()
                .statusCode(400).body("type", equalTo("/problems/invalid-parameter"));
        Api.as(BOOTSTRAP_ADMIN).body(Map.of("address", "广州市天河区体育西路100号", "regionCode", "440106", "phone", "020-83123456"))
                .put("/api/v1/admin/bodies/" + body.code() + "/contact").then().statusCode(200).body("regionCode", equalTo("440106"))
                .body("phone", equalTo("020-83123456"));
        Api.as(BOOTSTRAP_ADMIN).body(Map.of("regionCode", "999999")).put("/api/v1/admin/bodies/" + body.code() + "/contact")
                .then().statusCode(400).body("parameter", equalTo("regionCode"));
    }

    private static String verdictOfScan(String number) throws Exception {
        return given().accept("application/json").get(VerificationTest.path(VerificationTest.scan(number)).replace("/V/", "/v/"))
                .then().statusCode(200).extract().path("verdict");
    }

    private static ValidatableResponse grant(Api.Body body, LocalDate from, List<String> schemes, LocalDate until) {
        return Api.as(BOOTSTRAP_ADMIN).filter(Api.CONTRACT).body(Map.of("kind", "APPROVED", "effectiveDate", from.toString(),
                "schemes", schemes, "validUntil", until.toString(), "reason", "国家认监委批准"))
                .post("/api/v1/admin/bodies/" + body.code() + "/approval").then();
    }

    private static ValidatableResponse change(Api.Body body, String kind, LocalDate day) {
        return Api.as(BOOTSTRAP_ADMIN).body(Map.of("kind", kind, "effectiveDate", day.toString(), "reason", "国家认监委决定"))
                .post("/api/v1/admin/bodies/" + body.code() + "/approval").then();
    }
}

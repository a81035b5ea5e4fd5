package cn.certregistry.issuing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;

/** Grade and score are checked on every write: an inconsistent certificate is refused and nothing is stored. */
@QuarkusTest
class IssuingRulesTest {

    private static final LocalDate ISSUED = Api.TODAY.minusDays(10);

    static String body;

    @Inject
    TestRegister register;

    @BeforeEach
    void body() {
        if (body == null) {
            body = register.newBody("RULE", "测试规则认证有限公司");
        }
    }

    @Test
    void aFiveStarClaimWith93PointsIsRefusedAndNothingIsStored() {
        String number = TestRegister.number(body);
        ProblemException problem = assertThrows(ProblemException.class, () -> register.issue(body, certificate(number,
                "AFTER_SALES", "FIVE_STAR", "93", 100, null)));
        assertEquals(ProblemType.GRADE_SCORE_MISMATCH, problem.type());
        assertTrue(problem.getMessage().contains("四星级"), problem.getMessage());
        given().get("/api/v1/certificates/" + number).then().statusCode(404);
    }

    @Test
    void aThousandPointScoreIsJudgedProportionally() {
        String number = register.issue(body, certificate(TestRegister.number(body), "AFTER_SALES", "FIVE_STAR", "952",
                1000, null));
        given().get("/api/v1/certificates/" + number).then().statusCode(200)
                .body("grade.name.zh", equalTo("五星级")).body("scoreScale", equalTo(1000));
        assertThrows(ProblemException.class, () -> register.issue(body, certificate(TestRegister.number(body),
                "AFTER_SALES", "FIVE_STAR", "93", 1000, null)));
    }

    @Test
    void subScoresThatDoNotAddUpAreRefused() {
        ProblemException problem = assertThrows(ProblemException.class, () -> register.issue(body,
                certificate(TestRegister.number(body), "AFTER_SALES", "FOUR_STAR", "92", 100,
                        Map.of("SERVICE_SYSTEM", new BigDecimal("40"), "PRODUCT_SERVICE", new BigDecimal("35"),
                                "CUSTOMER_SERVICE", new BigDecimal("25")))));
        assertTrue(problem.getMessage().contains("add up to 100"), problem.getMessage());
    }

    @Test
    void aWrongCheckCharacterIsKeptAndFlagged() {
        String valid = TestRegister.creditCode("440106");
        String wrong = valid.substring(0, 17) + (valid.charAt(17) == 'A' ? 'B' : 'A');
        String number = register.issue(body, new NewCertificate(TestRegister.number(body), "AFTER_SALES", "COMPLIANT",
                new BigDecimal("75"), 100, null, "售后服务", ISSUED, ISSUED.plusYears(3).minusDays(1), "广州校验位测试有限公司", wrong,
                "440106", "440106", null));
        given().get("/api/v1/certificates/" + number).then().statusCode(200)
                .body("holder.creditCode", equalTo(wrong)).body("holder.creditCodeCheckPassed", equalTo(false));
    }

    /** The limits declared on the request records answer as problems naming the field, the way the contract says. */
    @Test
    void aDeclaredLimitIsAnsweredWithTheFieldItConcerns() {
        Api.Body issuer = Api.newBody("LIMS");
        Map<String, Object> certificate = Api.certificate(TestRegister.number(issuer.code()), "440106", ISSUED);
        certificate.put("holderName", "名".repeat(201));
        refused(Api.as(issuer).body(certificate).post("/api/v1/certificates"), 422, "holderName");
        certificate.put("holderName", "广州限制测试有限公司");
        certificate.put("subScores", Map.of("SERVICE_SYSTEM", new BigDecimal("1e999999999")));
        refused(Api.as(issuer).body(certificate).post("/api/v1/certificates"), 422, "subScores.SERVICE_SYSTEM");
        certificate.put("subScores", null);
        certificate.put("siteRegion", "4401");
        refused(Api.as(issuer).body(certificate).post("/api/v1/certificates"), 422, "siteRegion");
        certificate.put("siteRegion", "440106");
        String number = Api.as(issuer).body(certificate).post("/api/v1/certificates").then().statusCode(201)
                .extract().path("number");
        refused(Api.as(issuer).body(Api.event("SUSPENDED", ISSUED, "暂停\u001b[31m")).post("/api/v1/certificates/" + number
                + "/events"), 422, "reason");
        refused(Api.as(issuer).body(Api.event("SCOPE_CHANGED", ISSUED, "范围变更")).post("/api/v1/certificates/" + number
                + "/events"), 422, "scope");
        refused(Api.as(Api.BOOTSTRAP_ADMIN).body(Map.of("code", TestRegister.code("LIMB"), "name", "限制认证有限公司",
                "approvalNumber", TestRegister.approvalNumber(), "numberPrefixes", List.of("LIMB-", "LIMB 2")))
                .post("/api/v1/admin/bodies"), 400, "numberPrefixes[1]");
    }

    private static void refused(io.restassured.response.Response answer, int status, String field) {
        answer.then().statusCode(status).contentType("application/problem+json").body("parameter", equalTo(field));
    }

    private static NewCertificate certificate(String number, String scheme, String grade, String score, int scale,
            Map<String, BigDecimal> subScores) {
        return new NewCertificate(number, scheme, grade, new BigDecimal(score), scale, subScores, "家用电器的售后服务", ISSUED,
                ISSUED.plusYears(3).minusDays(1), "广州规则测试电器有限公司", TestRegister.creditCode("440106"), "440106", "440106",
                null);
    }
}

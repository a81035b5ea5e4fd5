package cn.certregistry.issuing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
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

    private static NewCertificate certificate(String number, String scheme, String grade, String score, int scale,
            Map<String, BigDecimal> subScores) {
        return new NewCertificate(number, scheme, grade, new BigDecimal(score), scale, subScores, "家用电器的售后服务", ISSUED,
                ISSUED.plusYears(3).minusDays(1), "广州规则测试电器有限公司", TestRegister.creditCode("440106"), "440106", "440106",
                null);
    }
}

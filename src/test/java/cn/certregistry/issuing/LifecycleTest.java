package cn.certregistry.issuing;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;

/** Every lifecycle transition, the illegal ones included. */
@QuarkusTest
class LifecycleTest {

    static Api.Body body;

    @BeforeEach
    void key() {
        if (body == null) {
            body = Api.newBody("LIFE");
        }
    }

    private ValidatableResponse post(String number, Map<String, Object> event) {
        return as(body).body(event).post("/api/v1/certificates/" + number + "/events").then();
    }

    @Test
    void aCertificateGoesThroughEveryLegalTransition() {
        String number = Api.issue(body, "440106", TODAY.minusDays(400));
        post(number, Api.event("SURVEILLANCE_PASSED", TODAY.minusDays(40), "年度监督审核通过")).statusCode(201)
                .body("$", not(hasKey("surveillance")));
        as(body).get("/api/v1/certificates/" + number + "/surveillance").then().statusCode(200)
                .body("due", equalTo(TODAY.minusDays(40).plusMonths(12).toString())).body("overdue", equalTo(false));
        post(number, Api.event("SUSPENDED", TODAY.minusDays(30), "投诉核查")).statusCode(201).body("status.code", equalTo("SUSPENDED"));
        post(number, Api.event("SUSPENDED", TODAY.minusDays(29), "再次暂停")).statusCode(409)
                .body("type", equalTo("/problems/illegal-transition"));
        post(number, Api.event("SURVEILLANCE_PASSED", TODAY.minusDays(25), "暂停期间监督审核通过")).statusCode(201)
                .body("status.code", equalTo("SUSPENDED"));
        post(number, Api.event("RESTORED", TODAY.minusDays(20), "整改完成")).statusCode(201).body("status.code", equalTo("VALID"));
        post(number, Api.event("RESTORED", TODAY.minusDays(19), "再次恢复")).statusCode(409);

        Map<String, Object> contradicting = Api.event("GRADE_CHANGED", TODAY.minusDays(10), "监督审核评分");
        contradicting.put("grade", "FIVE_STAR");
        contradicting.put("score", 93);
        post(number, contradicting).statusCode(422).body("type", equalTo("/problems/grade-score-mismatch"))
                .body("parameter", equalTo("grade"));
        Map<String, Object> lowered = Api.event("GRADE_CHANGED", TODAY.minusDays(10), "监督审核评分下降");
        lowered.put("grade", "THREE_STAR");
        lowered.put("score", 85);
        post(number, lowered).statusCode(201).body("grade.code", equalTo("THREE_STAR")).body("score", equalTo(85.0f))
                .body("subScores", org.hamcrest.Matchers.empty());

        Map<String, Object> scope = Api.event("SCOPE_CHANGED", TODAY.minusDays(5), "扩大认证范围");
        scope.put("scope", "家用电器及厨房电器的售后服务");
        post(number, scope).statusCode(201).body("scope", equalTo("家用电器及厨房电器的售后服务"));

        post(number, Api.event("WITHDRAWN", TODAY.minusDays(2), "严重违规")).statusCode(201).body("status.code", equalTo("WITHDRAWN"));
        post(number, Api.event("RESTORED", TODAY, "申请恢复")).statusCode(409).body("type", equalTo("/problems/illegal-transition"));
        post(number, Api.event("CANCELLED", TODAY, "注销")).statusCode(409);
        post(number, Api.event("SURVEILLANCE_PASSED", TODAY, "审核")).statusCode(409);

        given().get("/api/v1/certificates/" + number).then().statusCode(200)
                .body("history.kind", contains("ISSUED", "SURVEILLANCE_PASSED", "SUSPENDED", "SURVEILLANCE_PASSED", "RESTORED",
                        "GRADE_CHANGED", "SCOPE_CHANGED", "WITHDRAWN"))
                .body("history[5].grade", equalTo("THREE_STAR"))
                .body("history.recordedBy", org.hamcrest.Matchers.everyItem(equalTo("body:" + body.code())));
    }

    @Test
    void nothingFollowsCancellation() {
        String number = Api.issue(body, "440106", TODAY.minusDays(100));
        post(number, Api.event("CANCELLED", TODAY.minusDays(1), "获证组织申请注销")).statusCode(201)
                .body("status.code", equalTo("CANCELLED"));
        for (String kind : new String[] {"SURVEILLANCE_PASSED", "SUSPENDED", "RESTORED", "WITHDRAWN", "CANCELLED"}) {
            post(number, Api.event(kind, TODAY, "之后")).statusCode(409);
        }
    }

    @Test
    void anExpiredCertificateTakesNoMoreEvents() {
        String number = Api.issue(body, "440106", TODAY.minusYears(3).minusDays(10));
        post(number, Api.event("SUSPENDED", TODAY, "过期后暂停")).statusCode(409);
    }

    @Test
    void badEventsAreRefusedWithProblems() {
        String number = Api.issue(body, "440106", TODAY.minusDays(100));
        post(number, Api.event("SUSPENDED", TODAY.plusDays(1), "未来")).statusCode(422).body("parameter", equalTo("effectiveDate"));
        post(number, Api.event("SUSPENDED", TODAY.minusDays(101), "颁发之前")).statusCode(422).body("parameter", equalTo("effectiveDate"));
        post(number, Api.event("SUSPENDED", TODAY, null)).statusCode(422).body("parameter", equalTo("reason"));
        post(number, Api.event("ISSUED", TODAY, "再次颁发")).statusCode(422).body("parameter", equalTo("kind"));
        post(number, Api.event("REVIVED", TODAY, "x")).statusCode(400).contentType("application/problem+json")
                .body("parameter", equalTo("kind"));
        as(body).body("{not json").post("/api/v1/certificates/" + number + "/events").then().statusCode(400)
                .contentType("application/problem+json");
        Map<String, Object> noScope = Api.event("SCOPE_CHANGED", TODAY, "范围");
        post(number, noScope).statusCode(422).body("parameter", equalTo("scope"));
        post("NO-SUCH-CERT", Api.event("SUSPENDED", TODAY, "x")).statusCode(404);
        post(number, Api.event("SUSPENDED", TODAY.minusDays(10), "暂停")).statusCode(201);
        post(number, Api.event("RESTORED", TODAY.minusDays(11), "早于上一事件")).statusCode(422);
    }

    @Test
    void issuingChecksEveryRule() {
        Map<String, Object> request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(1));
        request.put("grade", "FIVE_STAR");
        as(body).body(request).post("/api/v1/certificates").then().statusCode(422)
                .body("type", equalTo("/problems/grade-score-mismatch"));
        request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(1));
        request.put("expiryDate", TODAY.plusYears(3).plusDays(5).toString());
        as(body).body(request).post("/api/v1/certificates").then().statusCode(422).body("parameter", equalTo("expiryDate"));
        request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(1));
        request.put("holderCreditCode", "91440106ABCDEFGHIO");
        as(body).body(request).post("/api/v1/certificates").then().statusCode(422).body("parameter", equalTo("holderCreditCode"));
        request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(1));
        request.put("siteRegion", "999999");
        as(body).body(request).post("/api/v1/certificates").then().statusCode(422).body("parameter", equalTo("siteRegion"));
        request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(1));
        request.put("scheme", "ISO9001");
        as(body).body(request).post("/api/v1/certificates").then().statusCode(422).body("parameter", equalTo("scheme"));
        request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.plusDays(1));
        as(body).body(request).post("/api/v1/certificates").then().statusCode(422).body("parameter", equalTo("issueDate"));
        request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(1));
        as(body).body(request).post("/api/v1/certificates").then().statusCode(201);
        as(body).body(request).post("/api/v1/certificates").then().statusCode(409).body("parameter", equalTo("number"));
    }
}

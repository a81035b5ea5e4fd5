package cn.certregistry.register;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.TestRegister;

@QuarkusTest
class CertificateRecordTest {

    static RegisterFixture fixture;

    @Inject
    TestRegister register;

    @BeforeEach
    void loadFixture() {
        fixture = RegisterFixture.shared(register);
    }

    @Test
    void showsTheFullRecordWithItsHistory() {
        given().get("/api/v1/certificates/" + fixture.shenzhen).then().statusCode(200)
                .body("number", equalTo(fixture.shenzhen))
                .body("scheme.code", equalTo("CUSTOMER_SATISFACTION"))
                .body("scheme.name.zh", equalTo("顾客满意度测评认证"))
                .body("grade.name.zh", equalTo("八星级 (行业卓越)"))
                .body("score", equalTo(870.0f)).body("scoreScale", equalTo(1000))
                .body("status.code", equalTo("VALID"))
                .body("holder.name", equalTo("深圳" + fixture.token + "科技股份有限公司"))
                .body("holder.region.path", equalTo("广东省 深圳市 南山区"))
                .body("site.address", equalTo("科技园路8号"))
                .body("body.code", equalTo(fixture.bodyB))
                .body("history.kind", contains("ISSUED", "SUSPENDED", "RESTORED"))
                .body("history.effectiveDate", contains(RegisterFixture.SHENZHEN_ISSUED.toString(),
                        RegisterFixture.SHENZHEN_SUSPENDED.toString(), RegisterFixture.SHENZHEN_RESTORED.toString()))
                .body("history.standingAfter", contains("VALID", "SUSPENDED", "VALID"))
                .body("history[1].reason", equalTo("未按期接受年度监督审核"))
                .body("history[1].label.zh", equalTo("暂停"));
    }

    @Test
    void showsSubScoresWithTheirMaxima() {
        given().get("/api/v1/certificates/" + fixture.guangzhou).then().statusCode(200)
                .body("status.code", equalTo("VALID"))
                .body("subScores", hasSize(3))
                .body("subScores.code", contains("SERVICE_SYSTEM", "PRODUCT_SERVICE", "CUSTOMER_SERVICE"))
                .body("subScores[0].name.zh", equalTo("售后服务体系"))
                .body("subScores[0].maxScore", equalTo(40.0f))
                .body("scheme.standards", equalTo("GB/T 27922-2011 商品售后服务评价体系"));
    }

    @Test
    void answersTheStatusOnAnyPastDay() {
        String path = "/api/v1/certificates/" + fixture.shenzhen + "/status";
        String issued = RegisterFixture.SHENZHEN_ISSUED.toString();
        String suspended = RegisterFixture.SHENZHEN_SUSPENDED.toString();
        String restored = RegisterFixture.SHENZHEN_RESTORED.toString();
        given().queryParam("on", RegisterFixture.SHENZHEN_ISSUED.minusDays(1).toString()).get(path).then().statusCode(200)
                .body("status.code", equalTo("NOT_YET_ISSUED")).body("validOnThatDay", equalTo(false));
        given().queryParam("on", RegisterFixture.SHENZHEN_SUSPENDED.minusDays(1).toString()).get(path).then().statusCode(200)
                .body("status.code", equalTo("VALID")).body("status.since", equalTo(issued))
                .body("validOnThatDay", equalTo(true));
        given().queryParam("on", suspended).get(path).then().statusCode(200)
                .body("status.code", equalTo("SUSPENDED")).body("status.since", equalTo(suspended))
                .body("status.label.zh", equalTo("暂停")).body("validOnThatDay", equalTo(false));
        given().queryParam("on", RegisterFixture.SHENZHEN_RESTORED.minusDays(1).toString()).get(path).then().statusCode(200)
                .body("status.code", equalTo("SUSPENDED"));
        given().queryParam("on", restored).get(path).then().statusCode(200)
                .body("status.code", equalTo("VALID")).body("status.since", equalTo(restored));
        given().get(path).then().statusCode(200).body("status.code", equalTo("VALID"))
                .body("on", equalTo(RegisterFixture.TODAY.toString()));
        given().queryParam("on", RegisterFixture.BEIJING_EXPIRES.plusDays(1).toString())
                .get("/api/v1/certificates/" + fixture.beijing + "/status").then().statusCode(200)
                .body("status.code", equalTo("EXPIRED")).body("status.since", equalTo(RegisterFixture.BEIJING_EXPIRES.plusDays(1).toString()));
        given().get("/api/v1/certificates/" + fixture.changchun + "/status").then().statusCode(200)
                .body("status.code", equalTo("WITHDRAWN"));
    }

    @Test
    void answersNotFoundForAnUnknownNumber() {
        given().get("/api/v1/certificates/NO-SUCH-1").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("/problems/not-found"))
                .body("detail", org.hamcrest.Matchers.containsString("NO-SUCH-1"));
        given().get("/api/v1/certificates/NO-SUCH-1/status").then().statusCode(404);
    }
}

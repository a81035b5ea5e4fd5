package cn.certregistry.access;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import cn.certregistry.Api;

/** Who may do what, endpoint by endpoint. No request changes another body's data. */
@QuarkusTest
class AuthorizationMatrixTest {

    static String bodyA;
    static String bodyB;
    static String regulator;
    static String revoked;
    static String certificateOfA;

    @BeforeEach
    void credentials() {
        if (bodyA != null) {
            return;
        }
        bodyA = Api.bodyKey("AUTH-A");
        bodyB = Api.bodyKey("AUTH-B");
        regulator = Api.regulatorKey("GZ-AMR", "4401");
        revoked = Api.bodyKey("AUTH-A");
        long revokedId = Long.parseLong(revoked.split("_")[1]);
        as(Api.BOOTSTRAP_ADMIN).delete("/api/v1/admin/keys/" + revokedId).then().statusCode(204);
        certificateOfA = Api.issue(bodyA, Api.uniqueNumber("AUTH-A"), "440106", TODAY.minusDays(30));
    }

    private static RequestSpecification malformed(String header) {
        return given().contentType("application/json").header("Authorization", header);
    }

    @Test
    void issuingNeedsABodyKey() {
        Map<String, Object> request = Api.certificate(Api.uniqueNumber("AUTH-A"), "440106", TODAY.minusDays(5));
        as(null).body(request).post("/api/v1/certificates").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", startsWith("Bearer"));
        malformed("Bearer").body(request).post("/api/v1/certificates").then().statusCode(401);
        malformed("Basic YWRtaW46YWRtaW4=").body(request).post("/api/v1/certificates").then().statusCode(401);
        malformed("Bearer crk_1_short").body(request).post("/api/v1/certificates").then().statusCode(401);
        malformed("Bearer " + bodyA + "x").body(request).post("/api/v1/certificates").then().statusCode(401);
        as(revoked).body(request).post("/api/v1/certificates").then().statusCode(401);
        as(regulator).body(request).post("/api/v1/certificates").then().statusCode(403).contentType("application/problem+json");
        as(Api.BOOTSTRAP_ADMIN).body(request).post("/api/v1/certificates").then().statusCode(403);
        given().get("/api/v1/certificates/" + request.get("number")).then().statusCode(404);
        as(bodyA).body(request).post("/api/v1/certificates").then().statusCode(201)
                .body("body.code", equalTo("AUTH-A"));
    }

    @Test
    void onlyTheIssuingBodyRecordsEvents() {
        String path = "/api/v1/certificates/" + certificateOfA + "/events";
        Map<String, Object> suspend = Api.event("SUSPENDED", TODAY, "未按期接受监督审核");
        as(null).body(suspend).post(path).then().statusCode(401);
        malformed("Token abc").body(suspend).post(path).then().statusCode(401);
        as(revoked).body(suspend).post(path).then().statusCode(401);
        as(bodyB).body(suspend).post(path).then().statusCode(403).body("type", equalTo("/problems/forbidden"));
        as(regulator).body(suspend).post(path).then().statusCode(403);
        as(Api.BOOTSTRAP_ADMIN).body(suspend).post(path).then().statusCode(403);
        given().get("/api/v1/certificates/" + certificateOfA).then().statusCode(200)
                .body("status.code", equalTo("VALID")).body("history.kind", contains("ISSUED"));
        as(bodyA).body(suspend).post(path).then().statusCode(201).body("status.code", equalTo("SUSPENDED"));
        as(bodyA).body(Api.event("RESTORED", TODAY, "整改完成")).post(path).then().statusCode(201);
    }

    @Test
    void importingNeedsABodyKey() {
        String csv = "number,scheme,grade,score,scope,issueDate,expiryDate,holderName,holderCreditCode,siteRegion\n";
        for (String key : new String[] {null, revoked}) {
            given().contentType("text/csv").header("Authorization", key == null ? "" : "Bearer " + key).body(csv)
                    .post("/api/v1/certificates:import").then().statusCode(401);
        }
        given().contentType("text/csv").header("Authorization", "Bearer " + regulator).body(csv)
                .post("/api/v1/certificates:import").then().statusCode(403);
        given().contentType("text/csv").header("Authorization", "Bearer " + Api.BOOTSTRAP_ADMIN).body(csv)
                .post("/api/v1/certificates:import").then().statusCode(403);
        given().contentType("text/csv").header("Authorization", "Bearer " + bodyA).body(csv)
                .post("/api/v1/certificates:import").then().statusCode(200).body("rows", equalTo(0));
    }

    @Test
    void adminEndpointsNeedAnAdminKey() {
        Map<String, Object> newBody = Map.of("code", "AUTH-C", "name", "丙认证有限公司", "approvalNumber", "CNCA-R-2021-901");
        as(null).body(newBody).post("/api/v1/admin/bodies").then().statusCode(401);
        as(bodyA).body(newBody).post("/api/v1/admin/bodies").then().statusCode(403);
        as(regulator).body(newBody).post("/api/v1/admin/bodies").then().statusCode(403);
        as(revoked).body(newBody).post("/api/v1/admin/bodies").then().statusCode(401);
        as(bodyA).body(Map.of()).post("/api/v1/admin/bodies/AUTH-A/keys").then().statusCode(403);
        as(bodyA).delete("/api/v1/admin/keys/1").then().statusCode(403);
        as(regulator).get("/api/v1/admin/keys").then().statusCode(403);
        as(bodyA).body(Map.of("code", "X-AMR", "name", "x", "region", "44")).post("/api/v1/admin/regulators").then().statusCode(403);

        as(Api.BOOTSTRAP_ADMIN).body(newBody).post("/api/v1/admin/bodies").then().statusCode(201).body("code", equalTo("AUTH-C"));
        as(Api.BOOTSTRAP_ADMIN).body(newBody).post("/api/v1/admin/bodies").then().statusCode(409);
        as(Api.BOOTSTRAP_ADMIN).get("/api/v1/admin/keys?size=100").then().statusCode(200)
                .body("items.role", hasItem("regulator"))
                .body("items", everyItem(not(org.hamcrest.Matchers.hasKey("key"))))
                .body("items", everyItem(not(org.hamcrest.Matchers.hasKey("secretHash"))));
    }

    @Test
    void keysRecordWhenTheyWereLastUsed() {
        String key = Api.bodyKey("AUTH-B");
        long id = Long.parseLong(key.split("_")[1]);
        as(Api.BOOTSTRAP_ADMIN).get("/api/v1/admin/keys?size=100").then()
                .body("items.find { it.id == " + id + " }.lastUsedAt", equalTo(null));
        as(key).body(Api.event("SUSPENDED", TODAY, "x")).post("/api/v1/certificates/" + certificateOfA + "/events")
                .then().statusCode(403);
        as(Api.BOOTSTRAP_ADMIN).get("/api/v1/admin/keys?size=100").then()
                .body("items.find { it.id == " + id + " }.lastUsedAt", not(equalTo(null)))
                .body("items.find { it.id == " + id + " }.createdAt", not(equalTo(null)));
    }

    @Test
    void surveillanceListsAreScopedToTheCaller() {
        String overdueA = Api.issue(bodyA, Api.uniqueNumber("AUTH-A"), "440106", TODAY.minusDays(500));
        String overdueB = Api.issue(bodyB, Api.uniqueNumber("AUTH-B"), "310104", TODAY.minusDays(500));
        given().queryParam("surveillanceOverdue", "true").get("/api/v1/certificates").then().statusCode(401);
        as(bodyA).queryParam("surveillanceOverdue", "true").queryParam("size", 100).get("/api/v1/certificates").then()
                .statusCode(200).body("items.number", hasItem(overdueA)).body("items.number", not(hasItem(overdueB)))
                .body("items.body.code", everyItem(equalTo("AUTH-A")));
        as(regulator).queryParam("surveillanceOverdue", "true").queryParam("size", 100).get("/api/v1/certificates").then()
                .statusCode(200).body("items.number", hasItem(overdueA)).body("items.number", not(hasItem(overdueB)))
                .body("items.siteRegion.code", everyItem(startsWith("4401")));
        as(Api.BOOTSTRAP_ADMIN).queryParam("surveillanceOverdue", "true").queryParam("size", 100)
                .queryParam("body", "AUTH-B").get("/api/v1/certificates").then()
                .statusCode(200).body("items.number", hasItem(overdueB));
    }
}

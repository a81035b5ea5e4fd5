package cn.certregistry.common;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;
import cn.certregistry.register.RegisterFixture;

/** Real requests and responses, checked against the contract in openapi/openapi.yaml. */
@QuarkusTest
class ContractTest {

    static RegisterFixture fixture;

    @Inject
    TestRegister register;

    @BeforeEach
    void loadFixture() {
        fixture = RegisterFixture.shared(register);
    }

    private static RequestSpecification contract() {
        return Api.contract();
    }

    @Test
    void searchResultsMatchTheContract() {
        contract().queryParam("q", fixture.token).queryParam("size", 100).get("/api/v1/certificates").then().statusCode(200);
        contract().queryParam("region", "广东省").queryParam("status", "VALID").queryParam("sort", "-score")
                .queryParam("validOn", RegisterFixture.TODAY.toString()).queryParam("page", 1).queryParam("size", 5)
                .get("/api/v1/certificates").then().statusCode(200);
        contract().queryParam("q", fixture.chengduFragment).queryParam("size", 10).queryParam("page", 2).get("/api/v1/certificates")
                .then().statusCode(200);
    }

    @Test
    void recordsAndStatusesMatchTheContract() {
        for (String number : new String[] {fixture.guangzhou, fixture.shenzhen, fixture.beijing,
                fixture.changchun, fixture.hangzhou}) {
            contract().get("/api/v1/certificates/" + number).then().statusCode(200);
            contract().get("/api/v1/certificates/" + number + "/status").then().statusCode(200);
        }
        contract().queryParam("on", RegisterFixture.SHENZHEN_ISSUED.minusDays(1).toString())
                .get("/api/v1/certificates/" + fixture.shenzhen + "/status").then().statusCode(200);
    }

    @Test
    void referenceDataMatchesTheContract() {
        contract().get("/api/v1/regions").then().statusCode(200);
        contract().queryParam("parent", "广州市").get("/api/v1/regions").then().statusCode(200);
        contract().get("/api/v1/schemes").then().statusCode(200);
        contract().queryParam("size", 2).get("/api/v1/bodies").then().statusCode(200);
        contract().queryParam("region", "4401").queryParam("scheme", "AFTER_SALES").queryParam("q", "认证").get("/api/v1/bodies")
                .then().statusCode(200);
        contract().get("/api/v1/bodies/" + fixture.bodyA).then().statusCode(200);
        contract().get("/api/v1/bodies/NO-SUCH-BODY").then().statusCode(404);
        Api.contractForUploads().get("/api/v1/regulator/bodies").then().statusCode(401);
        contract().header("Authorization", "Bearer " + Api.newRegulatorKey("CONTRACT-D", "44")).queryParam("size", 5)
                .get("/api/v1/regulator/bodies").then().statusCode(200);
    }

    @Test
    void problemsMatchTheContract() {
        contract().queryParam("size", "10000").get("/api/v1/certificates").then().statusCode(400);
        contract().queryParam("sceme", "X").get("/api/v1/certificates").then().statusCode(400);
        contract().queryParam("region", "999999").get("/api/v1/certificates").then().statusCode(400);
        contract().get("/api/v1/certificates/NO-SUCH-1").then().statusCode(404);
        contract().queryParam("on", "2024-02-30").get("/api/v1/certificates/NO-SUCH-1/status").then().statusCode(400);
        contract().get("/api/v1/certificates/NO-SUCH-1/status").then().statusCode(404);
        contract().queryParam("parent", "nowhere").get("/api/v1/regions").then().statusCode(400);
        contract().queryParam("page", "x").get("/api/v1/bodies").then().statusCode(400);
    }

    @Test
    void issuingMatchesTheContract() {
        Api.Body body = Api.newBody("CONTRACT");
        String key = body.key();
        java.util.Map<String, Object> request = Api.certificate(TestRegister.number(body.code()), "440106", Api.TODAY.minusDays(20));
        String number = (String) request.get("number");
        contract().contentType("application/json").header("Authorization", "Bearer " + key)
                .header("Idempotency-Key", "contract-" + number).body(request).post("/api/v1/certificates").then().statusCode(201);
        contract().contentType("application/json").header("Authorization", "Bearer " + key)
                .header("Idempotency-Key", "contract-" + number).body(request).post("/api/v1/certificates").then().statusCode(201);
        contract().contentType("application/json").header("Authorization", "Bearer " + key).body(request)
                .post("/api/v1/certificates").then().statusCode(409);
        request.put("number", TestRegister.number(body.code()));
        request.put("grade", "FIVE_STAR");
        contract().contentType("application/json").header("Authorization", "Bearer " + key).body(request)
                .post("/api/v1/certificates").then().statusCode(422);
        contract().contentType("application/json").header("Authorization", "Bearer crk_1_not-a-real-key").body(request)
                .post("/api/v1/certificates").then().statusCode(401);
        String path = "/api/v1/certificates/" + number + "/events";
        contract().contentType("application/json").header("Authorization", "Bearer " + key)
                .body(Api.event("SUSPENDED", Api.TODAY, "暂停")).post(path).then().statusCode(201);
        contract().contentType("application/json").header("Authorization", "Bearer " + key)
                .body(Api.event("SUSPENDED", Api.TODAY, "再次暂停")).post(path).then().statusCode(409);
        contract().contentType("application/json").header("Authorization", "Bearer " + Api.newBody("CONTRACT-B").key())
                .body(Api.event("RESTORED", Api.TODAY, "他人恢复")).post(path).then().statusCode(403);
        contract().urlEncodingEnabled(false).contentType("text/csv").header("Authorization", "Bearer " + key)
                .body("number,scheme,grade,score,scope,issueDate,expiryDate,holderName,holderCreditCode,siteRegion\n"
                        + "X-1,AFTER_SALES,FIVE_STAR,93,s,2026-01-01,2028-12-31,n,91440106MA59C4XJ7T,440106\n")
                .post("/api/v1/certificates:import").then().statusCode(200);
        contract().contentType("application/json").header("Authorization", "Bearer " + key)
                .queryParam("surveillanceOverdue", "true").get("/api/v1/certificates").then().statusCode(200);
    }

    @Test
    void integrityRulesMatchTheContract() {
        String admin = "Bearer " + Api.BOOTSTRAP_ADMIN;
        Api.Body body = Api.newBody("CONTRACT-I");
        contract().contentType("application/json").header("Authorization", admin)
                .body(java.util.Map.of("prefix", "Q" + TestRegister.RUN + "-")).post("/api/v1/admin/bodies/" + body.code() + "/prefixes")
                .then().statusCode(201);
        contract().contentType("application/json").header("Authorization", admin)
                .body(java.util.Map.of("prefix", body.code())).post("/api/v1/admin/bodies/" + body.code() + "/prefixes")
                .then().statusCode(201);
        contract().contentType("application/json").header("Authorization", admin)
                .body(java.util.Map.of("label", "contract admin")).post("/api/v1/admin/keys").then().statusCode(201);
        String number = Api.issue(body, "440106", Api.TODAY.minusDays(20));
        String path = "/api/v1/certificates/" + number + "/events";
        java.util.Map<String, Object> rename = Api.event("HOLDER_CHANGED", Api.TODAY, "工商变更登记");
        rename.put("holderName", "合约测试新名有限公司");
        for (int i = 0; i < 2; i++) {
            contract().contentType("application/json").header("Authorization", "Bearer " + body.key())
                    .header("Idempotency-Key", "rename-" + number).body(rename).post(path).then().statusCode(201);
        }
        contract().queryParam("on", Api.TODAY.minusDays(10).toString()).get("/api/v1/certificates/" + number + "/status")
                .then().statusCode(200);
        contract().queryParam("number", number).queryParam("on", Api.TODAY.plusDays(1).toString()).get("/api/v1/verify")
                .then().statusCode(400);
        contract().header("Authorization", "Bearer " + body.key()).get("/api/v1/certificates/" + number + "/surveillance")
                .then().statusCode(200);
        contract().urlEncodingEnabled(false).contentType("text/csv").header("Authorization", "Bearer " + body.key())
                .body("number,scheme,grade,score,scope,issueDate,expiryDate,holderName,holderCreditCode,siteRegion\n"
                        + number + ",AFTER_SALES,FOUR_STAR,92,s,2026-01-01,2028-12-31,n,91440106MA59C4XJ7T,440106\n")
                .post("/api/v1/certificates:import").then().statusCode(200);
    }

    @Test
    void adminMatchesTheContract() {
        String admin = "Bearer " + Api.BOOTSTRAP_ADMIN;
        String regulator = TestRegister.code("CONTRACT-R");
        contract().contentType("application/json").header("Authorization", admin)
                .body(java.util.Map.of("code", regulator, "name", "合约测试监管局", "region", "4401"))
                .post("/api/v1/admin/regulators").then().statusCode(201);
        String created = contract().contentType("application/json").header("Authorization", admin)
                .body(java.util.Map.of("label", "contract")).post("/api/v1/admin/regulators/" + regulator + "/keys").then()
                .statusCode(201).extract().path("key");
        contract().header("Authorization", admin).queryParam("size", 5).get("/api/v1/admin/keys").then().statusCode(200);
        contract().header("Authorization", admin).delete("/api/v1/admin/keys/" + created.split("_")[1]).then().statusCode(204);
        contract().header("Authorization", admin).delete("/api/v1/admin/keys/abc").then().statusCode(400);
    }

    @Test
    void verificationMatchesTheContract() {
        Api.Body body = Api.newBody("CONTRACT-V");
        String number = Api.issue(body, "440106", Api.TODAY.minusDays(20));
        contract().get("/.well-known/jwks.json").then().statusCode(200);
        contract().get("/api/v1/certificates/" + number + "/qr.png").then().statusCode(200);
        String etag = contract().queryParam("ecc", "Q").get("/api/v1/certificates/" + number + "/qr.svg").then().statusCode(200)
                .extract().header("ETag");
        contract().header("If-None-Match", etag).queryParam("ecc", "Q").get("/api/v1/certificates/" + number + "/qr.svg")
                .then().statusCode(304);
        contract().queryParam("ecc", "Z").get("/api/v1/certificates/" + number + "/qr.png").then().statusCode(400);
        contract().accept("application/json").get("/V/NOTATOKEN").then().statusCode(200);
        contract().accept("text/html").get("/v/NOTATOKEN").then().statusCode(200);
        contract().queryParam("number", number).queryParam("creditCode", "91350100M000100Y43").get("/api/v1/verify")
                .then().statusCode(200);
        contract().queryParam("number", "NOPE-1").get("/api/v1/verify").then().statusCode(200);
        contract().contentType("application/json").body(java.util.Map.of("items", java.util.List.of(
                java.util.Map.of("number", number), java.util.Map.of("number", "NOPE-1"), java.util.Map.of("number", "bad!"))))
                .post("/api/v1/verify").then().statusCode(200);
        contract().header("Authorization", "Bearer " + body.key()).get("/api/v1/certificates/" + number + "/scans").then().statusCode(200);
    }

    @Test
    void theServiceServesItsContract() {
        given().get("/q/openapi").then().statusCode(200).body(containsString("/api/v1/certificates/{number}/status"));
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}

package cn.certregistry.access;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;

/** Who may do what, endpoint by endpoint. No request changes another body's data. */
@QuarkusTest
class AuthorizationMatrixTest {

    static Api.Body bodyA;
    static Api.Body bodyB;
    static String regulator;
    static String revoked;
    static String certificateOfA;

    @BeforeEach
    void credentials() {
        if (bodyA != null) {
            return;
        }
        bodyA = Api.newBody("AUTH-A");
        bodyB = Api.newBody("AUTH-B");
        regulator = Api.newRegulatorKey("GZ-AMR", "4401");
        revoked = Api.newKey(bodyA.code());
        as(Api.BOOTSTRAP_ADMIN).delete("/api/v1/admin/keys/" + keyId(revoked)).then().statusCode(204);
        certificateOfA = Api.issue(bodyA, "440106", TODAY.minusDays(30));
    }

    private static RequestSpecification anonymous() {
        return given().contentType("application/json");
    }

    private static RequestSpecification malformed(String header) {
        return given().contentType("application/json").header("Authorization", header);
    }

    @Test
    void issuingNeedsABodyKey() {
        Map<String, Object> request = Api.certificate(TestRegister.number(bodyA.code()), "440106", TODAY.minusDays(5));
        anonymous().body(request).post("/api/v1/certificates").then().statusCode(401)
                .contentType("application/problem+json").header("WWW-Authenticate", startsWith("Bearer"));
        malformed("Bearer").body(request).post("/api/v1/certificates").then().statusCode(401);
        malformed("Basic YWRtaW46YWRtaW4=").body(request).post("/api/v1/certificates").then().statusCode(401);
        malformed("Bearer crk_1_short").body(request).post("/api/v1/certificates").then().statusCode(401);
        malformed("Bearer " + bodyA.key() + "x").body(request).post("/api/v1/certificates").then().statusCode(401);
        as(revoked).body(request).post("/api/v1/certificates").then().statusCode(401);
        as(regulator).body(request).post("/api/v1/certificates").then().statusCode(403).contentType("application/problem+json");
        as(Api.BOOTSTRAP_ADMIN).body(request).post("/api/v1/certificates").then().statusCode(403);
        given().get("/api/v1/certificates/" + request.get("number")).then().statusCode(404);
        as(bodyA).body(request).post("/api/v1/certificates").then().statusCode(201)
                .body("body.code", equalTo(bodyA.code()));
    }

    @Test
    void onlyTheIssuingBodyRecordsEvents() {
        String path = "/api/v1/certificates/" + certificateOfA + "/events";
        Map<String, Object> suspend = Api.event("SUSPENDED", TODAY, "未按期接受监督审核");
        anonymous().body(suspend).post(path).then().statusCode(401);
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
        given().contentType("text/csv").header("Authorization", "Bearer " + bodyA.key()).body(csv)
                .post("/api/v1/certificates:import").then().statusCode(200).body("rows", equalTo(0));
    }

    @Test
    void adminEndpointsNeedAnAdminKey() {
        String code = TestRegister.code("AUTH-C");
        Map<String, Object> newBody = Map.of("code", code, "name", "丙认证有限公司", "approvalNumber", TestRegister.approvalNumber());
        anonymous().body(newBody).post("/api/v1/admin/bodies").then().statusCode(401);
        as(bodyA).body(newBody).post("/api/v1/admin/bodies").then().statusCode(403);
        as(regulator).body(newBody).post("/api/v1/admin/bodies").then().statusCode(403);
        as(revoked).body(newBody).post("/api/v1/admin/bodies").then().statusCode(401);
        as(bodyA).body(Map.of()).post("/api/v1/admin/bodies/" + bodyA.code() + "/keys").then().statusCode(403);
        as(bodyA).delete("/api/v1/admin/keys/1").then().statusCode(403);
        as(regulator).get("/api/v1/admin/keys").then().statusCode(403);
        as(bodyA).body(Map.of("code", "X-AMR", "name", "x", "region", "44")).post("/api/v1/admin/regulators").then().statusCode(403);

        as(Api.BOOTSTRAP_ADMIN).body(newBody).post("/api/v1/admin/bodies").then().statusCode(201).body("code", equalTo(code));
        as(Api.BOOTSTRAP_ADMIN).body(newBody).post("/api/v1/admin/bodies").then().statusCode(409);
        as(Api.BOOTSTRAP_ADMIN).get("/api/v1/admin/keys?size=100").then().statusCode(200)
                .body("items", everyItem(not(org.hamcrest.Matchers.hasKey("key"))))
                .body("items", everyItem(not(org.hamcrest.Matchers.hasKey("secretHash"))));
        assertEquals("regulator", keyView(keyId(regulator)).get("role"));
    }

    @Test
    void keysRecordWhenTheyWereLastUsed() {
        String key = Api.newKey(bodyB.code());
        Map<String, Object> unused = keyView(keyId(key));
        assertNull(unused.get("lastUsedAt"));
        assertNotNull(unused.get("createdAt"));
        as(key).body(Api.event("SUSPENDED", TODAY, "x")).post("/api/v1/certificates/" + certificateOfA + "/events")
                .then().statusCode(403);
        assertNotNull(keyView(keyId(key)).get("lastUsedAt"));
    }

    @Test
    void surveillanceListsAreScopedToTheCaller() {
        String overdueA = Api.issue(bodyA, "440106", TODAY.minusDays(500));
        String overdueB = Api.issue(bodyB, "310104", TODAY.minusDays(500));
        given().queryParam("surveillanceOverdue", "true").get("/api/v1/certificates").then().statusCode(401);
        as(bodyA).queryParam("surveillanceOverdue", "true").queryParam("size", 100).get("/api/v1/certificates").then()
                .statusCode(200).body("items.number", contains(overdueA));
        as(bodyA).queryParam("surveillanceOverdue", "true").queryParam("body", bodyB.code()).get("/api/v1/certificates").then()
                .statusCode(200).body("items", empty());
        // the regulator of 广州市 sees A's certificate in 天河区, not B's in 上海
        as(regulator).queryParam("surveillanceOverdue", "true").queryParam("body", bodyA.code()).get("/api/v1/certificates")
                .then().statusCode(200).body("items.number", contains(overdueA));
        as(regulator).queryParam("surveillanceOverdue", "true").queryParam("body", bodyB.code()).get("/api/v1/certificates")
                .then().statusCode(200).body("items", empty());
        as(regulator).queryParam("surveillanceOverdue", "true").queryParam("size", 100).get("/api/v1/certificates").then()
                .statusCode(200).body("items.siteRegion.code", everyItem(startsWith("4401")));
        as(Api.BOOTSTRAP_ADMIN).queryParam("surveillanceOverdue", "true").queryParam("body", bodyB.code())
                .get("/api/v1/certificates").then().statusCode(200).body("items.number", contains(overdueB));

        // a subscriber (a platform's webhook key) oversees no certificate: no surveillance, in lists or one by one
        String subscriber = Api.newSubscriberKey("SURV-SUB");
        as(subscriber).queryParam("surveillanceOverdue", "true").get("/api/v1/certificates").then().statusCode(403);
        as(subscriber).get("/api/v1/certificates/" + overdueA + "/surveillance").then().statusCode(403);
        // the pages follow the same rule: refused to visitors and subscribers, a body sees its own only
        given().accept("text/html").queryParam("surveillanceOverdue", "true").get("/").then().statusCode(401)
                .body(not(containsString(overdueA)));
        given().accept("text/html").queryParam("surveillanceOverdue", "false").get("/").then().statusCode(401);
        given().accept("text/html").header("Authorization", "Bearer " + subscriber).queryParam("surveillanceOverdue", "true")
                .get("/").then().statusCode(403).body(not(containsString(overdueA)));
        given().accept("text/html").header("Authorization", "Bearer " + bodyA.key()).queryParam("surveillanceOverdue", "true")
                .queryParam("size", 100).get("/").then().statusCode(200).body(containsString(overdueA))
                .body(not(containsString(overdueB)));
        given().accept("text/html").header("Authorization", "Bearer " + regulator).queryParam("surveillanceOverdue", "true")
                .queryParam("size", 100).get("/").then().statusCode(200).body(not(containsString(overdueB)));
        // a region's page and its exports take no surveillance filter from anyone
        for (String path : List.of("/regions/4401", "/regions/4401/export.csv")) {
            given().header("Authorization", "Bearer " + Api.BOOTSTRAP_ADMIN).queryParam("surveillanceOverdue", "true").get(path)
                    .then().statusCode(400);
        }
    }

    /**
     * Surveillance status, role by role and surface by surface: who sees that a body's certificate is overdue (the body,
     * the regulator of its city, an administrator) sees it in the API's list, one by one and on the search page; nobody
     * else does on any of them (a visitor is asked to sign in, a subscriber and another body are refused or see
     * nothing), and no other page or export takes the filter from anyone.
     */
    @Test
    void everyRoleSeesSurveillanceOnEverySurfaceAsTheOneRuleSays() {
        // a body of its own, so that the other tests' lists of A's overdue certificates stay as they expect
        Api.Body issuer = Api.newBody("SURV-ALL");
        String overdue = Api.issue(issuer, "440106", TODAY.minusDays(500));
        String subscriber = Api.newSubscriberKey("SURV-ALL");
        String shanghai = Api.newRegulatorKey("SH-AMR-" + System.nanoTime() % 100_000, "31");
        record Role(String name, String key, boolean sees, int refusedWith) {
        }
        List<Role> roles = List.of(new Role("visitor", null, false, 401), new Role("subscriber", subscriber, false, 403),
                new Role("another body", bodyA.key(), false, 403), new Role("another city's regulator", shanghai, false, 403),
                new Role("the issuing body", issuer.key(), true, 0), new Role("the city's regulator", regulator, true, 0),
                new Role("administrator", Api.BOOTSTRAP_ADMIN, true, 0));
        List<String> otherPages = List.of("/regions", "/regions/4401", "/regions/4401/export.csv", "/regions/4401/trends.csv",
                "/regions/4401/feed.atom", "/bodies/" + issuer.code() + "/feed.atom", "/certificates/" + overdue, "/procurement",
                "/verify-offline");
        for (Role role : roles) {
            java.util.function.Supplier<RequestSpecification> as = () -> role.key() == null ? given()
                    : given().header("Authorization", "Bearer " + role.key());
            String list = as.get().accept("application/json").queryParam("surveillanceOverdue", "true")
                    .queryParam("body", issuer.code()).queryParam("size", 100).get("/api/v1/certificates").then()
                    .statusCode(org.hamcrest.Matchers.oneOf(200, 401, 403)).extract().asString();
            int one = as.get().accept("application/json").get("/api/v1/certificates/" + overdue + "/surveillance").statusCode();
            var page = as.get().accept("text/html").queryParam("surveillanceOverdue", "true").queryParam("body", issuer.code())
                    .queryParam("size", 100).get("/").then().extract();
            if (role.sees()) {
                assertEquals(true, list.contains(overdue), role.name() + " sees A's overdue certificate in the API's list");
                assertEquals(200, one, role.name() + " sees its surveillance one by one");
                assertEquals(200, page.statusCode(), role.name() + " on the search page");
                assertEquals(true, page.asString().contains(overdue), role.name() + " sees it on the search page");
            } else {
                assertEquals(false, list.contains(overdue), role.name() + " does not see it in the API's list");
                assertEquals(true, one == 401 || one == 403 || one == 404, role.name() + " is refused it one by one: " + one);
                assertEquals(false, page.asString().contains(overdue), role.name() + " does not see it on the search page");
                if (role.refusedWith() == 401) {
                    assertEquals(401, page.statusCode(), "a visitor is asked to sign in");
                }
            }
            for (String path : otherPages) {
                int status = as.get().queryParam("surveillanceOverdue", "true").get(path).statusCode();
                assertEquals(true, status == 400 || status == 200 && !path.startsWith("/regions/"),
                        role.name() + " " + path + "?surveillanceOverdue=true answered " + status);
            }
        }
    }

    private static long keyId(String key) {
        return Long.parseLong(key.split("_")[1]);
    }

    /** The admin's listing of one key. Keys are listed oldest first, so a new key is on one of the last pages. */
    private static Map<String, Object> keyView(long id) {
        int pages = as(Api.BOOTSTRAP_ADMIN).queryParam("size", 100).get("/api/v1/admin/keys").then().statusCode(200)
                .extract().path("totalPages");
        for (int page = pages; page >= 1; page--) {
            List<Map<String, Object>> items = as(Api.BOOTSTRAP_ADMIN).queryParam("size", 100).queryParam("page", page)
                    .get("/api/v1/admin/keys").then().statusCode(200).extract().path("items");
            for (Map<String, Object> item : items) {
                if (((Number) item.get("id")).longValue() == id) {
                    return item;
                }
            }
        }
        return fail("the admin's list of keys lacks key " + id);
    }
}

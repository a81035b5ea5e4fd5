package cn.certregistry.directory;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;
import cn.certregistry.register.EventKind;

/**
 * The directory of certification bodies: filters, the approval rule deciding "approved for a scheme today", the page
 * and the API saying the same, and surveillance figures kept from the public.
 */
@QuarkusTest
class DirectoryTest {

    private static final LocalDate TODAY = Api.TODAY;
    private static final List<String> ALL = List.of("AFTER_SALES", "AFTER_SALES_COMPLETENESS", "CUSTOMER_SATISFACTION");
    private static final String NO_MATCH_ZH = "本登记簿中没有此名称的获批认证机构";
    private static final String NO_MATCH_EN = "ot an approved certification body in this register";

    /** This run's bodies, written once for the class. */
    private static Fixture fixture;

    record Fixture(String token, String approved, String unrecorded, String oneScheme, String shenzhen, String revoked,
            String suspended, String revokedName, String valid, String overdue) {
    }

    @Inject
    TestRegister register;
    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void bodies() {
        if (fixture != null) {
            return;
        }
        ApprovalRecords records = new ApprovalRecords(dataSource);
        String token = TestRegister.name();
        String approved = register.newBody("DIRA", token + "甲认证有限公司");
        records.contact(approved, "广州市天河区天河路385号", "440106", "020-85551234");
        records.approved(approved, TODAY.minusYears(2), TODAY.plusYears(2), ALL, "批准");

        String unrecorded = register.newBody("DIRU", token + "乙认证有限公司");
        records.contact(unrecorded, "广州市番禺区市桥街1号", "440113", "020-84441234");

        String oneScheme = register.newBody("DIRO", token + "丙认证有限公司");
        records.contact(oneScheme, "广州市越秀区中山五路1号", "440104", "020-83331234");
        records.approved(oneScheme, TODAY.minusYears(1), TODAY.plusYears(3), List.of("CUSTOMER_SATISFACTION"), "批准");

        String shenzhen = register.newBody("DIRS", token + "丁认证有限公司");
        records.contact(shenzhen, "深圳市南山区科技园路8号", "440305", "0755-86661234");
        records.approved(shenzhen, TODAY.minusYears(1), TODAY.plusYears(3), ALL, "批准");

        String revokedName = token + "戊认证有限公司";
        String revoked = register.newBody("DIRR", revokedName);
        records.contact(revoked, "广州市海珠区新港中路1号", "440105", "020-82221234");
        records.approved(revoked, TODAY.minusYears(3), TODAY.plusYears(1), ALL, "批准");
        records.event(revoked, "REVOKED", TODAY.minusDays(200), "监督检查发现严重问题，撤销批准");

        String suspended = register.newBody("DIRP", token + "己认证有限公司");
        records.contact(suspended, "广州市白云区机场路1号", "440111", "020-81111234");
        records.approved(suspended, TODAY.minusYears(2), TODAY.plusYears(2), ALL, "批准");
        records.event(suspended, "SUSPENDED", TODAY.minusDays(30), "暂停批准，限期整改");

        // two certificates of the approved body in 广州: one with its surveillance overdue, one suspended
        String overdue = register.issue(approved, TestRegister.number(approved), "广州" + token + "电器有限公司",
                TestRegister.creditCode("440106"), "440106", TODAY.minusDays(500));
        String valid = register.issue(approved, TestRegister.number(approved), "广州" + token + "家具有限公司",
                TestRegister.creditCode("440106"), "440106", TODAY.minusDays(100));
        register.record(approved, valid, EventKind.SUSPENDED, TODAY.minusDays(10), "未按期整改");
        fixture = new Fixture(token, approved, unrecorded, oneScheme, shenzhen, revoked, suspended, revokedName, valid, overdue);
    }

    @Test
    void cityAndSchemeFindExactlyTheBodiesApprovedForItThere() {
        JsonPath page = Api.contract().queryParam("region", "4401").queryParam("scheme", "AFTER_SALES")
                .queryParam("q", fixture.token()).queryParam("size", 100).get("/api/v1/bodies").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(Set.of(fixture.approved(), fixture.unrecorded()), new TreeSet<>(page.getList("items.code")));
        assertEquals(2, page.getInt("total"));

        JsonPath all = Api.contract().queryParam("q", fixture.token()).get("/api/v1/bodies").then().statusCode(200).extract()
                .jsonPath();
        assertEquals(6, all.getInt("total"), "every body of the run without a filter, approved or not");
        Map<String, Object> unrecorded = item(all, fixture.unrecorded());
        assertEquals(Map.of("status", "UNRECORDED", "label", Map.of("zh", "批准情况未登记", "en", "approval not recorded"),
                "recorded", false, "schemes", ALL), without(approval(unrecorded), "validUntil", "since"));
        Map<String, Object> approved = item(all, fixture.approved());
        assertEquals("IN_FORCE", approval(approved).get("status"));
        assertEquals(TODAY.plusYears(2).toString(), approval(approved).get("validUntil"));
        assertEquals("020-85551234", approved.get("phone"));
        assertEquals(Map.of("code", "440106", "name", "天河区", "path", "广东省 广州市 天河区"), approved.get("region"));
        assertEquals(Map.of("AFTER_SALES", 1, "AFTER_SALES_COMPLETENESS", 0, "CUSTOMER_SATISFACTION", 0),
                approved.get("certificatesInForce"), "the suspended certificate is not in force");
        assertEquals(List.of("CUSTOMER_SATISFACTION"), approval(item(all, fixture.oneScheme())).get("schemes"));
        assertEquals("REVOKED", approval(item(all, fixture.revoked())).get("status"));
        assertEquals(List.of(), approval(item(all, fixture.revoked())).get("schemes"));
        assertEquals("SUSPENDED", approval(item(all, fixture.suspended())).get("status"));

        Api.contract().queryParam("region", "广东省").queryParam("scheme", "CUSTOMER_SATISFACTION").queryParam("q", fixture.token())
                .queryParam("size", 100).get("/api/v1/bodies").then().statusCode(200)
                .body("items.code", hasItem(fixture.oneScheme())).body("items.code", hasItem(fixture.shenzhen()))
                .body("items.code", not(hasItem(fixture.revoked())));
        Api.contract().queryParam("scheme", "NO_SUCH").get("/api/v1/bodies").then().statusCode(400)
                .body("parameter", equalTo("scheme"));
        Api.contract().queryParam("region", "999999").get("/api/v1/bodies").then().statusCode(400);
    }

    @Test
    void thePageListsWhatTheApiGives() {
        List<String> api = Api.contract().queryParam("region", "440100").queryParam("scheme", "AFTER_SALES")
                .queryParam("q", fixture.token()).queryParam("size", 100).get("/api/v1/bodies").then().statusCode(200)
                .extract().jsonPath().getList("items.code");
        String html = given().queryParam("province", "440000").queryParam("city", "440100").queryParam("scheme", "AFTER_SALES")
                .queryParam("q", fixture.token()).get("/bodies").then().statusCode(200).contentType(containsString("text/html"))
                .extract().asString();
        assertEquals(new TreeSet<>(api), rows(html));
        assertEquals(Set.of(fixture.approved(), fixture.unrecorded()), rows(html));
        org.hamcrest.MatcherAssert.assertThat(html, not(containsString(NO_MATCH_ZH)));

        String entry = given().get("/bodies/" + fixture.unrecorded()).then().statusCode(200).extract().asString();
        org.hamcrest.MatcherAssert.assertThat(entry, containsString("有效期未知"));
        org.hamcrest.MatcherAssert.assertThat(entry, containsString("/?body=" + fixture.unrecorded()));
        String revoked = given().queryParam("lang", "en").get("/bodies/" + fixture.revoked()).then().statusCode(200).extract()
                .asString();
        org.hamcrest.MatcherAssert.assertThat(revoked, containsString("approval revoked"));
        org.hamcrest.MatcherAssert.assertThat(revoked, containsString("监督检查发现严重问题"));
        given().get("/bodies/NO-SUCH-BODY").then().statusCode(404);
    }

    @Test
    void aNameThatNamesNoApprovedBodySaysSo() {
        String nobody = fixture.token() + "不存在";
        given().queryParam("q", nobody).get("/bodies").then().statusCode(200).body(containsString(NO_MATCH_ZH));
        given().queryParam("q", nobody).queryParam("lang", "en").get("/bodies").then().statusCode(200)
                .body(containsString(NO_MATCH_EN));
        // a revoked body is listed with its status, and is no approved body
        given().queryParam("q", fixture.revokedName()).get("/bodies").then().statusCode(200).body(containsString(NO_MATCH_ZH))
                .body(containsString("批准已撤销"));
        given().queryParam("q", fixture.token() + "甲").get("/bodies").then().statusCode(200).body(not(containsString(NO_MATCH_ZH)));
    }

    @Test
    void aBodysEntryHasItsHistoryPrefixesChangesAndGrades() {
        JsonPath body = Api.contract().get("/api/v1/bodies/" + fixture.revoked().toLowerCase()).then().statusCode(200).extract()
                .jsonPath();
        assertEquals(List.of("APPROVED", "REVOKED"), body.getList("history.kind"));
        assertEquals(List.of(fixture.revoked() + "-"), body.getList("numberPrefixes"));
        assertEquals(24, body.getList("changesPerMonth").size());
        JsonPath approved = Api.contract().get("/api/v1/bodies/" + fixture.approved()).then().statusCode(200).extract().jsonPath();
        assertEquals(1, approved.getInt("changesPerMonth.find { it.month == '" + TODAY.minusDays(10).toString().substring(0, 7)
                + "' }.counts.SUSPENDED"));
        assertEquals(1, approved.getInt("grades.find { it.scheme == 'AFTER_SALES' }.total"));
        assertEquals(1.0, approved.getDouble("grades.find { it.scheme == 'AFTER_SALES' }.grades.find { it.grade == 'FOUR_STAR' }.share"));
        Api.contract().get("/api/v1/bodies/NO-SUCH-BODY").then().statusCode(404);
    }

    @Test
    void surveillanceFiguresAreForRegulatorsOnly() {
        given().queryParam("q", fixture.token()).get("/api/v1/regulator/bodies").then().statusCode(401)
                .contentType("application/problem+json");
        Api.Body body = Api.newBody("DIRK");
        given().header("Authorization", "Bearer " + body.key()).queryParam("q", fixture.token()).get("/api/v1/regulator/bodies")
                .then().statusCode(403).contentType("application/problem+json");
        // nothing of surveillance on the public JSON nor the pages
        given().queryParam("q", fixture.token()).get("/api/v1/bodies").then().statusCode(200)
                .body(not(containsString("urveillance")));
        given().get("/bodies/" + fixture.approved()).then().statusCode(200).body(not(containsString("监督审核")));

        String guangzhou = Api.newRegulatorKey("DIRG", "4401");
        JsonPath figures = Api.contract().header("Authorization", "Bearer " + guangzhou).queryParam("q", fixture.token())
                .queryParam("size", 100).get("/api/v1/regulator/bodies").then().statusCode(200).extract().jsonPath();
        String approved = "items.find { it.code == '" + fixture.approved() + "' }.";
        assertEquals(2, figures.getInt(approved + "certificates"));
        assertEquals(0.5, figures.getDouble(approved + "suspendedOrWithdrawnShare"));
        assertEquals(0.5, figures.getDouble(approved + "surveillanceOverdueShare"));
        assertEquals(1, figures.getInt(approved + "grades.find { it.scheme == 'AFTER_SALES' }.total"));
        // a regulator elsewhere sees none of the certificates in 广州
        String beijing = Api.newRegulatorKey("DIRB", "11");
        Api.contract().header("Authorization", "Bearer " + beijing).queryParam("q", fixture.token()).queryParam("size", 100)
                .get("/api/v1/regulator/bodies").then().statusCode(200)
                .body("items.find { it.code == '" + fixture.approved() + "' }.certificates", equalTo(0));
        Api.contract().header("Authorization", "Bearer " + Api.BOOTSTRAP_ADMIN).queryParam("q", fixture.token())
                .get("/api/v1/regulator/bodies").then().statusCode(200)
                .body("items.find { it.code == '" + fixture.approved() + "' }.surveillanceOverdue", equalTo(1));
    }

    private static Set<String> rows(String html) {
        Set<String> codes = new TreeSet<>();
        Matcher row = Pattern.compile("<tr id=\"body-([A-Z0-9-]+)\"").matcher(html);
        while (row.find()) {
            codes.add(row.group(1));
        }
        return codes;
    }

    private static Map<String, Object> item(JsonPath page, String code) {
        return page.getMap("items.find { it.code == '" + code + "' }");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> approval(Map<String, Object> item) {
        return (Map<String, Object>) item.get("approval");
    }

    private static Map<String, Object> without(Map<String, Object> map, String... keys) {
        Map<String, Object> copy = new java.util.HashMap<>(map);
        for (String key : keys) {
            copy.remove(key);
        }
        return copy;
    }
}

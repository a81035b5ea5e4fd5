package cn.certregistry.register;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

import java.time.LocalDate;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

import cn.certregistry.TestRegister;

@QuarkusTest
class CertificateSearchTest {

    static RegisterFixture fixture;

    @Inject
    TestRegister register;

    @BeforeEach
    void loadFixture() {
        fixture = RegisterFixture.shared(register);
    }

    private static RequestSpecification search() {
        return given().queryParam("q", fixture.token).queryParam("size", 100);
    }

    @Test
    void findsHoldersByATwoCharacterChineseFragment() {
        search().get("/api/v1/certificates").then().statusCode(200)
                .body("total", equalTo(RegisterFixture.TOTAL))
                .body("items.holder.name", everyItem(org.hamcrest.Matchers.containsString(fixture.token)));
        // two characters are common to other tests' holders: the body keeps to this fixture's
        String last = fixture.token.substring(fixture.token.length() - 1);
        given().queryParam("q", last + "电").queryParam("body", fixture.bodyA).get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", contains(fixture.guangzhou));
        given().queryParam("q", fixture.token + "门窗").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", contains(fixture.hangzhou));
        // characters present but not adjacent do not match: 州 and 门 are both in 杭州…门窗, with the token between them (the
        // token's own first character was used here, and the token's last is the same one time in 32)
        given().queryParam("q", "州门").queryParam("body", fixture.bodyA).get("/api/v1/certificates")
                .then().statusCode(200).body("items.number", not(org.hamcrest.Matchers.hasItem(fixture.hangzhou)));
    }

    @Test
    void filtersByCreditCodeAndNumber() {
        given().queryParam("creditCode", fixture.shenzhenCreditCode.toLowerCase()).get("/api/v1/certificates")
                .then().statusCode(200).body("items.number", contains(fixture.shenzhen));
        given().queryParam("number", fixture.beijing.toLowerCase()).get("/api/v1/certificates")
                .then().statusCode(200).body("items.number", contains(fixture.beijing));
    }

    @Test
    void filtersBySchemeGradeAndBody() {
        search().queryParam("scheme", "CUSTOMER_SATISFACTION").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", contains(fixture.shenzhen));
        search().queryParam("grade", "SIX_STAR").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", contains(fixture.beijing));
        search().queryParam("body", fixture.bodyB).get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", containsInAnyOrder(fixture.shenzhen, fixture.changchun));
    }

    @Test
    void filtersByCurrentStatus() {
        search().queryParam("status", "VALID").get("/api/v1/certificates").then().statusCode(200)
                .body("total", equalTo(27)).body("items.status.code", everyItem(equalTo("VALID")))
                .body("items.number", org.hamcrest.Matchers.hasItems(fixture.guangzhou, fixture.shenzhen));
        search().queryParam("status", "SUSPENDED").get("/api/v1/certificates").then().statusCode(200).body("total", equalTo(0));
        search().queryParam("status", "expired").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", contains(fixture.beijing)).body("items[0].status.code", equalTo("EXPIRED"))
                .body("items[0].status.label.zh", equalTo("过期"));
        search().queryParam("status", "WITHDRAWN").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", contains(fixture.changchun));
        search().queryParam("status", "CANCELLED").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", contains(fixture.hangzhou)).body("items[0].status.label.en", equalTo("cancelled"));
    }

    @Test
    void filtersByRegionCodeAtEachLevel() {
        search().queryParam("region", "440106").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", contains(fixture.guangzhou));
        search().queryParam("region", "4401").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", contains(fixture.guangzhou));
        search().queryParam("region", "440100").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", contains(fixture.guangzhou));
        search().queryParam("region", "44").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", containsInAnyOrder(fixture.guangzhou, fixture.shenzhen));
    }

    @Test
    void filtersByRegionNameAtEachLevel() {
        search().queryParam("region", "天河区").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", contains(fixture.guangzhou))
                .body("items[0].siteRegion.path", equalTo("广东省 广州市 天河区"));
        search().queryParam("region", "广州市").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", contains(fixture.guangzhou));
        search().queryParam("region", "广州").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", contains(fixture.guangzhou));
        search().queryParam("region", "广东省").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", containsInAnyOrder(fixture.guangzhou, fixture.shenzhen));
        search().queryParam("region", "北京市").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", contains(fixture.beijing));
        // two districts share the name 朝阳区 (北京 and 长春): both count
        search().queryParam("region", "朝阳区").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", containsInAnyOrder(fixture.beijing, fixture.changchun));
    }

    @Test
    void filtersByIssueAndExpiryDates() {
        search().queryParam("issuedFrom", day(RegisterFixture.SHENZHEN_ISSUED))
                .queryParam("issuedTo", day(RegisterFixture.SHENZHEN_ISSUED.plusDays(10))).get("/api/v1/certificates")
                .then().statusCode(200).body("items.number", contains(fixture.shenzhen));
        search().queryParam("expiresTo", day(RegisterFixture.BEIJING_EXPIRES)).get("/api/v1/certificates").then()
                .statusCode(200).body("items.number", contains(fixture.beijing));
        LocalDate guangzhouExpires = RegisterFixture.GUANGZHOU_ISSUED.plusYears(3).minusDays(1);
        search().queryParam("expiresFrom", day(guangzhouExpires)).queryParam("expiresTo", day(guangzhouExpires))
                .get("/api/v1/certificates").then().statusCode(200).body("items.number", contains(fixture.guangzhou));
    }

    @Test
    void filtersByValidityOnAPastDay() {
        LocalDate suspended = RegisterFixture.SHENZHEN_SUSPENDED;
        LocalDate restored = RegisterFixture.SHENZHEN_RESTORED;
        assertValidOn(RegisterFixture.SHENZHEN_ISSUED.minusDays(1), 0);
        assertValidOn(RegisterFixture.SHENZHEN_ISSUED, 1);
        assertValidOn(suspended.minusDays(1), 1);
        assertValidOn(suspended, 0);
        assertValidOn(restored.minusDays(1), 0);
        assertValidOn(restored, 1);
        // withdrawn: valid the day before, not on the day
        LocalDate withdrawn = RegisterFixture.CHANGCHUN_WITHDRAWN;
        search().queryParam("validOn", day(withdrawn.minusDays(1))).queryParam("region", "220104").get("/api/v1/certificates")
                .then().body("items.number", contains(fixture.changchun));
        search().queryParam("validOn", day(withdrawn)).queryParam("region", "220104").get("/api/v1/certificates")
                .then().body("items", empty());
        // the expiry date is the last valid day
        search().queryParam("validOn", day(RegisterFixture.BEIJING_EXPIRES)).queryParam("region", "110105")
                .get("/api/v1/certificates").then().body("items.number", contains(fixture.beijing));
        search().queryParam("validOn", day(RegisterFixture.BEIJING_EXPIRES.plusDays(1))).queryParam("region", "110105")
                .get("/api/v1/certificates").then().body("items", empty());
    }

    private static void assertValidOn(LocalDate day, int expected) {
        given().queryParam("creditCode", fixture.shenzhenCreditCode).queryParam("validOn", day(day))
                .get("/api/v1/certificates").then().statusCode(200).body("total", equalTo(expected));
    }

    private static String day(LocalDate date) {
        return date.toString();
    }

    @Test
    void sortsOnRequest() {
        search().queryParam("sort", "issueDate").get("/api/v1/certificates").then().statusCode(200)
                .body("items[0].number", equalTo(fixture.beijing));
        search().queryParam("sort", "-issueDate").get("/api/v1/certificates").then().statusCode(200)
                .body("items[0].number", equalTo(fixture.chengdu.get(24)));
        search().queryParam("sort", "-score").queryParam("region", "44").get("/api/v1/certificates").then().statusCode(200)
                .body("items.number", contains(fixture.guangzhou, fixture.shenzhen));
    }

    @Test
    void pagesWithTotalsAndLinks() {
        given().queryParam("q", fixture.chengduFragment).queryParam("size", 10).queryParam("page", 2).queryParam("sort", "issueDate")
                .get("/api/v1/certificates").then().statusCode(200)
                .body("total", equalTo(25)).body("page", equalTo(2)).body("size", equalTo(10)).body("totalPages", equalTo(3))
                .body("items", hasSize(10))
                .body("items[0].number", equalTo(fixture.chengdu.get(10)))
                .body("links.next", org.hamcrest.Matchers.containsString("page=3"))
                .body("links.prev", org.hamcrest.Matchers.containsString("page=1"))
                .body("links.last", org.hamcrest.Matchers.containsString("page=3"));
        given().queryParam("q", fixture.chengduFragment).queryParam("size", 10).queryParam("page", 3)
                .get("/api/v1/certificates").then().statusCode(200).body("items", hasSize(5)).body("links", not(hasKey("next")));
        given().queryParam("q", fixture.chengduFragment).queryParam("size", 10).queryParam("page", 4)
                .get("/api/v1/certificates").then().statusCode(200).body("items", empty()).body("total", equalTo(25));
    }

    @Test
    void flagsACreditCodeThatFailsItsCheck() {
        given().get("/api/v1/certificates/" + fixture.hangzhou).then().statusCode(200)
                .body("holder.creditCode", equalTo(fixture.hangzhouCreditCode))
                .body("holder.creditCodeCheckPassed", equalTo(false));
        given().get("/api/v1/certificates/" + fixture.guangzhou).then().statusCode(200)
                .body("holder.creditCodeCheckPassed", equalTo(true));
    }
}

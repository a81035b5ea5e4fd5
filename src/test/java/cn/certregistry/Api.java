package cn.certregistry;

import static io.restassured.RestAssured.given;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Drives the issuing API over HTTP, as a certification body's system would. */
public final class Api {

    public static final String BOOTSTRAP_ADMIN = "test-only-bootstrap-admin-key-not-for-production";
    public static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));
    private static final AtomicInteger SEQUENCE = new AtomicInteger(1);

    private Api() {
    }

    public static RequestSpecification as(String key) {
        RequestSpecification request = given().contentType(ContentType.JSON);
        return key == null ? request : request.header("Authorization", "Bearer " + key);
    }

    /** Registers a body (if new) and returns a fresh key for it. */
    public static String bodyKey(String code) {
        as(BOOTSTRAP_ADMIN).body(Map.of("code", code, "name", code + "认证有限公司",
                "approvalNumber", "CNCA-R-2020-" + code.replace("-", ""), "numberPrefixes", java.util.List.of(code + "-")))
                .post("/api/v1/admin/bodies");
        return as(BOOTSTRAP_ADMIN).body(Map.of("label", "test")).post("/api/v1/admin/bodies/" + code + "/keys")
                .then().statusCode(201).extract().path("key");
    }

    public static String regulatorKey(String code, String region) {
        as(BOOTSTRAP_ADMIN).body(Map.of("code", code, "name", code + "市场监督管理局", "region", region))
                .post("/api/v1/admin/regulators");
        return as(BOOTSTRAP_ADMIN).body(Map.of()).post("/api/v1/admin/regulators/" + code + "/keys")
                .then().statusCode(201).extract().path("key");
    }

    public static String uniqueNumber(String prefix) {
        return prefix + "-" + System.nanoTime() % 1_000_000 + "-" + SEQUENCE.getAndIncrement();
    }

    /** A valid after-sales certificate request (四星级, 92 points with sub-scores adding up). */
    public static Map<String, Object> certificate(String number, String district, LocalDate issueDate) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("number", number);
        body.put("scheme", "AFTER_SALES");
        body.put("grade", "FOUR_STAR");
        body.put("score", 92);
        body.put("scoreScale", 100);
        body.put("subScores", Map.of("SERVICE_SYSTEM", 37, "PRODUCT_SERVICE", 33, "CUSTOMER_SERVICE", 22));
        body.put("scope", "家用电器的安装、维修与退换货服务");
        body.put("issueDate", issueDate.toString());
        body.put("expiryDate", issueDate.plusYears(3).minusDays(1).toString());
        body.put("holderName", "广州接口测试电器有限公司");
        body.put("holderCreditCode", TestRegister.creditCode(district));
        body.put("holderRegion", district);
        body.put("siteRegion", district);
        body.put("siteAddress", "测试大道1号");
        return body;
    }

    public static Map<String, Object> event(String kind, LocalDate day, String reason) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("kind", kind);
        body.put("effectiveDate", day.toString());
        body.put("reason", reason);
        return body;
    }

    public static String issue(String key, String number, String district, LocalDate issueDate) {
        return as(key).body(certificate(number, district, issueDate)).post("/api/v1/certificates")
                .then().statusCode(201).extract().path("number");
    }
}

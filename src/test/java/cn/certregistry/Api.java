package cn.certregistry;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.config.ConfigProvider;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.OpenApiValidationFilter;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

/** Drives the issuing API over HTTP, as a certification body's system would. */
public final class Api {

    public static final String BOOTSTRAP_ADMIN = "test-only-bootstrap-admin-key-not-for-production";
    /** The service's today as well: the fixed day of registry.today in the test profile. */
    public static final LocalDate TODAY = ConfigProvider.getConfig().getValue("registry.today", LocalDate.class);
    private static final String SPECIFICATION = Path.of("openapi", "openapi.yaml").toAbsolutePath().toUri().toString();
    /** Checks requests and answers against the contract in openapi/openapi.yaml. */
    public static final OpenApiValidationFilter CONTRACT = new OpenApiValidationFilter(OpenApiInteractionValidator
            .createForSpecificationUrl(SPECIFICATION).build());
    /**
     * Checks only the answers: for uploads (the validator does not read multipart bodies) and for requests that break
     * the contract on purpose.
     */
    public static final OpenApiValidationFilter ANSWERS = new OpenApiValidationFilter(OpenApiInteractionValidator
            .createForSpecificationUrl(SPECIFICATION).withLevelResolver(LevelResolver.create()
                    .withLevel("validation.request", ValidationReport.Level.IGNORE).build()).build());

    /** A registered certification body and a key for it. */
    public record Body(String code, String key) {
    }

    private Api() {
    }

    /** Requests and responses checked against the contract in openapi/openapi.yaml. */
    public static RequestSpecification contract() {
        return given().filter(CONTRACT);
    }

    /** An upload whose answer is checked against the contract in openapi/openapi.yaml. */
    public static RequestSpecification contractForUploads() {
        return given().filter(ANSWERS);
    }

    public static RequestSpecification as(String key) {
        return given().contentType(ContentType.JSON).header("Authorization", "Bearer " + key);
    }

    public static RequestSpecification as(Body body) {
        return as(body.key());
    }

    /** Registers a new body, its code unique to this run ({@code prefix} and the run id), with a key. */
    public static Body newBody(String prefix) {
        String code = TestRegister.code(prefix);
        as(BOOTSTRAP_ADMIN).body(Map.of("code", code, "name", code + "认证有限公司", "approvalNumber", TestRegister.approvalNumber(),
                "numberPrefixes", List.of(code + "-"))).post("/api/v1/admin/bodies").then().statusCode(201);
        return new Body(code, newKey(code));
    }

    /** A further key for a registered body. */
    public static String newKey(String bodyCode) {
        return as(BOOTSTRAP_ADMIN).body(Map.of("label", "test")).post("/api/v1/admin/bodies/" + bodyCode + "/keys")
                .then().statusCode(201).extract().path("key");
    }


    /** Registers a new regulator of a region (a code prefix), its code unique to this run, and returns a key for it. */
    public static String newRegulatorKey(String prefix, String region) {
        String code = TestRegister.code(prefix);
        as(BOOTSTRAP_ADMIN).body(Map.of("code", code, "name", code + "市场监督管理局", "region", region))
                .post("/api/v1/admin/regulators").then().statusCode(201);
        return as(BOOTSTRAP_ADMIN).body(Map.of()).post("/api/v1/admin/regulators/" + code + "/keys")
                .then().statusCode(201).extract().path("key");
    }

    /** A new subscriber (a platform that receives webhooks), its code unique to this run, and a key for it. */
    public static String newSubscriberKey(String prefix) {
        String code = TestRegister.code(prefix);
        as(BOOTSTRAP_ADMIN).body(Map.of("code", code, "name", code + "采购平台")).post("/api/v1/admin/subscribers").then()
                .statusCode(201).body("code", equalTo(code));
        return as(BOOTSTRAP_ADMIN).body(Map.of("label", "test")).post("/api/v1/admin/subscribers/" + code + "/keys")
                .then().statusCode(201).header("Cache-Control", "no-store").body("role", equalTo("subscriber"))
                .body("subscriber", equalTo(code)).extract().path("key");
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

    /**
     * Issues a certificate numbered under the body's prefix and waits ({@code Prefer: wait}) for the log to take it
     * in; the index of its entry.
     */
    public static long issueLogged(Body body, String district, LocalDate issueDate) {
        return as(body).header("Prefer", "wait=10").body(certificate(TestRegister.number(body.code()), district, issueDate))
                .post("/api/v1/certificates").then().statusCode(201).extract().<Number>path("logIndex").longValue();
    }

    /** Issues a certificate numbered under the body's prefix; returns its number. */
    public static String issue(Body body, String district, LocalDate issueDate) {
        return as(body).body(certificate(TestRegister.number(body.code()), district, issueDate)).post("/api/v1/certificates")
                .then().statusCode(201).extract().path("number");
    }

    /**
     * A bid file sent by the procurement page's form (its fields in {@code form}): the form answers at once with its job's
     * page, which shows the result once the files are read; that page, once it does.
     */
    public static String bidFilePage(RequestSpecification form) {
        String job = form.redirects().follow(false).multiPart("format", "page").post("/procurement/document").then().statusCode(303)
                .extract().header("Location");
        return Await.until("the bid file's page shows its result", () -> given().get(job).then().statusCode(200)
                .contentType(org.hamcrest.Matchers.containsString("text/html")).extract().asString(),
                page -> !page.contains("id=\"job\""));
    }

    /**
     * The address of the job a bid file's form started ({@code /procurement/jobs/{id}}), once it is read (its page then
     * shows the result, its downloads are under it). It waits on the job's status, cheaper to ask than the page, and as
     * long as a long bid file may take on a busy machine.
     */
    public static String bidFileJob(RequestSpecification form) {
        String job = form.redirects().follow(false).multiPart("format", "page").post("/procurement/document").then().statusCode(303)
                .extract().header("Location");
        String status = "/api/v1/verify/document/jobs/" + job.substring(job.lastIndexOf('/') + 1);
        Await.until("the bid file is read", java.time.Duration.ofMinutes(2), () -> given().get(status).then().statusCode(200)
                .extract().<String>path("state"), state -> !state.matches("QUEUED|READING"));
        return job;
    }
}

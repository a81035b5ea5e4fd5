package cn.certregistry.deploy;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** What Kubernetes and Prometheus read: the probes the manifests point at, and the metrics. */
@QuarkusTest
class OperationsTest {

    @Test
    void probesAnswerAndReadinessChecksTheDatabase() {
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem(containsString("Database")));
    }

    @Test
    void metricsCountVerificationVerdicts() {
        given().accept("application/json").get("/V/NOTATOKEN").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("registry_verifications_total{verdict=\"NOT_GENUINE\"}"))
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("agroal_"));
    }
}

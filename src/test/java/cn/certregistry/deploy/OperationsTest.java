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
                .body("checks.name", hasItem(containsString("Database")))
                // a replica that is away must not take every server out of the load balancer
                .body("checks.find { it.name.contains('Database') }.data", org.hamcrest.Matchers.not(org.hamcrest.Matchers
                        .hasKey("readonly")))
                .body("checks.name", hasItem("transparency log"));
    }

    @Test
    void metricsCountVerificationVerdicts() {
        given().accept("application/json").get("/V/NOTATOKEN").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("registry_verifications_total{verdict=\"NOT_GENUINE\"}"))
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("agroal_"));
    }

    /**
     * The benchmark's endpoints (one of them switches the log's triggers off as the schema's owner) are built in the
     * bench profile only: a build in any other profile, this test's or production's, has no {@code /bench}.
     */
    @Test
    void aBuildOutsideTheBenchProfileHasNoBenchmarkEndpoints() {
        for (String path : new String[] {"/bench/sample?count=1", "/bench/static?bytes=10", "/bench/log"}) {
            given().get(path).then().statusCode(404);
        }
        given().post("/bench/load-without-log?count=1").then().statusCode(org.hamcrest.Matchers.oneOf(404, 405));
        org.junit.jupiter.api.Assertions.assertEquals("bench", cn.certregistry.bench.BenchmarkResource.class
                .getAnnotation(io.quarkus.arc.profile.IfBuildProfile.class).value());
    }
}

package cn.certregistry.scan;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.verification.VerificationTest;

/**
 * A code copied onto other goods shows as a burst of checks: flagged for the certificate's body and the regulators of
 * its region, not for another body or region; and a certificate checked that often every day is not flagged.
 */
@QuarkusTest
class ScanSignalsTest {

    private static final int BURST = 60;

    @Inject
    EntityManager entityManager;

    @Test
    void aBurstOfChecksIsFlaggedForItsBodyAndRegulatorOnly() throws Exception {
        Api.Body body = Api.newBody("SIGNAL");
        Api.Body other = Api.newBody("SIGNAL");
        String flooded = Api.issue(body, "440106", TODAY.minusDays(60));
        String quiet = Api.issue(body, "440106", TODAY.minusDays(60));
        String popular = Api.issue(body, "440106", TODAY.minusDays(60));
        // checked 100 times a day for the 56 days before: 60 today is less than usual, and so is every day of the last 30
        QuarkusTransaction.requiringNew().run(() -> entityManager.createNativeQuery("insert into scan_count (certificate_id, day, scans)"
                + " select c.id, cast(:today as date) - d, 100 from certificate c, generate_series(1, 56) d where c.number = :number")
                .setParameter("today", TODAY).setParameter("number", popular).executeUpdate());
        check(flooded, BURST);
        check(popular, BURST);
        check(quiet, 3);

        List<String> forBody = flagged(Api.as(body));
        assertEquals(1, forBody.stream().filter(flooded::equals).count(), forBody.toString());
        assertEquals(0, forBody.stream().filter(n -> n.equals(quiet) || n.equals(popular)).count(), forBody.toString());
        Api.as(body).queryParam("size", 100).get("/api/v1/signals").then().statusCode(200)
                .body("items.find { it.number == '" + flooded + "' }.scans", equalTo(BURST))
                .body("items.find { it.number == '" + flooded + "' }.day", equalTo(TODAY.toString()))
                .body("items.find { it.number == '" + flooded + "' }.reason", equalTo("FAR_ABOVE_USUAL"));
        assertEquals(List.of(), flagged(Api.as(other)).stream().filter(flooded::equals).toList(), "another body sees nothing of it");
        String regulator = Api.newRegulatorKey("SIGNAL", "4401");
        Api.as(regulator).queryParam("size", 100).get("/api/v1/signals").then().statusCode(200)
                .body("items.number", hasItem(flooded));
        Api.as(Api.newRegulatorKey("SIGNAL", "11")).queryParam("size", 100).get("/api/v1/signals").then().statusCode(200)
                .body("items.number", not(hasItem(flooded)));
        Api.as(body).get("/api/v1/certificates/" + flooded + "/scans").then().statusCode(200)
                .body("flagged.day", equalTo(List.of(TODAY.toString()))).body("flagged[0].scans", equalTo(BURST));
        Api.as(body).get("/api/v1/certificates/" + popular + "/scans").then().statusCode(200).body("flagged", equalTo(List.of()));

        given().get("/api/v1/signals").then().statusCode(401);
        Api.as(body).queryParam("from", TODAY.minusDays(100).toString()).get("/api/v1/signals").then().statusCode(400)
                .body("parameter", equalTo("from"));
    }

    private static void check(String number, int times) throws Exception {
        String code = VerificationTest.path(VerificationTest.scan(number));
        for (int i = 0; i < times; i++) {
            given().accept("application/json").get(code).then().statusCode(200);
        }
    }

    private static List<String> flagged(io.restassured.specification.RequestSpecification as) {
        return as.queryParam("size", 100).get("/api/v1/signals").then().statusCode(200).extract().jsonPath().getList("items.number");
    }
}

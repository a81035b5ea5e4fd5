package cn.certregistry.issuing;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Objects;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.Await;
import cn.certregistry.TestRegister;

/**
 * A write answers from what it wrote: an event's 201 is the certificate with that event, and no log index yet (the log
 * takes the event in within a second), never the index of the certificate's earlier entry; a writer that asks to wait
 * ({@code Prefer: wait}) gets the index of its own entry.
 */
@QuarkusTest
class WriteAnswersTest {

    @Test
    void anEventsAnswerHasNoLogIndexUntilTheLogHasTheEvent() {
        Api.Body body = Api.newBody("WRITE");
        String number = Api.issue(body, "440106", TODAY.minusDays(20));
        long issued = Await.until(number + "'s issue in the log", () -> given().get("/api/v1/certificates/" + number).then()
                .statusCode(200).extract().<Integer>path("logIndex"), Objects::nonNull);

        as(body).body(Api.event("SUSPENDED", TODAY, "未按期接受监督审核")).post("/api/v1/certificates/" + number + "/events").then()
                .statusCode(201).body("status.code", equalTo("SUSPENDED")).body("logIndex", nullValue());

        long suspended = Await.until(number + "'s suspension in the log", () -> given().get("/api/v1/certificates/" + number)
                .then().statusCode(200).extract().<Integer>path("logIndex"), index -> index != null && index > issued);
        assertTrue(suspended > issued);
    }

    @Test
    void aWriterThatWaitsGetsItsOwnEntrysIndex() {
        Api.Body body = Api.newBody("WAITS");
        String number = TestRegister.number(body.code());
        long issued = Api.contract().contentType(io.restassured.http.ContentType.JSON).header("Authorization", "Bearer " + body.key()).header("Prefer", "wait=10")
                .body(Api.certificate(number, "440106", TODAY.minusDays(20))).post("/api/v1/certificates").then()
                .statusCode(201).header("Preference-Applied", "wait=10").extract().<Integer>path("logIndex");
        long suspended = Api.contract().contentType(io.restassured.http.ContentType.JSON).header("Authorization", "Bearer " + body.key()).header("Prefer", "respond-async, wait=60")
                .body(Api.event("SUSPENDED", TODAY, "未按期接受监督审核")).post("/api/v1/certificates/" + number + "/events").then()
                .statusCode(201).header("Preference-Applied", "wait=10").extract().<Integer>path("logIndex");
        assertTrue(suspended > issued, suspended + " after " + issued);
        given().get("/api/v1/certificates/" + number).then().statusCode(200).body("logIndex", equalTo((int) suspended));
    }
}

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

/**
 * A write answers from what it wrote: an event's 201 is the certificate with that event, and no log index yet (the log
 * takes the event in within a second), never the index of the certificate's earlier entry.
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
}

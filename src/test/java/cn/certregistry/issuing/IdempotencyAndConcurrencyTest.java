package cn.certregistry.issuing;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;

@QuarkusTest
class IdempotencyAndConcurrencyTest {

    static Api.Body body;

    @BeforeEach
    void key() {
        if (body == null) {
            body = Api.newBody("IDEM");
        }
    }

    @Test
    void aRetriedIssueReturnsTheFirstAnswerAndCreatesNothingTwice() {
        Map<String, Object> request = Api.certificate(TestRegister.number("IDEM"), "440106", TODAY.minusDays(3));
        String key = "retry-" + request.get("number");
        String first = as(body).header("Idempotency-Key", key).body(request).post("/api/v1/certificates")
                .then().statusCode(201).extract().asString();
        String second = as(body).header("Idempotency-Key", key).body(request).post("/api/v1/certificates")
                .then().statusCode(201).header("Idempotent-Replayed", "true").extract().asString();
        assertEquals(first, second);
        given().queryParam("number", request.get("number")).get("/api/v1/certificates").then().body("total", equalTo(1));
        given().get("/api/v1/certificates/" + request.get("number")).then().body("history.size()", equalTo(1));

        Map<String, Object> other = Api.certificate(TestRegister.number("IDEM"), "440106", TODAY.minusDays(3));
        as(body).header("Idempotency-Key", key).body(other).post("/api/v1/certificates").then().statusCode(422)
                .body("type", equalTo("/problems/idempotency-key-reused"));
        given().get("/api/v1/certificates/" + other.get("number")).then().statusCode(404);
        // without the key, a repeat is a conflict, not a second certificate
        as(body).body(request).post("/api/v1/certificates").then().statusCode(409);
    }

    @Test
    void twoConcurrentConflictingEventsLeaveOneWinnerAndNoLostEvent() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String number = Api.issue(body, "IDEM", "440106", TODAY.minusDays(60));
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> answers = new ArrayList<>();
                String[] kinds = {"SUSPENDED", "WITHDRAWN"};
                for (String kind : kinds) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return as(body).body(Api.event(kind, TODAY, "并发 " + kind))
                                .post("/api/v1/certificates/" + number + "/events").then().extract().statusCode();
                    }));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>();
                for (Future<Integer> answer : answers) {
                    statuses.add(answer.get());
                }
                statuses.sort(Integer::compare);
                // either the two collided (one gets 409) or ran one after the other (suspend, then withdraw: both legal)
                int recorded = (int) statuses.stream().filter(s -> s == 201).count();
                assertEquals(List.of(201), statuses.stream().distinct().filter(s -> s != 409).toList(), statuses.toString());
                given().get("/api/v1/certificates/" + number).then().statusCode(200)
                        .body("history.size()", equalTo(1 + recorded));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoConcurrentIdenticalRestoresRecordOnlyOne() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                String number = Api.issue(body, "IDEM", "440106", TODAY.minusDays(60));
                as(body).body(Api.event("SUSPENDED", TODAY.minusDays(1), "暂停")).post("/api/v1/certificates/" + number + "/events")
                        .then().statusCode(201);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Integer>> answers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    answers.add(pool.submit(() -> {
                        start.await();
                        return as(body).body(Api.event("RESTORED", TODAY, "恢复"))
                                .post("/api/v1/certificates/" + number + "/events").then().extract().statusCode();
                    }));
                }
                start.countDown();
                List<Integer> statuses = new ArrayList<>(List.of(answers.get(0).get(), answers.get(1).get()));
                statuses.sort(Integer::compare);
                assertEquals(List.of(201, 409), statuses);
                given().get("/api/v1/certificates/" + number).then().body("history.size()", equalTo(3))
                        .body("status.code", equalTo("VALID"));
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

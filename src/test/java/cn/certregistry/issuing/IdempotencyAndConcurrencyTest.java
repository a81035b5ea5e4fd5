package cn.certregistry.issuing;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import cn.certregistry.Api;
import cn.certregistry.Await;
import cn.certregistry.TestRegister;

@QuarkusTest
class IdempotencyAndConcurrencyTest {

    private static final String CONCURRENT = "/problems/concurrent-modification";
    private static final String ILLEGAL = "/problems/illegal-transition";
    private static final ExecutorService POOL = Executors.newFixedThreadPool(2);

    static Api.Body body;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void key() {
        if (body == null) {
            body = Api.newBody("IDEM");
        }
    }

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @Test
    void aRetriedIssueReturnsTheFirstAnswerAndCreatesNothingTwice() {
        Map<String, Object> request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(3));
        String key = "retry-" + request.get("number");
        String first = as(body).header("Idempotency-Key", key).body(request).post("/api/v1/certificates")
                .then().statusCode(201).extract().asString();
        String second = as(body).header("Idempotency-Key", key).body(request).post("/api/v1/certificates")
                .then().statusCode(201).header("Idempotent-Replayed", "true").extract().asString();
        assertEquals(first, second);
        given().queryParam("number", request.get("number")).get("/api/v1/certificates").then().body("total", equalTo(1));
        given().get("/api/v1/certificates/" + request.get("number")).then().body("history.size()", equalTo(1));

        Map<String, Object> other = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(3));
        as(body).header("Idempotency-Key", key).body(other).post("/api/v1/certificates").then().statusCode(422)
                .body("type", equalTo("/problems/idempotency-key-reused"));
        given().get("/api/v1/certificates/" + other.get("number")).then().statusCode(404);
        // without the key, a repeat is a conflict, not a second certificate
        as(body).body(request).post("/api/v1/certificates").then().statusCode(409);
    }

    /**
     * Both writers have read the certificate before either writes (the test holds its row lock until both
     * wait for it): the version check lets exactly one in, and the other records nothing.
     */
    @Test
    void twoConflictingEventsAtOnceLeaveOneWinnerAndNoLostEvent() throws Exception {
        for (int round = 0; round < 3; round++) {
            String number = Api.issue(body, "440106", TODAY.minusDays(60));
            List<String> kinds = List.of("SUSPENDED", "WITHDRAWN");
            List<Response> answers = whileLocked(number, kinds);
            int winner = answers.get(0).statusCode() == 201 ? 0 : 1;
            Response loser = answers.get(1 - winner);
            assertEquals(List.of(201, 409), List.of(answers.get(winner).statusCode(), loser.statusCode()), describe(kinds, answers));
            assertEquals(CONCURRENT, loser.path("type"), describe(kinds, answers));
            assertEquals(List.of("ISSUED", kinds.get(winner)), history(number));
        }
    }

    /**
     * Without the lock the two may overlap or run one after the other. Either way exactly one legal history
     * results: both recorded only as suspension, then withdrawal; a suspension after a withdrawal is refused.
     */
    @Test
    void twoConflictingEventsRacingEndInALegalHistory() throws Exception {
        for (int round = 0; round < 5; round++) {
            String number = Api.issue(body, "440106", TODAY.minusDays(60));
            List<String> kinds = List.of("SUSPENDED", "WITHDRAWN");
            List<Response> answers = await(send(number, kinds));
            String outcome = describe(kinds, answers);
            List<String> history = history(number);
            int recorded = (int) answers.stream().filter(a -> a.statusCode() == 201).count();
            if (recorded == 2) {
                assertEquals(List.of("ISSUED", "SUSPENDED", "WITHDRAWN"), history, outcome);
                continue;
            }
            assertEquals(1, recorded, outcome);
            int winner = answers.get(0).statusCode() == 201 ? 0 : 1;
            Response loser = answers.get(1 - winner);
            assertEquals(409, loser.statusCode(), outcome);
            assertEquals(List.of("ISSUED", kinds.get(winner)), history, outcome);
            if (!CONCURRENT.equals(loser.path("type"))) {
                // they ran one after the other: only a suspension after the withdrawal is refused
                assertEquals(ILLEGAL, loser.path("type"), outcome);
                assertEquals("WITHDRAWN", kinds.get(winner), outcome);
            }
        }
    }

    @Test
    void twoIdenticalRestoresAtOnceRecordOnlyOne() throws Exception {
        for (int round = 0; round < 3; round++) {
            String number = Api.issue(body, "440106", TODAY.minusDays(60));
            as(body).body(Api.event("SUSPENDED", TODAY.minusDays(1), "暂停")).post("/api/v1/certificates/" + number + "/events")
                    .then().statusCode(201);
            List<String> kinds = List.of("RESTORED", "RESTORED");
            List<Response> answers = whileLocked(number, kinds);
            List<Integer> statuses = new ArrayList<>(answers.stream().map(Response::statusCode).toList());
            statuses.sort(Integer::compare);
            assertEquals(List.of(201, 409), statuses, describe(kinds, answers));
            assertEquals(CONCURRENT, answers.get(answers.get(0).statusCode() == 409 ? 0 : 1).path("type"));
            assertEquals(List.of("ISSUED", "SUSPENDED", "RESTORED"), history(number));
            given().get("/api/v1/certificates/" + number).then().body("status.code", equalTo("VALID"));
        }
    }

    /**
     * Posts the events together while this test holds the certificate's row lock, and lets go only once both
     * requests wait for it: each has then read the certificate, and neither has written it.
     */
    private List<Response> whileLocked(String number, List<String> kinds) throws Exception {
        try (Connection lock = dataSource.getConnection()) {
            lock.setAutoCommit(false);
            try (PreparedStatement select = lock.prepareStatement("select id from certificate where number = ? for no key update")) {
                select.setString(1, number);
                select.executeQuery().close();
            }
            List<Future<Response>> answers = send(number, kinds);
            int lockHolder = backendPid(lock);
            // another thread watches the waiters: this one holds its connection, and a thread takes one at a time
            FutureTask<Void> waiters = new FutureTask<>(() -> {
                awaitWaiters(lockHolder, kinds.size());
                return null;
            });
            new Thread(waiters, "lock-waiters").start();
            waiters.get();
            lock.rollback();
            return await(answers);
        }
    }

    /** Posts the events from two threads released together. */
    private static List<Future<Response>> send(String number, List<String> kinds) {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> answers = new ArrayList<>();
        for (String kind : kinds) {
            answers.add(POOL.submit(() -> {
                start.await();
                return as(body).body(Api.event(kind, TODAY, "并发 " + kind)).post("/api/v1/certificates/" + number + "/events")
                        .then().extract().response();
            }));
        }
        start.countDown();
        return answers;
    }

    private static List<Response> await(List<Future<Response>> answers) throws Exception {
        List<Response> responses = new ArrayList<>();
        for (Future<Response> answer : answers) {
            responses.add(answer.get());
        }
        return responses;
    }

    private void awaitWaiters(int lockHolder, int expected) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement waiting = connection.prepareStatement(
                        "select count(*) from pg_stat_activity where ? = any(pg_blocking_pids(pid))")) {
            waiting.setInt(1, lockHolder);
            Await.until(expected + " writers waiting for the certificate's row lock", () -> {
                try (ResultSet rows = waiting.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }, waiters -> waiters == expected);
        }
    }

    private static int backendPid(Connection connection) throws SQLException {
        try (PreparedStatement pid = connection.prepareStatement("select pg_backend_pid()"); ResultSet rows = pid.executeQuery()) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private static List<String> history(String number) {
        return given().get("/api/v1/certificates/" + number).then().statusCode(200).extract().path("history.kind");
    }

    private static String describe(List<String> kinds, List<Response> answers) {
        StringBuilder outcome = new StringBuilder();
        for (int i = 0; i < kinds.size(); i++) {
            outcome.append(kinds.get(i)).append(": ").append(answers.get(i).statusCode()).append(' ')
                    .append(answers.get(i).asString()).append('\n');
        }
        return outcome.toString();
    }
}

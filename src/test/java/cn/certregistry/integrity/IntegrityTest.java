package cn.certregistry.integrity;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.PostgresTestResource;
import cn.certregistry.TestRegister;
import cn.certregistry.verification.VerificationTest;

/** Attacks on what the register says, each refused: every test here failed before its fix. */
@QuarkusTest
class IntegrityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    static Api.Body body;
    @Inject
    AgroalDataSource primary;

    @BeforeEach
    void key() {
        if (body == null) {
            body = Api.newBody("INTG");
        }
    }

    @Test
    void anotherBodysCertificateForTheSameCreditCodeChangesNothingOurCertificateShows() {
        Api.Body other = Api.newBody("INTB");
        Map<String, Object> ours = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(20));
        ours.put("holderName", "广州正本电器有限公司");
        as(body).body(ours).post("/api/v1/certificates").then().statusCode(201);
        Map<String, Object> theirs = Api.certificate(TestRegister.number(other.code()), "440305", TODAY.minusDays(5));
        theirs.put("holderName", "冒名顶替电器有限公司");
        theirs.put("holderCreditCode", ours.get("holderCreditCode"));
        theirs.put("holderRegion", "440305");
        as(other).body(theirs).post("/api/v1/certificates").then().statusCode(201);

        given().get("/api/v1/certificates/" + ours.get("number")).then().statusCode(200)
                .body("holder.name", equalTo("广州正本电器有限公司")).body("holder.region.code", equalTo("440106"));
        given().queryParam("creditCode", ours.get("holderCreditCode")).queryParam("sort", "number").get("/api/v1/certificates")
                .then().body("total", equalTo(2))
                .body("items.find { it.number == '" + ours.get("number") + "' }.holder.name", equalTo("广州正本电器有限公司"))
                .body("items.find { it.number == '" + theirs.get("number") + "' }.holder.name", equalTo("冒名顶替电器有限公司"));
        given().queryParam("q", "冒名顶替").queryParam("creditCode", ours.get("holderCreditCode")).get("/api/v1/certificates")
                .then().body("total", equalTo(1)).body("items[0].number", equalTo(theirs.get("number")));
        given().queryParam("number", ours.get("number")).get("/api/v1/verify").then()
                .body("holderName", equalTo("广州正本电器有限公司"));
    }

    @Test
    void aRenameIsAnEventOfTheCertificatesOwnBodyAndThePastKeepsTheOldName() {
        Map<String, Object> request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(40));
        request.put("holderName", "广州旧名电器有限公司");
        String number = as(body).body(request).post("/api/v1/certificates").then().statusCode(201).extract().path("number");
        Map<String, Object> rename = Api.event("HOLDER_CHANGED", TODAY.minusDays(10), "工商变更登记");
        rename.put("holderName", "广州新名电器有限公司");
        as(Api.newBody("INTB")).body(rename).post("/api/v1/certificates/" + number + "/events").then().statusCode(403);
        as(body).body(Map.of("kind", "HOLDER_CHANGED", "effectiveDate", TODAY.toString(), "reason", "无名"))
                .post("/api/v1/certificates/" + number + "/events").then().statusCode(422).body("parameter", equalTo("holderName"));
        as(body).body(rename).post("/api/v1/certificates/" + number + "/events").then().statusCode(201)
                .body("holder.name", equalTo("广州新名电器有限公司"))
                .body("history.holderName", contains("广州旧名电器有限公司", "广州新名电器有限公司"));
        given().queryParam("on", TODAY.minusDays(20).toString()).get("/api/v1/certificates/" + number + "/status").then()
                .body("holderName", equalTo("广州旧名电器有限公司"));
        given().queryParam("on", TODAY.toString()).get("/api/v1/certificates/" + number + "/status").then()
                .body("holderName", equalTo("广州新名电器有限公司"));
        given().queryParam("number", number).queryParam("on", TODAY.minusDays(20).toString()).get("/api/v1/verify").then()
                .body("holderName", equalTo("广州旧名电器有限公司"));
    }

    @Test
    void aGenuineCodeOfARenamedHolderIsAMismatchNamingTheName() throws Exception {
        String number = Api.issue(body, "440106", TODAY.minusDays(30));
        String code = VerificationTest.path(VerificationTest.scan(number));
        given().accept("application/json").get(code).then().body("verdict", equalTo("VALID"));
        Map<String, Object> rename = Api.event("HOLDER_CHANGED", TODAY, "工商变更登记");
        rename.put("holderName", "广州改名后电器有限公司");
        as(body).body(rename).post("/api/v1/certificates/" + number + "/events").then().statusCode(201);
        given().accept("application/json").get(code).then().body("verdict", equalTo("MISMATCH"))
                .body("differences", contains("holderName"));
    }

    @Test
    void eightConcurrentIssuesToOneNewHolderAllSucceed() throws Exception {
        String creditCode = TestRegister.creditCode("440106");
        List<Integer> statuses = concurrently(8, () -> {
            Map<String, Object> request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(3));
            request.put("holderCreditCode", creditCode);
            return as(body).body(request).post("/api/v1/certificates").then().extract().statusCode();
        });
        assertEquals(List.of(201, 201, 201, 201, 201, 201, 201, 201), statuses);
        given().queryParam("creditCode", creditCode).get("/api/v1/certificates").then().body("total", equalTo(8));
    }

    @Test
    void aBodyIssuesOnlyUnderItsOwnNumberPrefixes() {
        Api.Body other = Api.newBody("INTB");
        as(other).body(Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(3)))
                .post("/api/v1/certificates").then().statusCode(422).body("parameter", equalTo("number"))
                .body("detail", containsString(other.code() + "-"));
        String prefixes = "/api/v1/admin/bodies/" + other.code() + "/prefixes";
        // a prefix that overlaps another body's is refused, so a number never belongs to two bodies
        as(Api.BOOTSTRAP_ADMIN).body(Map.of("prefix", body.code() + "-X")).post(prefixes).then()
                .statusCode(409).body("parameter", equalTo("numberPrefixes"));
        as(Api.BOOTSTRAP_ADMIN).body(Map.of("prefix", body.code().substring(0, 3))).post(prefixes).then().statusCode(409);
        String own = "Z" + TestRegister.RUN + "-";
        as(Api.BOOTSTRAP_ADMIN).body(Map.of("prefix", own.toLowerCase())).post(prefixes).then()
                .statusCode(201).body("numberPrefixes", contains(other.code() + "-", own));
        Map<String, Object> request = Api.certificate(own + "1", "440106", TODAY.minusDays(3));
        as(other).body(request).post("/api/v1/certificates").then().statusCode(201);
    }

    @Test
    void anImportRowWhoseNumberExistsWithOtherFactsIsAConflictNotAlreadyPresent() {
        String number = Api.issue(body, "440106", TODAY.minusDays(30));
        Map<String, Object> same = Api.certificate(number, "440106", TODAY.minusDays(30));
        String header = "number,scheme,grade,score,scope,issueDate,expiryDate,holderName,holderCreditCode,siteRegion\n";
        String sameRow = String.join(",", number, "AFTER_SALES", "FOUR_STAR", "92", "范围", (String) same.get("issueDate"),
                (String) same.get("expiryDate"), "某公司", given().get("/api/v1/certificates/" + number).then().extract()
                        .path("holder.creditCode"), "440106");
        String otherDates = sameRow.replace((String) same.get("issueDate"), TODAY.minusDays(29).toString());
        String othersPrefix = sameRow.replace(number, "ELSEWHERE-" + TestRegister.RUN);
        given().contentType("text/csv").header("Authorization", "Bearer " + body.key())
                .body(header + sameRow + "\n" + othersPrefix + "\n").post("/api/v1/certificates:import")
                .then().statusCode(200).body("alreadyPresent", equalTo(1)).body("failed", equalTo(1))
                .body("results[0].result", equalTo("ALREADY_PRESENT"))
                .body("results[1].result", equalTo("FAILED")).body("results[1].problem.parameter", equalTo("number"));
        given().contentType("text/csv").header("Authorization", "Bearer " + body.key())
                .body(header + otherDates + "\n").post("/api/v1/certificates:import")
                .then().statusCode(200).body("conflicts", equalTo(1)).body("alreadyPresent", equalTo(0))
                .body("results[0].result", equalTo("CONFLICT")).body("results[0].problem.parameter", equalTo("issueDate"));
        given().get("/api/v1/certificates/" + number).then().body("issueDate", equalTo(same.get("issueDate")))
                .body("history.size()", equalTo(1));
    }

    @Test
    void auditSchedulesAreNotPublicOnAnyPath() throws Exception {
        String number = Api.issue(body, "440106", TODAY.minusYears(2));
        given().get("/api/v1/certificates/" + number).then().statusCode(200).body("$", not(hasKey("surveillance")));
        given().accept("application/json").get(VerificationTest.path(VerificationTest.scan(number))).then().statusCode(200)
                .body("certificate", not(hasKey("surveillance")));
        given().accept("text/html").get("/certificates/" + number).then().statusCode(200)
                .body(not(containsString("下次应于"))).body(not(containsString("已逾期")));
        given().accept("text/html").get("/regions/440106").then().statusCode(200).body(not(containsString("监督审核逾期")));

        String path = "/api/v1/certificates/" + number + "/surveillance";
        given().get(path).then().statusCode(401).contentType("application/problem+json");
        as(Api.newBody("INTB")).get(path).then().statusCode(403);
        as(Api.newRegulatorKey("INTR", "31")).get(path).then().statusCode(403);
        as(Api.newRegulatorKey("INTR", "4401")).get(path).then().statusCode(200).body("overdue", equalTo(true));
        as(body).get(path).then().statusCode(200).body("number", equalTo(number))
                .body("due", equalTo(TODAY.minusYears(2).plusMonths(12).toString())).body("overdue", equalTo(true));
    }

    @Test
    void theServicesDatabaseRoleCannotRewriteHistory() throws Exception {
        String number = Api.issue(body, "440106", TODAY.minusDays(30));
        try (Connection connection = primary.getConnection(); Statement statement = connection.createStatement()) {
            for (String rewrite : List.of("update certificate_event set reason = 'rewritten' where certificate_id ="
                    + " (select id from certificate where number = '" + number + "')",
                    "delete from certificate_event where certificate_id = (select id from certificate where number = '"
                            + number + "')",
                    "truncate certificate_event cascade",
                    "alter table certificate_event disable trigger certificate_event_no_rewrite")) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(rewrite), rewrite);
                assertEquals("42501", refused.getSQLState(),
                        rewrite + ": " + refused.getSQLState() + " " + refused.getMessage());
            }
        }
        given().get("/api/v1/certificates/" + number).then().body("history.reason", contains("颁发证书"));
    }

    /**
     * The service's login writes the log only through registry_log_append, which takes nothing but what extends it: no
     * row of its own in the log's tables, no checkpoint of a size the log does not have; and a checkpoint row whose
     * signature does not verify is never published.
     */
    @Test
    void theServicesDatabaseRoleCannotWriteTheLogsTables() throws Exception {
        try (Connection connection = primary.getConnection(); Statement statement = connection.createStatement()) {
            for (String write : List.of("insert into log_checkpoint (size, root_hash, note) values (9223372036854775807,"
                    + " decode(repeat('00', 32), 'hex'), 'x')",
                    "insert into log_entry (index, kind, entry) values (9223372036854775806, 'FORGED', 'x')",
                    "insert into log_node (level, index, hash) values (0, 9223372036854775806, decode(repeat('00', 32), 'hex'))")) {
                SQLException refused = assertThrows(SQLException.class, () -> statement.execute(write), write);
                assertEquals("42501", refused.getSQLState(), write + ": " + refused.getMessage());
            }
            connection.setAutoCommit(false);
            SQLException refused = assertThrows(SQLException.class, () -> statement.execute("select registry_log_append('{}', '{}',"
                    + " '{}', '{}', '{}', '{}', '{}', '{}', 9223372036854775807, decode(repeat('00', 32), 'hex'), 'x')"));
            assertTrue(refused.getMessage().contains("where the log has"), refused.getMessage());
            connection.rollback();
        }
        // a row that did not come through the log (here the owner's own, as a restore or an intruder might write it)
        try (Connection owner = PostgresTestResource.owner(); Statement statement = owner.createStatement()) {
            statement.execute("insert into log_checkpoint (size, root_hash, note) select size + 1000000, root_hash,"
                    + " replace(note, E'\\n' || size || E'\\n', E'\\n' || (size + 1000000) || E'\\n')"
                    + " from log_checkpoint order by size desc limit 1");
            try {
                String published = given().get("/log/checkpoint").then().statusCode(200).extract().asString();
                assertTrue(Long.parseLong(published.split("\n")[1]) < 1_000_000,
                        "a checkpoint whose signature does not verify is not published: " + published);
            } finally {
                statement.execute("delete from log_checkpoint where size >= 1000000");
            }
        }
        cn.certregistry.Await.until("the log integrating again", () -> given().get("/q/health/ready").then().extract()
                .statusCode(), status -> status == 200);
    }

    @Test
    void numbersThatAreNoScoresAreRefusedBeforeAnyArithmetic() throws JsonProcessingException {
        for (String score : new String[] {"1e999999999", "1e-20000000", "-1e999999999", "123456.5", "92.125"}) {
            String request = JSON.writeValueAsString(Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(3)))
                    .replace("\"score\":92", "\"score\":" + score);
            as(body).body(request).post("/api/v1/certificates").then().statusCode(422)
                    .body("type", equalTo("/problems/invalid-certificate")).body("parameter", equalTo("score"))
                    .body("detail", containsString("at most two decimals"));
        }
        String subScore = JSON.writeValueAsString(Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(3)))
                .replace("\"SERVICE_SYSTEM\":37", "\"SERVICE_SYSTEM\":1e999999999");
        as(body).body(subScore).post("/api/v1/certificates").then().statusCode(422)
                .body("parameter", equalTo("subScores.SERVICE_SYSTEM"));

        String number = Api.issue(body, "440106", TODAY.minusDays(30));
        Map<String, Object> event = Api.event("GRADE_CHANGED", TODAY, "复评");
        event.put("grade", "FIVE_STAR");
        event.put("score", 96);
        as(body).body(JSON.writeValueAsString(event).replace("\"score\":96", "\"score\":1e999999999"))
                .post("/api/v1/certificates/" + number + "/events").then().statusCode(422)
                .body("type", equalTo("/problems/invalid-event")).body("parameter", equalTo("score"));
    }

    @Test
    void eightConcurrentRetriesOfOneIssueWriteOnceAndNeverFail() throws Exception {
        Map<String, Object> request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(3));
        String key = "concurrent-" + request.get("number");
        List<Integer> statuses = concurrently(8, () -> as(body).header("Idempotency-Key", key).body(request)
                .post("/api/v1/certificates").then().extract().statusCode());
        assertEquals(List.of(201, 201, 201, 201, 201, 201, 201, 201), statuses);
        given().queryParam("number", request.get("number")).get("/api/v1/certificates").then().body("total", equalTo(1));
        given().get("/api/v1/certificates/" + request.get("number")).then().body("history.size()", equalTo(1));
    }

    @Test
    void eightConcurrentIssuesOfOneNumberWithoutAKeyLeaveOneWinnerAndSevenConflicts() throws Exception {
        Map<String, Object> request = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(3));
        List<Integer> statuses = concurrently(8, () -> as(body).body(request).post("/api/v1/certificates").then()
                .extract().statusCode());
        assertEquals(List.of(201, 409, 409, 409, 409, 409, 409, 409), statuses);
    }

    @Test
    void aRetriedEventWithTheSameKeyIsRecordedOnce() throws Exception {
        String number = Api.issue(body, "440106", TODAY.minusDays(30));
        String key = "surveillance-" + number;
        List<Integer> statuses = concurrently(8, () -> as(body).header("Idempotency-Key", key)
                .body(Api.event("SURVEILLANCE_PASSED", TODAY, "年度监督审核通过")).post("/api/v1/certificates/" + number + "/events")
                .then().extract().statusCode());
        assertEquals(List.of(201, 201, 201, 201, 201, 201, 201, 201), statuses);
        as(body).header("Idempotency-Key", key).body(Api.event("SURVEILLANCE_PASSED", TODAY, "年度监督审核通过"))
                .post("/api/v1/certificates/" + number + "/events").then().statusCode(201)
                .header("Idempotent-Replayed", "true");
        given().get("/api/v1/certificates/" + number).then().body("history.kind", contains("ISSUED", "SURVEILLANCE_PASSED"));
        // the same key for another event is a mistake, not a replay
        as(body).header("Idempotency-Key", key).body(Api.event("SUSPENDED", TODAY, "暂停"))
                .post("/api/v1/certificates/" + number + "/events").then().statusCode(422)
                .body("type", equalTo("/problems/idempotency-key-reused"));
    }

    /** Runs a request from several threads released at once; the statuses, sorted. */
    private static List<Integer> concurrently(int threads, Callable<Integer> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return request.call();
                }));
            }
            start.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(30, TimeUnit.SECONDS));
            }
            statuses.sort(Integer::compare);
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aStatusOnAFutureDayIsNeverAnswered() {
        String number = Api.issue(body, "440106", TODAY.minusDays(30));
        String future = TODAY.plusYears(2).toString();
        given().queryParam("number", number).queryParam("on", future).get("/api/v1/verify").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("on"));
        given().queryParam("on", future).get("/api/v1/certificates/" + number + "/status").then().statusCode(400)
                .body("parameter", equalTo("on"));
        given().contentType("application/json").body(Map.of("on", future, "items", List.of(Map.of("number", number)))).post("/api/v1/verify").then()
                .statusCode(400).body("parameter", equalTo("on"));
        given().contentType("application/json").body(Map.of("items", List.of(Map.of("number", number, "on", future), Map.of("number", number))))
                .post("/api/v1/verify").then().statusCode(200)
                .body("results[0].verdict", equalTo("INVALID_REQUEST")).body("results[0].problem.parameter", equalTo("on"))
                .body("results[1].verdict", equalTo("VALID_ON_DATE_HOLDER_NOT_CHECKED"));
        given().contentType("application/x-www-form-urlencoded").formParam("list", number).formParam("bidDate", future)
                .post("/procurement").then().statusCode(400).body(not(containsString("VALID_ON_DATE")));
        // today itself is known
        given().queryParam("number", number).queryParam("on", TODAY.toString()).get("/api/v1/verify").then().statusCode(200)
                .body("verdict", equalTo("VALID_ON_DATE_HOLDER_NOT_CHECKED"));
    }

    @Test
    void aWholeNumberFieldGivenAFractionIsRefusedNotTruncated() throws JsonProcessingException {
        String request = JSON.writeValueAsString(Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(3)))
                .replace("\"scoreScale\":100", "\"scoreScale\":100.5");
        as(body).body(request).post("/api/v1/certificates").then().statusCode(400)
                .body("type", equalTo("/problems/malformed-request")).body("parameter", equalTo("scoreScale"));
    }
}

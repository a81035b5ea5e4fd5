package cn.certregistry.verification;

import static cn.certregistry.Api.BOOTSTRAP_ADMIN;
import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;

/**
 * A batch at its cap: 1 000 lines over certificates of two bodies (one issuing outside its approval), two holders,
 * suspended and renamed certificates, repeated numbers, unknown numbers and bad lines. Each line is answered for its
 * own certificate, day and credit code, as the same line checked alone is.
 */
@QuarkusTest
class BatchCheckTest {

    private static final String DISTRICT = "440106";
    private static final int OURS = 600;
    private static final int LEGACY = 100;

    /** What the test made: a certificate's issue day and holder, by number. */
    record Made(LocalDate issued, String holderName, String creditCode) {
    }

    @Test
    void aThousandLinesAreEachAnsweredForTheirOwnCertificateDayAndCreditCode() {
        Api.Body body = Api.newBody("BATCH");
        String[] names = { "批" + TestRegister.name() + "电器有限公司", "批" + TestRegister.name() + "家电有限公司" };
        String[] codes = { TestRegister.creditCode(DISTRICT), TestRegister.creditCode(DISTRICT) };
        Map<String, Made> made = new LinkedHashMap<>();
        List<String> ours = imported(body, OURS, i -> TODAY.minusDays(i % 400), names, codes, made);
        // issued while nothing was recorded of the body's approval; the approval recorded later starts after them
        Api.Body legacy = Api.newBody("BATCHL");
        List<String> outside = imported(legacy, LEGACY, i -> TODAY.minusDays(60 + i % 50), names, codes, made);
        Api.as(BOOTSTRAP_ADMIN).body(Map.of("kind", "APPROVED", "effectiveDate", TODAY.minusDays(30).toString(), "schemes",
                List.of("AFTER_SALES"), "validUntil", TODAY.plusYears(3).toString(), "reason", "国家认监委批准"))
                .post("/api/v1/admin/bodies/" + legacy.code() + "/approval").then().statusCode(201);
        // a few suspended five days ago, one renamed three days ago, one whose log index the issuer was told
        Set<String> suspended = new HashSet<>();
        for (int i = 7; i < OURS; i += 97) {
            String number = ours.get(i);
            if (made.get(number).issued().isBefore(TODAY.minusDays(10))) {
                Api.as(body).body(Api.event("SUSPENDED", TODAY.minusDays(5), "监督审核未通过")).post("/api/v1/certificates/"
                        + number + "/events").then().statusCode(201);
                suspended.add(number);
            }
        }
        assertTrue(suspended.size() >= 3, "suspended " + suspended);
        String renamed = ours.get(50);
        assertTrue(made.get(renamed).issued().isBefore(TODAY.minusDays(10)));
        Map<String, Object> rename = Api.event("HOLDER_CHANGED", TODAY.minusDays(3), "企业更名");
        rename.put("holderName", "批" + TestRegister.name() + "新名有限公司");
        Api.as(body).body(rename).post("/api/v1/certificates/" + renamed + "/events").then().statusCode(201);
        String logged = Api.as(body).header("Prefer", "wait=10").body(Api.certificate(TestRegister.number(body.code()),
                DISTRICT, TODAY.minusDays(20))).post("/api/v1/certificates").then().statusCode(201).extract().path("number");
        long loggedIndex = given().get("/api/v1/certificates/" + logged).then().statusCode(200).extract()
                .<Number>path("logIndex").longValue();
        String loggedCode = given().get("/api/v1/certificates/" + logged).then().extract().path("holder.creditCode");
        made.put(logged, new Made(TODAY.minusDays(20), "广州接口测试电器有限公司", loggedCode));

        // the lines: each of ours on one of three days with the right, the other or no credit code; the legacy body's;
        // 198 repeats on other days, the renamed one today, the logged one; 50 unknown numbers; 50 bad lines
        List<Map<String, Object>> items = new ArrayList<>();
        for (int i = 0; i < OURS; i++) {
            String number = ours.get(i);
            Map<String, Object> item = new HashMap<>();
            item.put("number", i % 5 == 0 ? " " + number.toLowerCase() + " " : number);
            LocalDate issued = made.get(number).issued();
            switch (i % 3) {
                case 1 -> item.put("on", issued.minusDays(1).toString());
                case 2 -> item.put("on", TODAY.minusDays(10).toString());
                default -> {
                }
            }
            switch (i % 4) {
                case 0 -> item.put("creditCode", codes[i % 2]);
                case 1 -> item.put("creditCode", codes[(i + 1) % 2]);
                default -> {
                }
            }
            items.add(item);
        }
        outside.forEach(number -> items.add(Map.of("number", number, "creditCode", made.get(number).creditCode())));
        for (int i = 0; i < 198; i++) {
            items.add(Map.of("number", ours.get((i * 7) % OURS), "on", TODAY.minusDays(i % 30).toString()));
        }
        items.add(Map.of("number", renamed));
        items.add(Map.of("number", logged));
        for (int i = 0; i < 50; i++) {
            items.add(Map.of("number", body.code() + "-NONE-" + i));
        }
        for (int i = 0; i < 50; i++) {
            items.add(switch (i % 5) {
                case 0 -> Map.of("creditCode", codes[0]);
                case 1 -> Map.of("number", ours.get(i), "creditCode", "NOT-A-CODE");
                case 2 -> Map.of("number", ours.get(i), "on", TODAY.plusDays(1).toString());
                case 3 -> Map.of("number", ours.get(i), "on", "2024-13-40");
                default -> Map.of("number", "");
            });
        }
        assertEquals(1000, items.size());

        JsonPath answer = Api.contract().contentType("application/json").body(Map.of("items", items)).post("/api/v1/verify")
                .then().statusCode(200).body("count", equalTo(1000)).extract().jsonPath();
        List<Map<String, Object>> results = answer.getList("results");
        assertEquals(1000, results.size());
        Map<String, Long> logIndexes = new HashMap<>();
        for (int i = 0; i < 1000; i++) {
            Map<String, Object> line = results.get(i);
            Map<String, Object> item = items.get(i);
            String where = "line " + i + " " + item + ": " + line;
            assertEquals(i, line.get("index"), where);
            String verdict = (String) line.get("verdict");
            if (i >= 950) {
                assertEquals("INVALID_REQUEST", verdict, where);
                assertNotNull(line.get("problem"), where);
                continue;
            }
            String number = ((String) item.get("number")).strip().toUpperCase();
            assertEquals(number, line.get("number"), where);
            LocalDate on = item.containsKey("on") ? LocalDate.parse((String) item.get("on")) : TODAY;
            assertEquals(on.toString(), line.get("on"), where);
            Made certificate = made.get(number);
            if (certificate == null) {
                assertEquals("NOT_FOUND", verdict, where);
                assertEquals(false, line.get("inRegister"), where);
                continue;
            }
            assertEquals(true, line.get("inRegister"), where);
            String creditCode = (String) item.get("creditCode");
            Boolean holderMatches = creditCode == null ? null : creditCode.equals(certificate.creditCode());
            assertEquals(holderMatches, line.get("holderMatches"), where);
            boolean approved = !outside.contains(number);
            assertEquals(approved, path(line, "issuerApproval", "approvedOnIssueDate"), where);
            boolean suspendedOn = suspended.contains(number) && !on.isBefore(TODAY.minusDays(5));
            String statusOn = on.isBefore(certificate.issued()) ? "NOT_YET_ISSUED" : suspendedOn ? "SUSPENDED" : "VALID";
            assertEquals(statusOn, path(line, "statusOn", "code"), where);
            assertEquals(suspended.contains(number) ? "SUSPENDED" : "VALID", path(line, "currentStatus", "code"), where);
            String expected = !approved ? "ISSUER_NOT_APPROVED" : Boolean.FALSE.equals(holderMatches) ? "HOLDER_MISMATCH"
                    : !statusOn.equals("VALID") ? "NOT_VALID_ON_DATE" : holderMatches == null ? "VALID_ON_DATE_HOLDER_NOT_CHECKED"
                    : "VALID_ON_DATE";
            assertEquals(expected, verdict, where);
            if (!number.equals(renamed) || on.isBefore(TODAY.minusDays(3))) {
                assertEquals(certificate.holderName(), line.get("holderName"), where);
            } else {
                assertTrue(((String) line.get("holderName")).contains("新名"), where);
            }
            assertEquals("AFTER_SALES", line.get("scheme"), where);
            assertEquals(certificate.issued().plusYears(3).minusDays(1).toString(), line.get("expiryDate"), where);
            if (line.get("logIndex") != null) {
                long index = ((Number) line.get("logIndex")).longValue();
                Long before = logIndexes.putIfAbsent(number, index);
                assertTrue(before == null || before == index, where);
            }
        }
        assertEquals(loggedIndex, ((Number) results.get(899).get("logIndex")).longValue());
        assertEquals(logIndexes.size(), new HashSet<>(logIndexes.values()).size(), "each certificate its own latest entry");
        assertEquals("problems for: " + List.of("number", "creditCode", "on", "on", "number"), "problems for: "
                + results.subList(950, 955).stream().map(line -> path(line, "problem", "parameter")).toList());

        // the same lines checked one at a time answer the same (but for the batch's index)
        for (int i = 0; i < 950; i += 19) {
            Map<String, Object> item = items.get(i);
            var single = given().queryParam("number", item.get("number"));
            if (item.containsKey("creditCode")) {
                single.queryParam("creditCode", item.get("creditCode"));
            }
            if (item.containsKey("on")) {
                single.queryParam("on", item.get("on"));
            }
            Map<String, Object> alone = single.get("/api/v1/verify").then().statusCode(200).extract().jsonPath().getMap("");
            Map<String, Object> inBatch = new HashMap<>(results.get(i));
            inBatch.remove("index");
            if (alone.get("logIndex") != null && inBatch.get("logIndex") == null) {
                inBatch.put("logIndex", alone.get("logIndex")); // the log took it in between the two reads
            }
            assertEquals(alone, inBatch, "line " + i);
        }
    }

    /** Imports {@code count} certificates of the body, holders alternating; their numbers in order. */
    private static List<String> imported(Api.Body body, int count, java.util.function.IntFunction<LocalDate> issued,
            String[] names, String[] codes, Map<String, Made> made) {
        StringBuilder csv = new StringBuilder("number,scheme,grade,score,scoreScale,scope,issueDate,expiryDate,"
                + "holderName,holderCreditCode,holderRegion,siteRegion\n");
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String number = body.code() + "-B" + i;
            LocalDate day = issued.apply(i);
            csv.append(String.join(",", number, "AFTER_SALES", "FOUR_STAR", "92", "100", "家用电器的售后服务", day.toString(),
                    day.plusYears(3).minusDays(1).toString(), names[i % 2], codes[i % 2], DISTRICT, DISTRICT)).append('\n');
            numbers.add(number);
            made.put(number, new Made(day, names[i % 2], codes[i % 2]));
        }
        given().contentType("text/csv; charset=UTF-8").header("Authorization", "Bearer " + body.key())
                .body(csv.toString().getBytes(StandardCharsets.UTF_8)).post("/api/v1/certificates:import").then()
                .statusCode(200).body("imported", equalTo(count));
        return numbers;
    }

    @SuppressWarnings("unchecked")
    private static Object path(Map<String, Object> line, String object, String field) {
        Map<String, Object> inner = (Map<String, Object>) line.get(object);
        assertNotNull(inner, object + " in " + line);
        return inner.get(field);
    }

    @Test
    void anEmptyBatchAndOneOfUnknownNumbersReadNothing() {
        given().contentType("application/json").body(Map.of("items", List.of())).post("/api/v1/verify").then().statusCode(200)
                .body("count", equalTo(0));
        JsonPath answer = given().contentType("application/json").body(Map.of("items", List.of(Map.of("number", "NOBODY-1"),
                Map.of("number", "NOBODY-1")))).post("/api/v1/verify").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("NOT_FOUND", "NOT_FOUND"), answer.getList("results.verdict"));
        assertNull(answer.get("results[0].logIndex"));
    }
}

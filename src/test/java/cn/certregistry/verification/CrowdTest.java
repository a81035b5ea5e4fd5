package cn.certregistry.verification;

import static cn.certregistry.Api.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;

/**
 * A crowd on the public site: 200 requests at once (phones scanning one code, its record, its page and a common
 * two-character name search). Each answer is an answer, or a refusal that says when to come back; never a 500.
 */
@QuarkusTest
class CrowdTest {

    private static final int AT_ONCE = 200;

    @TestHTTPResource("/")
    URL base;

    /** What came back: a status, and for a refusal its media type and Retry-After. */
    record Answer(String path, int status, String contentType, String retryAfter) {

        boolean acceptable() {
            return status / 100 == 2 || ((status == 429 || status == 503) && contentType.startsWith("application/problem+json")
                    && !retryAfter.isEmpty());
        }
    }

    @Test
    void twoHundredCallersAtOnceGetAnswersOrNamedRefusalsNeverA500() throws Exception {
        Api.Body body = Api.newBody("CROWD");
        String number = Api.issue(body, "440106", TODAY.minusDays(10));
        String code = VerificationTest.path(VerificationTest.scan(number));
        List<String> paths = List.of(code, "/api/v1/certificates/" + number, "/certificates/" + number,
                "/api/v1/certificates?q=" + URLEncoder.encode("有限", StandardCharsets.UTF_8));

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService callers = Executors.newFixedThreadPool(AT_ONCE);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < AT_ONCE; i++) {
                String path = paths.get(i % paths.size());
                answers.add(callers.submit(() -> {
                    start.await();
                    HttpRequest request = HttpRequest.newBuilder(URI.create(base.toString()).resolve(path))
                            .header("Accept", path.startsWith("/certificates/") ? "text/html" : "application/json")
                            .timeout(Duration.ofSeconds(60)).build();
                    HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
                    return new Answer(path, response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                            response.headers().firstValue("Retry-After").orElse(""));
                }));
            }
            start.countDown();
            Map<String, Integer> statuses = new TreeMap<>();
            List<Answer> wrong = new ArrayList<>();
            for (Future<Answer> future : answers) {
                Answer answer = future.get();
                statuses.merge(answer.path().replaceAll("\\?.*|/[^/]*$", "") + " " + answer.status(), 1, Integer::sum);
                if (!answer.acceptable()) {
                    wrong.add(answer);
                }
            }
            assertEquals(List.of(), wrong, "answers neither 2xx nor a 429/503 problem with Retry-After: " + statuses);
            assertTrue(statuses.keySet().stream().anyMatch(key -> key.endsWith(" 200")), "some answers at least: " + statuses);
        } finally {
            callers.shutdownNow();
        }
    }

    /**
     * The crowd rule of costly requests: each client runs one at a time. A client flooding batch checks from many
     * connections holds one slot and one place in the queue, so another client checking lists one after another is
     * never refused (and never made to rest between its requests); the flood's surplus waits behind the flood itself.
     */
    @Test
    void oneClientsChecksInARowAreNeverRefusedWhileAnotherClientFloods() throws Exception {
        Api.Body body = Api.newBody("FLOOD");
        // the flood's batches: 1 000 certificates of their own, imported in one file, so each batch costs what a real one does
        StringBuilder csv = new StringBuilder("number,scheme,grade,score,scoreScale,scope,issueDate,expiryDate,"
                + "holderName,holderCreditCode,holderRegion,siteRegion\n");
        String holder = "洪" + TestRegister.name() + "电器有限公司";
        String creditCode = TestRegister.creditCode("440106");
        StringBuilder flood = new StringBuilder("{\"items\":[");
        for (int i = 0; i < 1000; i++) {
            String number = body.code() + "-F" + i;
            LocalDate issued = TODAY.minusDays(10 + i % 300);
            csv.append(String.join(",", number, "AFTER_SALES", "FOUR_STAR", "92", "100", "家用电器的售后服务", issued.toString(),
                    issued.plusYears(3).minusDays(1).toString(), holder, creditCode, "440106", "440106")).append('\n');
            flood.append(i == 0 ? "" : ",").append("{\"number\":\"").append(number).append("\"}");
        }
        RestAssured.given().contentType("text/csv; charset=UTF-8").header("Authorization", "Bearer " + body.key())
                .body(csv.toString().getBytes(StandardCharsets.UTF_8)).post("/api/v1/certificates:import").then().statusCode(200);
        List<String> numbers = List.of(Api.issue(body, "440106", TODAY.minusDays(10)));
        String floodBatch = flood.append("]}").toString();
        String ownBatch = "{\"items\":[{\"number\":\"" + numbers.get(0) + "\"}]}";

        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        URI verify = URI.create(base.toString()).resolve("/api/v1/verify");
        int flooders = 16;
        ExecutorService flooding = Executors.newFixedThreadPool(flooders);
        java.util.concurrent.atomic.AtomicBoolean over = new java.util.concurrent.atomic.AtomicBoolean();
        Map<Integer, Integer> floodStatuses = new java.util.concurrent.ConcurrentHashMap<>();
        CountDownLatch flowing = new CountDownLatch(flooders);
        try {
            for (int i = 0; i < flooders; i++) {
                flooding.submit(() -> {
                    flowing.countDown();
                    while (!over.get()) {
                        // anonymous: the flood is one client, its address
                        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(verify)
                                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(floodBatch))
                                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.discarding());
                        floodStatuses.merge(response.statusCode(), 1, Integer::sum);
                    }
                    return null;
                });
            }
            flowing.await();
            Thread.sleep(300);
            // another client (its API key), one request after another while the flood goes on
            // ten in a row: each waits its turn behind a batch of the flood, so this is also how long the flood goes on
            int inARow = 10;
            List<Integer> own = new ArrayList<>();
            for (int i = 0; i < inARow; i++) {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(verify)
                        .header("Content-Type", "application/json").header("Authorization", "Bearer " + body.key())
                        .POST(HttpRequest.BodyPublishers.ofString(ownBatch)).timeout(Duration.ofSeconds(60)).build(),
                        HttpResponse.BodyHandlers.ofString());
                own.add(response.statusCode());
                assertTrue(response.statusCode() != 200 || response.body().contains("VALID_ON_DATE"), response.body());
            }
            over.set(true);
            assertEquals(java.util.Collections.nCopies(inARow, 200), own, "the flood's answers: " + floodStatuses);
        } finally {
            over.set(true);
            flooding.shutdown();
            assertTrue(flooding.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS));
        }
        assertTrue(floodStatuses.getOrDefault(200, 0) > 0, "the flood is answered too: " + floodStatuses);
        assertTrue(floodStatuses.keySet().stream().allMatch(status -> status == 200 || status == 429), floodStatuses.toString());
    }
}

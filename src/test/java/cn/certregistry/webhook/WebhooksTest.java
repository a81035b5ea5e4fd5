package cn.certregistry.webhook;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import cn.certregistry.Api;
import cn.certregistry.PostgresTestResource;
import cn.certregistry.TestRegister;

/**
 * Webhooks against a real receiver: one that was down, then failing, then up gets every matching change once, in
 * log order, signed so that code we did not write (Node's crypto) verifies it; retries carry the same webhook-id.
 */
@QuarkusTest
class WebhooksTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REGION = "650102";

    private static RequestSpecification as(String key) {
        return Api.as(key).filter(Api.CONTRACT);
    }

    private static RequestSpecification badly(String key) {
        return Api.as(key).filter(Api.ANSWERS);
    }


    private static JsonPath subscribe(String key, Map<String, Object> request) {
        return as(key).body(request).post("/api/v1/subscriptions").then().statusCode(201)
                .header("Location", org.hamcrest.Matchers.containsString("/api/v1/subscriptions/")).extract().jsonPath();
    }

    private static JsonPath subscription(String key, long id) {
        return as(key).get("/api/v1/subscriptions/" + id).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aReceiverThatWasDownGetsEveryMatchingChangeOnceInLogOrderSigned() throws Exception {
        Api.Body body = Api.newBody("HOOK");
        Api.Body other = Api.newBody("HOOKX");
        String watcher = Api.newSubscriberKey("HOOK-P");
        String bodyWatcher = Api.newSubscriberKey("HOOK-Q");
        String n1 = TestRegister.number(body.code());
        String n3 = TestRegister.number(body.code());
        try (Receiver receiver = new Receiver()) {
            JsonPath numbers = subscribe(watcher, Map.of("url", receiver.url("/numbers"), "certificates", List.of(n1, n3.toLowerCase())));
            JsonPath region = subscribe(watcher, Map.of("url", receiver.url("/region"), "region", REGION.substring(0, 4)));
            JsonPath ofBody = subscribe(bodyWatcher, Map.of("url", receiver.url("/body"), "body", body.code()));
            assertEquals(List.of(n1, n3), numbers.getList("certificates"));
            assertTrue(numbers.getString("publicKey").startsWith("whpk_"));
            assertEquals(0, numbers.getInt("delivery.pending"));

            // the receiver is not listening while the changes happen
            Api.as(body).body(Api.certificate(n1, "440106", TODAY.minusDays(40))).post("/api/v1/certificates").then().statusCode(201);
            String n2 = Api.issue(body, "440106", TODAY.minusDays(35));
            Api.as(body).body(Api.event("SUSPENDED", TODAY.minusDays(30), "未按期接受年度监督审核"))
                    .post("/api/v1/certificates/" + n1 + "/events").then().statusCode(201);
            Api.as(body).body(Api.certificate(n3, REGION, TODAY.minusDays(25))).post("/api/v1/certificates").then().statusCode(201);
            String n4 = Api.issue(other, REGION, TODAY.minusDays(20));
            Api.as(body).body(Api.event("RESTORED", TODAY.minusDays(10), "补充监督审核通过"))
                    .post("/api/v1/certificates/" + n1 + "/events").then().statusCode(201);

            long numbersId = numbers.getLong("id");
            await("the refused deliveries are visible to the subscriber", () -> {
                JsonPath state = subscription(watcher, numbersId);
                return state.getInt("delivery.failedAttempts") >= 2 && state.getString("delivery.lastError") != null;
            });
            JsonPath down = subscription(watcher, numbersId);
            // a refused connection reads as any other lack of an answer: which one it was would tell whether a port is open
            assertEquals(WebhookDispatcher.NO_ANSWER, down.getString("delivery.lastError"));
            assertEquals(4, down.getInt("delivery.pending"), "four changes of n1 and n3 wait");
            assertNotNull(down.get("delivery.nextAttemptAt"));
            assertNull(down.get("delivery.lastDeliveredIndex"));
            assertFalse(down.getBoolean("delivery.failing"));

            // then it answers, but with 503
            receiver.status.set(503);
            receiver.listen();
            await("a 503 is recorded", () -> Integer.valueOf(503).equals(subscription(watcher, numbersId).get("delivery.lastStatus")));
            for (String path : List.of("/region", "/body")) {
                await(path + " answered 503", () -> receiver.deliveries(path).stream().anyMatch(d -> d.answered() == 503));
            }
            assertTrue(receiver.accepted("/numbers").isEmpty());
            // and then it is well
            receiver.status.set(200);
            for (Object[] done : new Object[][] {{watcher, numbersId}, {watcher, region.getLong("id")}, {bodyWatcher, ofBody.getLong("id")}}) {
                await("every delivery made", () -> subscription((String) done[0], (Long) done[1]).getInt("delivery.pending") == 0);
            }
            // nothing more comes: a late second copy of a delivery would show within this second (a wait for what does
            // not happen, so a fixed one)
            Thread.sleep(1000);

            Map<String, byte[]> publicKeys = Map.of("/numbers", publicKey(numbers), "/region", publicKey(region), "/body", publicKey(ofBody));
            assertEquals(List.of("ISSUED " + n1, "SUSPENDED " + n1, "ISSUED " + n3, "RESTORED " + n1), changes(receiver, "/numbers"));
            assertEquals(List.of("ISSUED " + n3, "ISSUED " + n4), changes(receiver, "/region"));
            assertEquals(List.of("ISSUED " + n1, "ISSUED " + n2, "SUSPENDED " + n1, "ISSUED " + n3, "RESTORED " + n1),
                    changes(receiver, "/body").stream().filter(c -> !c.startsWith("BODY_") && !c.startsWith("NUMBER_PREFIX")).toList());
            List<Map<String, Object>> signed = new ArrayList<>();
            for (String path : List.of("/numbers", "/region", "/body")) {
                List<Receiver.Delivery> accepted = receiver.accepted(path);
                List<Long> ids = accepted.stream().map(d -> Long.parseLong(d.id())).toList();
                assertEquals(ids.stream().distinct().sorted().toList(), ids, path + ": each change once, in log order");
                List<Long> retried = receiver.deliveries(path).stream().filter(d -> d.answered() == 503)
                        .map(d -> Long.parseLong(d.id())).toList();
                assertFalse(retried.isEmpty(), path + " was refused at first");
                assertTrue(ids.containsAll(retried), path + ": a retry carries the webhook-id of the first attempt, so a replay shows");
                for (Receiver.Delivery delivery : accepted) {
                    Map<String, Object> payload = JSON.readValue(delivery.body(), Map.class);
                    assertEquals(Long.parseLong(delivery.id()), ((Number) payload.get("index")).longValue());
                    assertTrue(((Number) payload.get("checkpointSize")).longValue() > Long.parseLong(delivery.id()));
                    assertTrue(Math.abs(Long.parseLong(delivery.timestamp()) - System.currentTimeMillis() / 1000) < 120);
                    assertTrue(delivery.signature().startsWith("v1a,"));
                    assertTrue(WebhookSignature.verify(publicKeys.get(path), delivery.id(), Long.parseLong(delivery.timestamp()),
                            delivery.body(), delivery.signature()));
                    signed.add(nodeCase(publicKeys.get(path), delivery.id(), delivery.timestamp(), delivery.body(), delivery.signature()));
                }
            }
            assertNodeVerifies(signed);

            JsonPath state = subscription(watcher, numbersId);
            assertEquals(Long.parseLong(receiver.accepted("/numbers").get(3).id()), state.getLong("delivery.lastDeliveredIndex"));
            assertEquals(200, state.getInt("delivery.lastStatus"));
            assertEquals(0, state.getInt("delivery.failedAttempts"));
            assertNull(state.get("delivery.nextAttemptAt"));
            assertNull(state.get("delivery.lastError"));
        }
    }

    @jakarta.inject.Inject
    TestRegister register;

    /** How fast a live change arrives, and how fast a backlog drains to a receiver that answers at once. */
    @Test
    void aLiveChangeArrivesInAboutASecondAndABacklogDrainsInOrder() throws Exception {
        String code = register.newBody("HOOKL", "速递认证有限公司");
        String key = Api.newSubscriberKey("HOOK-L");
        int backlog = 150; // more than the 100 entries of one subscription's turn
        try (Receiver receiver = new Receiver()) {
            receiver.listen();
            long id = subscribe(key, Map.of("url", receiver.url("/live"), "body", code)).getLong("id");
            long start = System.nanoTime();
            String first = register.issue(code, TestRegister.number(code), "速递接口测试有限公司", TestRegister.creditCode("440106"),
                    "440106", TODAY.minusDays(10));
            // the body's own entries (its registration, its number prefix) may come first, when the log took them in
            // after the subscription was made
            java.util.function.Supplier<List<Receiver.Delivery>> issued = () -> receiver.accepted("/live").stream()
                    .filter(d -> new String(d.body(), StandardCharsets.UTF_8).contains(first)).toList();
            await("the live change arrives", () -> !issued.get().isEmpty(), () -> "deliveries to /live: "
                    + receiver.deliveries("/live").stream().map(d -> d.id() + " answered " + d.answered()).toList()
                    + "; " + subscription(key, id).getMap("delivery"));
            long liveMillis = (System.nanoTime() - start) / 1_000_000;
            // at least once: a delivery whose answer came too late is sent again, under the same webhook-id
            assertEquals(1, issued.get().stream().map(Receiver.Delivery::id).distinct().count());
            assertTrue(receiver.accepted("/live").stream().allMatch(d -> new String(d.body(), StandardCharsets.UTF_8)
                    .contains("\"" + code + "\"")), "only the body's entries");
            long through = subscription(key, id).getLong("delivery.deliveredThrough");
            as(key).delete("/api/v1/subscriptions/" + id).then().statusCode(204);

            for (int i = 0; i < backlog; i++) {
                register.issue(code, TestRegister.number(code), "速递接口测试有限公司", TestRegister.creditCode("440106"), "440106",
                        TODAY.minusDays(10));
            }
            await("the backlog is in a checkpoint", () -> given().queryParam("after", through).queryParam("limit", 1000)
                    .get("/api/v1/feed").then().extract().jsonPath().getList("entries").size() >= backlog);
            long drain = System.nanoTime();
            long again = subscribe(key, Map.of("url", receiver.url("/backlog"), "body", code, "after", through)).getLong("id");
            await("the backlog drains", () -> receiver.accepted("/backlog").size() >= backlog);
            double seconds = (System.nanoTime() - drain) / 1e9;
            List<Long> ids = receiver.accepted("/backlog").stream().map(d -> Long.parseLong(d.id())).distinct().toList();
            assertEquals(ids.stream().sorted().toList(), ids, "in log order");
            assertEquals(backlog, ids.size());
            assertEquals(0, subscription(key, again).getInt("delivery.pending"));
            System.out.printf("webhooks: a live change arrived after %d ms; a backlog of %d drained in %.1f s (%.0f deliveries/s)%n",
                    liveMillis, backlog, seconds, backlog / seconds);
        }
    }

    /**
     * Many subscriptions with something new at every round (here: the checkpoint grows, and each has to look) take turns
     * with a new one: it is not kept waiting behind them, however many more there are than deliveries run at once.
     */
    @Test
    void aNewSubscriptionIsNotKeptWaitingBehindManyThatAreDueAtEveryRound() throws Exception {
        String busy = register.newBody("HOOKB", "繁忙认证有限公司");
        String idle = register.newBody("HOOKI", "空闲认证有限公司");
        String watched = register.newBody("HOOKW", "关注认证有限公司");
        String key = Api.newSubscriberKey("HOOK-F");
        try (Receiver receiver = new Receiver()) {
            receiver.listen();
            List<Long> others = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                others.add(subscribe(key, Map.of("url", receiver.url("/idle"), "body", idle)).getLong("id"));
            }
            java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
            java.util.concurrent.atomic.AtomicInteger written = new java.util.concurrent.atomic.AtomicInteger();
            Thread writer = new Thread(() -> {
                while (writing.get()) {
                    register.issue(busy, TestRegister.number(busy), "繁忙测试有限公司", TestRegister.creditCode("440106"), "440106",
                            TODAY.minusDays(10));
                    written.incrementAndGet();
                    try {
                        Thread.sleep(40);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            writer.start();
            try {
                await("the busy body's writes are under way", () -> written.get() >= 10);
                long id = subscribe(key, Map.of("url", receiver.url("/watched"), "body", watched)).getLong("id");
                String number = register.issue(watched, TestRegister.number(watched), "关注测试有限公司",
                        TestRegister.creditCode("440106"), "440106", TODAY.minusDays(10));
                // the watched body's own entries may come first, when the log took them in after the subscription
                await("the new subscription's change arrives", () -> receiver.accepted("/watched").stream()
                        .anyMatch(d -> new String(d.body(), StandardCharsets.UTF_8).contains(number)));
            } finally {
                writing.set(false);
                writer.join(10_000);
                others.forEach(other -> as(key).delete("/api/v1/subscriptions/" + other).then().statusCode(204));
            }
        }
    }

    /**
     * Receivers that answer slowly (each delivery just within the read timeout) hold a worker for one delivery past
     * their turn's share at most: a subscription behind more of them than there are workers still gets its change in
     * seconds, not after their backlogs.
     */
    @Test
    void slowReceiversDelayAnotherSubscriptionByAboutOneDeliveryEach() throws Exception {
        String slowBody = register.newBody("HOOKS", "迟缓认证有限公司");
        String watched = register.newBody("HOOKV", "守望认证有限公司");
        String key = Api.newSubscriberKey("HOOK-S");
        for (int i = 0; i < 30; i++) {
            register.issue(slowBody, TestRegister.number(slowBody), "迟缓测试有限公司", TestRegister.creditCode("440106"), "440106",
                    TODAY.minusDays(10));
        }
        try (Receiver slow = new Receiver(); Receiver quick = new Receiver()) {
            slow.delayMillis.set(1800); // the read timeout under test is 2 s
            slow.listen();
            quick.listen();
            List<Long> slowOnes = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) { // more than the 8 deliveries under way at once
                    slowOnes.add(subscribe(key, Map.of("url", slow.url("/slow"), "body", slowBody, "after", 0)).getLong("id"));
                }
                await("the slow receivers are busy", () -> slow.deliveries("/slow").size() >= 8);
                long id = subscribe(key, Map.of("url", quick.url("/watched"), "body", watched)).getLong("id");
                long start = System.nanoTime();
                String number = register.issue(watched, TestRegister.number(watched), "守望测试有限公司",
                        TestRegister.creditCode("440106"), "440106", TODAY.minusDays(10));
                await("the watched change arrives", () -> quick.accepted("/watched").stream()
                        .anyMatch(d -> new String(d.body(), StandardCharsets.UTF_8).contains(number)), () -> subscription(key, id)
                        .getMap("delivery").toString());
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("webhooks: behind 10 receivers answering in 1.8 s, a change arrived after %.1f s%n", seconds);
                // their backlogs are 30 deliveries each, 54 s of answers: a turn that ran through a batch would keep it
                // waiting that long
                assertTrue(seconds < 20, "arrived after " + seconds + " s");
            } finally {
                slowOnes.forEach(other -> as(key).delete("/api/v1/subscriptions/" + other).then().statusCode(204));
            }
        }
    }

    @Test
    void anEntryRefusedForThreeDaysMarksTheSubscriptionFailingAndTheFeedStillHasIt() throws Exception {
        Api.Body body = Api.newBody("HOOKF");
        String key = Api.newSubscriberKey("HOOK-F");
        String number = TestRegister.number(body.code());
        try (Receiver receiver = new Receiver()) {
            long id = subscribe(key, Map.of("url", receiver.url("/down"), "certificates", List.of(number))).getLong("id");
            long after = subscription(key, id).getLong("delivery.deliveredThrough");
            Api.as(body).body(Api.certificate(number, "440106", TODAY.minusDays(40))).post("/api/v1/certificates").then().statusCode(201);
            await("a refused delivery", () -> subscription(key, id).getInt("delivery.failedAttempts") >= 1);
            assertFalse(subscription(key, id).getBoolean("delivery.failing"));
            try (Connection connection = PostgresTestResource.owner(); PreparedStatement age = connection.prepareStatement(
                    "update webhook_subscription set first_failure_at = now() - interval '73 hours', next_attempt_at = now() where id = ?")) {
                age.setLong(1, id);
                age.executeUpdate();
            }
            await("the subscription is marked failing", () -> subscription(key, id).getBoolean("delivery.failing"));
            JsonPath failing = subscription(key, id);
            assertNull(failing.get("delivery.nextAttemptAt"));
            assertEquals(1, failing.getInt("delivery.pending"));
            int attempts = failing.getInt("delivery.failedAttempts");
            receiver.listen();
            Thread.sleep(1500); // a wait for what does not happen: seven rounds of the dispatcher
            assertTrue(receiver.deliveries("/down").isEmpty(), "a failing subscription is not delivered to");
            assertEquals(attempts, subscription(key, id).getInt("delivery.failedAttempts"));
            // the receiver catches up from the feed, from the subscription's cursor
            List<Map<String, Object>> entries = given().queryParam("after", after).queryParam("limit", 1000).get("/api/v1/feed").then()
                    .statusCode(200).extract().jsonPath().getList("entries");
            assertTrue(entries.stream().anyMatch(e -> number.equals(((Map<?, ?>) e.get("change")).get("certificate"))));
        }
    }

    @Test
    void aReceiverThatAnswersGoneStopsItsSubscription() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.status.set(410);
            receiver.listen();
            Watch watch = issueWatched(receiver, "/gone", "G");
            String key = watch.key();
            long id = watch.id();
            await("410 stops the subscription", () -> subscription(key, id).getBoolean("delivery.failing"));
            assertEquals(410, subscription(key, id).getInt("delivery.lastStatus"));
            assertEquals(1, receiver.deliveries("/gone").size());
        }
    }

    @Test
    void aBusyReceiverIsNotAskedAgainBeforeTheTimeItsRetryAfterSays() throws Exception {
        try (Receiver receiver = new Receiver()) {
            receiver.status.set(503);
            receiver.listen();
            Watch watch = issueWatched(receiver, "/busy", "R");
            String key = watch.key();
            long id = watch.id();
            await("a plain 503", () -> subscription(key, id).getInt("delivery.failedAttempts") >= 1);
            assertTrue(secondsToNextAttempt(subscription(key, id)) < 5, "without Retry-After the backoff applies (test: under 1 s)");
            receiver.retryAfter.set("120");
            // an attempt under way when the header was set may still end without it: wait for one that carried it
            await("a 503 with Retry-After: 120", () -> secondsToNextAttempt(subscription(key, id)) > 60);
            double wait = secondsToNextAttempt(subscription(key, id));
            assertTrue(wait >= 119 && wait <= 133, "the next attempt waits what the receiver asked: " + wait + " s");
            int asked = receiver.deliveries("/busy").size();
            Thread.sleep(1500); // a wait for what does not happen: seven rounds of the dispatcher
            assertEquals(asked, receiver.deliveries("/busy").size(), "nothing is sent before the receiver's time");
        }
    }

    /** A subscription's key and id. */
    private record Watch(String key, long id) {
    }

    /** A new subscriber watching a new body's certificate at the receiver's path, and that certificate issued. */
    private static Watch issueWatched(Receiver receiver, String path, String mark) {
        Api.Body body = Api.newBody("HOOK" + mark);
        String key = Api.newSubscriberKey("HOOK-" + mark);
        String number = TestRegister.number(body.code());
        long id = subscribe(key, Map.of("url", receiver.url(path), "certificates", List.of(number))).getLong("id");
        Api.as(body).body(Api.certificate(number, "440106", TODAY.minusDays(40))).post("/api/v1/certificates").then().statusCode(201);
        return new Watch(key, id);
    }

    private static double secondsToNextAttempt(JsonPath subscription) {
        return Duration.between(OffsetDateTime.parse(subscription.getString("delivery.lastAttemptAt")),
                OffsetDateTime.parse(subscription.getString("delivery.nextAttemptAt"))).toMillis() / 1000.0;
    }

    @Test
    void aSubscriberSeesAndDeletesOnlyItsOwnSubscriptions() {
        String mine = Api.newSubscriberKey("HOOK-M");
        String theirs = Api.newSubscriberKey("HOOK-T");
        Api.Body body = Api.newBody("HOOKO");
        long id = subscribe(mine, Map.of("url", "http://127.0.0.1:9/mine", "body", body.code())).getLong("id");
        long other = subscribe(theirs, Map.of("url", "http://127.0.0.1:9/theirs", "region", "44")).getLong("id");
        as(theirs).get("/api/v1/subscriptions/" + id).then().statusCode(404).contentType("application/problem+json");
        as(theirs).delete("/api/v1/subscriptions/" + id).then().statusCode(404).contentType("application/problem+json");
        as(mine).get("/api/v1/subscriptions/" + id).then().statusCode(200);
        as(mine).queryParam("size", 100).get("/api/v1/subscriptions").then().statusCode(200).body("items.id", hasItem((int) id))
                .body("items.id", not(hasItem((int) other))).body("total", equalTo(1))
                .body("items[0]", not(org.hamcrest.Matchers.hasKey("privateKey")));
        as(theirs).get("/api/v1/subscriptions").then().statusCode(200).body("items.id", not(hasItem((int) id)));
        as(mine).queryParam("size", 101).get("/api/v1/subscriptions").then().statusCode(400).body("parameter", equalTo("size"));
        as(mine).queryParam("sort", "id").get("/api/v1/subscriptions").then().statusCode(400)
                .body("type", equalTo("/problems/unknown-parameter"));

        given().get("/api/v1/subscriptions").then().statusCode(401).contentType("application/problem+json");
        as(body.key()).get("/api/v1/subscriptions").then().statusCode(403).contentType("application/problem+json");
        as(Api.BOOTSTRAP_ADMIN).get("/api/v1/subscriptions/" + id).then().statusCode(403);
        as(mine).body(Map.of("code", "X-SUB", "name", "x")).post("/api/v1/admin/subscribers").then().statusCode(403);

        as(mine).delete("/api/v1/subscriptions/" + id).then().statusCode(204);
        as(mine).get("/api/v1/subscriptions/" + id).then().statusCode(404);
        as(mine).delete("/api/v1/subscriptions/" + id).then().statusCode(404);
        as(theirs).get("/api/v1/subscriptions/" + other).then().statusCode(200).body("region", equalTo("44"))
                .body("certificates", nullValue());
    }

    @Test
    void badSubscriptionsAreProblemDocuments() {
        String key = Api.newSubscriberKey("HOOK-B");
        Api.Body body = Api.newBody("HOOKB");
        String url = "http://127.0.0.1:9/hook";
        Map<Map<String, Object>, String> invalid = new LinkedHashMap<>();
        invalid.put(Map.of("body", body.code()), "url");
        invalid.put(Map.of("url", "ftp://127.0.0.1/hook", "body", body.code()), "url");
        invalid.put(Map.of("url", "http://example.cn/hook", "body", body.code()), "url");
        invalid.put(Map.of("url", "https://user:secret@127.0.0.1/hook", "body", body.code()), "url");
        invalid.put(Map.of("url", "https://127.0.0.1/" + "a".repeat(2000), "body", body.code()), "url");
        invalid.put(Map.of("url", "not a url", "body", body.code()), "url");
        invalid.put(Map.of("url", url), "filter");
        invalid.put(Map.of("url", url, "body", body.code(), "region", "44"), "filter");
        invalid.put(Map.of("url", url, "certificates", List.of()), "certificates");
        invalid.put(Map.of("url", url, "certificates", List.of("NOT A NUMBER")), "certificates");
        invalid.put(Map.of("url", url, "region", "44a"), "region");
        invalid.put(Map.of("url", url, "body", "x"), "body");
        invalid.put(Map.of("url", url, "body", body.code(), "after", Long.MAX_VALUE), "after");
        invalid.put(Map.of("url", url, "body", body.code(), "after", -2), "after");
        invalid.forEach((request, parameter) -> badly(key).body(request).post("/api/v1/subscriptions").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo(parameter)));

        Map<Map<String, Object>, String> refused = new LinkedHashMap<>();
        refused.put(Map.of("url", "https://0.0.0.0/hook", "body", body.code()), "url");
        refused.put(Map.of("url", url, "body", "NO-SUCH-BODY-" + TestRegister.RUN), "body");
        refused.put(Map.of("url", url, "region", "99"), "region");
        refused.forEach((request, parameter) -> badly(key).body(request).post("/api/v1/subscriptions").then().statusCode(422)
                .contentType("application/problem+json").body("type", equalTo("/problems/invalid-subscription"))
                .body("parameter", equalTo(parameter)));

        badly(key).body(Map.of("url", url, "certificates", IntStream.range(0, 1001).mapToObj(i -> "N-" + i).toList()))
                .post("/api/v1/subscriptions").then().statusCode(413).body("parameter", equalTo("certificates"));
        badly(key).body("{\"url\": ").post("/api/v1/subscriptions").then().statusCode(400).contentType("application/problem+json");
        badly(key).body("").post("/api/v1/subscriptions").then().statusCode(400).contentType("application/problem+json");
        badly(key).get("/api/v1/subscriptions/abc").then().statusCode(400).body("parameter", equalTo("id"));
        badly(key).get("/api/v1/subscriptions/0").then().statusCode(400).body("parameter", equalTo("id"));
        badly(key).get("/api/v1/subscriptions/999999999999").then().statusCode(404);
        given().contentType("application/json").header("Authorization", "Bearer " + key).body(Map.of("url", url, "body", body.code()))
                .post("/api/v1/subscriptions?after=1").then().statusCode(400).body("type", equalTo("/problems/unknown-parameter"));
    }

    @Test
    void administratorsRegisterSubscribersAndHandOutTheirKeys() {
        String code = TestRegister.code("HOOK-A");
        badly(Api.BOOTSTRAP_ADMIN).body(Map.of("code", code.toLowerCase(), "name", "某政府采购平台")).post("/api/v1/admin/subscribers").then()
                .statusCode(201).body("code", equalTo(code)).body("name", equalTo("某政府采购平台"));
        badly(Api.BOOTSTRAP_ADMIN).body(Map.of("code", code, "name", "again")).post("/api/v1/admin/subscribers").then().statusCode(409)
                .body("parameter", equalTo("code"));
        badly(Api.BOOTSTRAP_ADMIN).body(Map.of("code", "a b", "name", "x")).post("/api/v1/admin/subscribers").then().statusCode(400)
                .body("parameter", equalTo("code"));
        badly(Api.BOOTSTRAP_ADMIN).body(Map.of("code", code + "-2")).post("/api/v1/admin/subscribers").then().statusCode(400)
                .body("parameter", equalTo("name"));
        badly(Api.BOOTSTRAP_ADMIN).body(Map.of()).post("/api/v1/admin/subscribers/NO-SUCH-" + TestRegister.RUN + "/keys").then()
                .statusCode(404);
        Api.Body body = Api.newBody("HOOKK");
        badly(body.key()).body(Map.of()).post("/api/v1/admin/subscribers/" + code + "/keys").then().statusCode(403);
        String key = badly(Api.BOOTSTRAP_ADMIN).body(Map.of()).post("/api/v1/admin/subscribers/" + code + "/keys").then().statusCode(201)
                .extract().path("key");
        badly(key).get("/api/v1/subscriptions").then().statusCode(200);
        badly(key).body(Map.of("url", "http://127.0.0.1:9/", "body", body.code())).post("/api/v1/certificates").then().statusCode(403);
        badly(Api.BOOTSTRAP_ADMIN).delete("/api/v1/admin/keys/" + key.split("_")[1]).then().statusCode(204);
        badly(key).get("/api/v1/subscriptions").then().statusCode(401);
    }

    /** The changes a path accepted, as "KIND number" (or "KIND body"), in the order they arrived. */
    private static List<String> changes(Receiver receiver, String path) throws Exception {
        List<String> changes = new ArrayList<>();
        for (Receiver.Delivery delivery : receiver.accepted(path)) {
            Map<?, ?> change = (Map<?, ?>) JSON.readValue(delivery.body(), Map.class).get("change");
            changes.add(change.get("kind") + " " + (change.get("certificate") != null ? change.get("certificate") : change.get("body")));
        }
        return changes;
    }

    private static byte[] publicKey(JsonPath subscription) {
        return Base64.getDecoder().decode(subscription.getString("publicKey").substring(WebhookSignature.PUBLIC_KEY_PREFIX.length()));
    }

    private static Map<String, Object> nodeCase(byte[] publicKey, String id, String timestamp, byte[] body, String signature) {
        Map<String, Object> c = new HashMap<>();
        c.put("x", Base64.getUrlEncoder().withoutPadding().encodeToString(publicKey));
        c.put("id", id);
        c.put("timestamp", timestamp);
        c.put("body", Base64.getEncoder().encodeToString(body));
        c.put("signature", signature.substring("v1a,".length()));
        return c;
    }

    /** Node's crypto accepts every signature, and refuses each once its body is changed by one byte. */
    private static void assertNodeVerifies(List<Map<String, Object>> cases) throws Exception {
        cn.certregistry.Installed.assume("node");
        List<Map<String, Object>> all = new ArrayList<>(cases);
        for (Map<String, Object> c : cases) {
            Map<String, Object> tampered = new HashMap<>(c);
            byte[] body = Base64.getDecoder().decode((String) c.get("body"));
            body[body.length / 2] ^= 1;
            tampered.put("body", Base64.getEncoder().encodeToString(body));
            all.add(tampered);
        }
        Path input = Files.createTempFile("webhooks", ".json");
        try {
            Files.write(input, JSON.writeValueAsBytes(all));
            String script = "const crypto = require('crypto'); const cases = JSON.parse(require('fs').readFileSync(process.argv[1]));"
                    + "console.log(JSON.stringify(cases.map(c => crypto.verify(null, Buffer.concat([Buffer.from(c.id + '.' + c.timestamp"
                    + " + '.'), Buffer.from(c.body, 'base64')]), crypto.createPublicKey({key: {kty: 'OKP', crv: 'Ed25519', x: c.x},"
                    + " format: 'jwk'}), Buffer.from(c.signature, 'base64')))));";
            Process node = new ProcessBuilder("node", "-e", script, input.toString()).redirectErrorStream(true).start();
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            assertTrue(node.waitFor(30, TimeUnit.SECONDS));
            List<Boolean> expected = new ArrayList<>();
            cases.forEach(c -> expected.add(true));
            cases.forEach(c -> expected.add(false));
            assertEquals(JSON.writeValueAsString(expected), output, "Node's verdicts: valid as sent, invalid once tampered");
        } finally {
            Files.deleteIfExists(input);
        }
    }


    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, condition, () -> "");
    }

    private static void await(String what, BooleanSupplier condition, java.util.function.Supplier<String> seen) {
        cn.certregistry.Await.until(what, condition, () -> seen.get() + "; " + dispatcherState());
    }

    /** What a failed wait reports: who holds the dispatch lock, and the subscriptions waiting for a turn. */
    private static String dispatcherState() {
        StringBuilder state = new StringBuilder();
        try (Connection connection = PostgresTestResource.owner(); java.sql.Statement query = connection.createStatement()) {
            try (java.sql.ResultSet rows = query.executeQuery("select l.pid, a.application_name, a.backend_start, a.state"
                    + " from pg_locks l left join pg_stat_activity a using (pid) where l.locktype = 'advisory' and l.granted"
                    + " and l.database = (select oid from pg_database where datname = current_database())")) {
                while (rows.next()) {
                    state.append("advisory lock held by pid ").append(rows.getInt(1)).append(" (").append(rows.getString(2))
                            .append(", since ").append(rows.getString(3)).append(", ").append(rows.getString(4)).append("); ");
                }
            }
            try (java.sql.ResultSet rows = query.executeQuery("select count(*) filter (where not failing),"
                    + " count(*) filter (where not failing and (next_attempt_at is null or next_attempt_at <= now())),"
                    + " (select max(index) from log_entry), (select max(size) from log_checkpoint),"
                    + " (select count(*) from log_outbox) from webhook_subscription")) {
                rows.next();
                state.append(rows.getLong(1)).append(" subscriptions not failing, ").append(rows.getLong(2))
                        .append(" of them not waiting for a retry; last log index ").append(rows.getLong(3))
                        .append(", checkpoint size ").append(rows.getLong(4)).append(", outbox ").append(rows.getLong(5));
            }
            try (java.sql.ResultSet rows = query.executeQuery("select id, delivered_through, attempts, last_status, last_error,"
                    + " next_attempt_at, last_turn_at, now() from webhook_subscription where not failing order by id desc limit 3")) {
                while (rows.next()) {
                    state.append("; subscription ").append(rows.getLong(1)).append(" through ").append(rows.getLong(2))
                            .append(", attempts ").append(rows.getInt(3)).append(", status ").append(rows.getObject(4))
                            .append(", error ").append(rows.getString(5)).append(", next ").append(rows.getObject(6))
                            .append(", turn ").append(rows.getObject(7)).append(", now ").append(rows.getObject(8));
                }
            }
        } catch (java.sql.SQLException e) {
            state.append("state unknown: ").append(e);
        }
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (thread.getName().startsWith("webhook-")) {
                state.append("; ").append(thread.getName()).append(' ').append(thread.getState()).append(" at ")
                        .append(java.util.Arrays.stream(stack).limit(8).map(String::valueOf)
                                .collect(java.util.stream.Collectors.joining(" < ")));
            }
        });
        return state.toString();
    }

    private static void assertNull(Object value) {
        org.junit.jupiter.api.Assertions.assertNull(value);
    }
}

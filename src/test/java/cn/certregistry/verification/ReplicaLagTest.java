package cn.certregistry.verification;

import static cn.certregistry.Api.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;

import cn.certregistry.Api;
import cn.certregistry.StreamingReplicaResource;
import cn.certregistry.embedded.DatabaseRoles;

/**
 * Replica lag never hides a change: verification reads a real streaming standby whose replay is paused
 * while a body cancels a certificate. As deployed (remote_apply, the standby in the synchronous set), the
 * cancellation is answered only once the standby has applied it, so no verification begun after that
 * answer says VALID, on any of the paths that read the standby. The controls show the test would see it:
 * with commits that wait for the local disk only, or with the standby out of the synchronous set (what
 * CloudNativePG's dataDurability: preferred does to a standby that falls behind), it does say VALID.
 */
@QuarkusTest
@TestProfile(ReplicaLagTest.PrimaryAndStandby.class)
class ReplicaLagTest {

    /** The service on a primary and its standby, instead of the one server of the other tests. */
    public static class PrimaryAndStandby implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(StreamingReplicaResource.class));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    /** Long enough for many rounds of reads while the cancellation waits, and for one not waiting to be answered. */
    private static final Duration PAUSED = Duration.ofSeconds(1);
    private static final Duration BOUND = Duration.ofSeconds(20);
    private static final Pattern HEADLINE = Pattern.compile("<h1>([^<]*)</h1>");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Inject
    AgroalDataSource primary;

    /** One answer of a read path, and when its request was sent. */
    record Observation(long sentAt, String path, String answer) {
    }

    /** A cancellation sent while the standby's replay was paused, and what verification answered meanwhile. */
    record Run(int status, long answeredAt, boolean answeredWhilePaused, List<Observation> observations) {

        List<Observation> validAfterTheAnswer() {
            return observations.stream().filter(o -> o.sentAt() > answeredAt && o.answer().equals("VALID")).toList();
        }

        boolean validWhilePaused() {
            return observations.stream().anyMatch(o -> o.sentAt() < answeredAt && o.answer().equals("VALID"));
        }

        Set<String> lastAnswers() {
            return ReplicaLagTest.lastAnswers(observations);
        }
    }

    /** What the three paths answered last. */
    static Set<String> lastAnswers(List<Observation> observations) {
        int paths = 3;
        return observations.subList(observations.size() - paths, observations.size()).stream().map(Observation::answer)
                .collect(Collectors.toSet());
    }

    @Test
    void aCancellationIsNeverHiddenOnceAcknowledged() throws Exception {
        try (Connection connection = primary.getConnection(); Statement statement = connection.createStatement();
                ResultSet timeout = statement.executeQuery("show statement_timeout")) {
            timeout.next();
            // a cancelled wait for the standby ends with the commit done locally and COMMIT answering success
            assertEquals("0", timeout.getString(1), "nothing may cut short a write's wait for the standby");
        }
        Run run = cancelWhileReplayIsPaused();
        assertEquals(201, run.status());
        assertTrue(run.validWhilePaused(), "VALID while the cancellation waits for the paused standby");
        assertEquals(List.of(), run.validAfterTheAnswer(), "VALID after the cancellation was acknowledged");
        assertFalse(run.answeredWhilePaused(), "the cancellation is answered only once the standby has applied it");
        assertEquals(Set.of("CANCELLED"), run.lastAnswers());
    }

    @Test
    void withoutWaitingForTheStandbyACancellationVerifiesValid() throws Exception {
        owner("alter role " + DatabaseRoles.APPLICATION + " set synchronous_commit = local");
        primary.flush(AgroalDataSource.FlushMode.ALL);
        try {
            Run run = cancelWhileReplayIsPaused();
            assertTrue(run.answeredWhilePaused());
            assertFalse(run.validAfterTheAnswer().isEmpty(), "synchronous_commit = local: the paused standby still says VALID");
            assertEquals(Set.of("CANCELLED"), run.lastAnswers(), "once replay goes on");
        } finally {
            owner("alter role " + DatabaseRoles.APPLICATION + " reset synchronous_commit");
            primary.flush(AgroalDataSource.FlushMode.ALL);
        }

        owner("alter system set synchronous_standby_names = ''", "select pg_reload_conf()");
        StreamingReplicaResource.awaitSyncState("async");
        try {
            Run run = cancelWhileReplayIsPaused();
            assertTrue(run.answeredWhilePaused());
            assertFalse(run.validAfterTheAnswer().isEmpty(), "a standby out of the synchronous set still says VALID");
        } finally {
            owner("alter system set synchronous_standby_names = '" + StreamingReplicaResource.STANDBY_NAME + "'",
                    "select pg_reload_conf()");
            StreamingReplicaResource.awaitSyncState("sync");
        }
    }

    /**
     * Issues a certificate, pauses the standby's replay, cancels the certificate from another thread, and reads
     * the token's verdict (JSON and page) and the procurement check until the cancellation has been answered
     * and, replay gone on, every path reads it. Bounded: the pause lasts {@link #PAUSED}, the whole {@link #BOUND}.
     */
    private Run cancelWhileReplayIsPaused() throws Exception {
        Api.Body body = Api.newBody("LAG");
        String number = Api.issue(body, "440106", TODAY.minusDays(10));
        String token = VerificationTest.path(VerificationTest.scan(number));
        List<Observation> observations = new ArrayList<>();
        observe(number, token, observations);
        assertEquals(Set.of("VALID"), observations.stream().map(Observation::answer).collect(Collectors.toSet()));

        long start = System.nanoTime();
        CompletableFuture<long[]> cancelled;
        boolean answeredWhilePaused;
        standby("select pg_wal_replay_pause()");
        try {
            awaitReplayPaused();
            String event = JSON.writeValueAsString(Api.event("CANCELLED", TODAY, "复制延迟测试"));
            cancelled = CompletableFuture.supplyAsync(() -> {
                try {
                    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri("/api/v1/certificates/" + number + "/events"))
                            .timeout(BOUND).header("Authorization", "Bearer " + body.key()).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
                    return new long[] { answer.statusCode(), System.nanoTime() };
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // through the pause, and past an answer that came in its last moment: what the paths say after it counts
            while (System.nanoTime() - start < PAUSED.toNanos()
                    || cancelled.isDone() && observations.get(observations.size() - 1).sentAt() < cancelled.join()[1]) {
                observe(number, token, observations);
                Thread.sleep(50);
            }
            answeredWhilePaused = cancelled.isDone();
        } finally {
            standby("select pg_wal_replay_resume()");
        }
        // until the answer has come and the standby, replaying again, has shown the cancellation on every path
        do {
            assertTrue(System.nanoTime() - start < BOUND.toNanos(), "the cancellation was not answered or replayed in time");
            Thread.sleep(50);
            observe(number, token, observations);
        } while (!cancelled.isDone() || !lastAnswers(observations).equals(Set.of("CANCELLED")));
        long[] answer = cancelled.get();
        return new Run((int) answer[0], answer[1], answeredWhilePaused, observations);
    }

    /** The three reads the standby serves: the token's verdict as JSON and as the phone page, and the procurement check. */
    private static void observe(String number, String token, List<Observation> observations) throws Exception {
        long sent = System.nanoTime();
        JsonNode verdict = JSON.readTree(get(token, "application/json"));
        observations.add(new Observation(sent, "token", verdict.path("verdict").asText()));

        sent = System.nanoTime();
        Matcher headline = HEADLINE.matcher(get(token, "text/html"));
        String page = headline.find() ? headline.group(1) : "no headline";
        observations.add(new Observation(sent, "page", Arrays.stream(Verdict.values())
                .filter(v -> v.headline.zh().equals(page) || v.headline.en().equals(page)).map(Verdict::name)
                .findFirst().orElse(page)));

        sent = System.nanoTime();
        JsonNode check = JSON.readTree(get("/api/v1/verify?number=" + number, "application/json"));
        observations.add(new Observation(sent, "procurement", check.path("statusOn").path("code").asText()));
    }

    private static String get(String path, String accept) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10))
                .header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), path + ": " + answer.body());
        return answer.body();
    }

    private static URI uri(String path) {
        return URI.create("http://localhost:" + RestAssured.port + path);
    }

    private static void awaitReplayPaused() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (Connection connection = StreamingReplicaResource.standby(); Statement statement = connection.createStatement()) {
            while (true) {
                try (ResultSet state = statement.executeQuery("select pg_get_wal_replay_pause_state()")) {
                    state.next();
                    if (state.getString(1).equals("paused")) {
                        return;
                    }
                }
                assertTrue(System.nanoTime() < deadline, "the standby's replay did not pause");
                Thread.sleep(20);
            }
        }
    }

    private static void standby(String sql) throws SQLException {
        try (Connection connection = StreamingReplicaResource.standby(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void owner(String... sql) throws SQLException {
        try (Connection connection = StreamingReplicaResource.primary(); Statement statement = connection.createStatement()) {
            for (String each : sql) {
                statement.execute(each);
            }
        }
    }
}

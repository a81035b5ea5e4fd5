package cn.certregistry.log;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import cn.certregistry.Api;
import cn.certregistry.PostgresTestResource;
import cn.certregistry.issuing.IssuingService;
import cn.certregistry.issuing.NewEvent;
import cn.certregistry.register.EventKind;
import cn.certregistry.signing.KeyRing;
import cn.certregistry.signing.KeyState;
import cn.certregistry.signing.SigningKey;
import cn.certregistry.signing.SigningKeyRecords;
import cn.certregistry.signing.SigningKeys;

/** Every change enters the log once, in its own transaction; checkpoints sign the tree, and proofs hold. */
@QuarkusTest
class TransparencyLogTest {

    @Inject
    IssuingService issuing;
    @Inject
    SigningKeys keys;
    @Inject
    LogOrigin origin;
    @Inject
    org.hibernate.Session session;
    @Inject
    LogIntegrator integrator;
    @Inject
    javax.sql.DataSource dataSource;
    @Inject
    TransparencyLog log;
    /** The log's size before the test: its changes come after. */
    private long start;

    @org.junit.jupiter.api.BeforeEach
    void notTheLogsStart() {
        start = cn.certregistry.Await.until("a first checkpoint", () -> {
            try {
                return log.latest().size();
            } catch (cn.certregistry.common.ProblemException notSignedYet) {
                return null;
            }
        }, java.util.Objects::nonNull);
    }

    @Test
    void everyChangeOfACertificateIsOneEntryChainedToTheOneBefore() throws Exception {
        Api.Body body = Api.newBody("LOGA");
        String number = Api.issue(body, "440106", TODAY.minusDays(40));
        for (Map<String, Object> event : List.of(Api.event("SUSPENDED", TODAY.minusDays(30), "未按期接受年度监督审核"),
                Api.event("RESTORED", TODAY.minusDays(20), "补充监督审核通过"), Api.event("CANCELLED", TODAY.minusDays(10), "申请注销"))) {
            Api.as(body).body(event).post("/api/v1/certificates/" + number + "/events").then().statusCode(201);
        }
        List<Map<String, Object>> changes = changesOf(number, 4);
        assertEquals(List.of("ISSUED", "SUSPENDED", "RESTORED", "CANCELLED"), changes.stream().map(c -> c.get("kind")).toList());
        assertEquals(body.code(), changes.get(0).get("body"));
        assertEquals(TODAY.minusDays(30).toString(), changes.get(1).get("effectiveDate"));
        assertNull(changes.get(0).get("previous"));
        List<byte[]> entries = entriesOf(number);
        for (int i = 1; i < entries.size(); i++) {
            assertEquals(Base64.getEncoder().encodeToString(LogEntries.sha256(entries.get(i - 1))), changes.get(i).get("previous"),
                    "entry " + i + " names the hash of the one before");
        }
        // the register's record points at the certificate's latest entry
        given().get("/api/v1/certificates/" + number).then().statusCode(200)
                .body("logIndex", equalTo(((Number) changes.get(3).get("index")).intValue()));
    }

    @Test
    void everyKindOfEventIsOneEntryWithWhatChanged() throws Exception {
        Api.Body body = Api.newBody("LOGK");
        String number = Api.issue(body, "440106", TODAY.minusDays(60));
        Map<String, Object> grade = Api.event("GRADE_CHANGED", TODAY.minusDays(50), "监督审核评分下降");
        grade.put("grade", "THREE_STAR");
        grade.put("score", 85);
        Map<String, Object> scope = Api.event("SCOPE_CHANGED", TODAY.minusDays(40), "扩大认证范围");
        scope.put("scope", "家用电器及厨房电器的售后服务");
        Map<String, Object> rename = Api.event("HOLDER_CHANGED", TODAY.minusDays(30), "工商变更登记");
        rename.put("holderName", "广州日志新名电器有限公司");
        for (Map<String, Object> event : List.of(Api.event("SURVEILLANCE_PASSED", TODAY.minusDays(55), "年度监督审核通过"), grade, scope,
                rename, Api.event("SUSPENDED", TODAY.minusDays(20), "暂停"), Api.event("RESTORED", TODAY.minusDays(10), "恢复"),
                Api.event("WITHDRAWN", TODAY.minusDays(5), "撤销"))) {
            Api.as(body).body(event).post("/api/v1/certificates/" + number + "/events").then().statusCode(201);
        }
        List<Map<String, Object>> changes = changesOf(number, 8);
        assertEquals(List.of("ISSUED", "SURVEILLANCE_PASSED", "GRADE_CHANGED", "SCOPE_CHANGED", "HOLDER_CHANGED", "SUSPENDED",
                "RESTORED", "WITHDRAWN"), changes.stream().map(c -> c.get("kind")).toList());
        assertEquals("THREE_STAR", changes.get(2).get("grade"));
        assertEquals("85.00", changes.get(2).get("score"));
        assertEquals("家用电器及厨房电器的售后服务", changes.get(3).get("scope"));
        assertEquals("广州日志新名电器有限公司", changes.get(4).get("holderName"));
        assertEquals(TODAY.minusDays(5).toString(), changes.get(7).get("effectiveDate"));
        assertEquals("440106", changes.get(0).get("siteRegion"));
        for (Map<String, Object> change : changes) {
            assertNull(change.get("recordedBy"), "who typed a change stays out of the log");
        }
    }

    @Test
    void sequencersRacingOnSeveralConnectionsSignOnlyCheckpointsOfOneGrowingTree() throws Exception {
        Api.Body body = Api.newBody("LOGR");
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.ExecutorService sequencers = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Future<Integer>> integrated = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            // as a second server would: its own connection, beside the scheduled integrator of this one
            integrated.add(sequencers.submit(() -> {
                int entries = 0;
                try (Connection connection = dataSource.getConnection()) {
                    connection.setAutoCommit(false);
                    while (writing.get()) {
                        entries += integrator.integrate(connection);
                        connection.commit();
                    }
                }
                return entries;
            }));
        }
        List<String> numbers = new ArrayList<>();
        try {
            for (int i = 0; i < 15; i++) {
                numbers.add(Api.issue(body, "440106", TODAY.minusDays(30)));
            }
        } finally {
            writing.set(false);
            sequencers.shutdown();
        }
        for (java.util.concurrent.Future<Integer> sequencer : integrated) {
            sequencer.get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
        for (String number : numbers) {
            assertEquals(1, changesOf(number, 1).size(), "each change is one entry, whoever integrated it");
        }
        List<long[]> sizes = new ArrayList<>();
        List<byte[]> roots = new ArrayList<>();
        try (Connection connection = PostgresTestResource.owner(); PreparedStatement read = connection.prepareStatement(
                "select size, root_hash from log_checkpoint where size >= ? order by size")) {
            read.setLong(1, start);
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    sizes.add(new long[] { rows.getLong(1) });
                    roots.add(rows.getBytes(2));
                }
            }
            Merkle.NodeReader nodes = LogIntegrator.nodes(connection, Map.of());
            for (int i = 0; i < sizes.size(); i++) {
                long size = sizes.get(i)[0];
                assertArrayEquals(Merkle.root(size, nodes), roots.get(i), "checkpoint " + size + " signs the tree's root");
                if (i > 0) {
                    long from = sizes.get(i - 1)[0];
                    assertTrue(Merkle.verifyConsistency(from, size, roots.get(i - 1), roots.get(i),
                            Merkle.consistencyProof(from, size, nodes)), "checkpoint " + size + " extends checkpoint " + from);
                }
            }
            try (PreparedStatement gaps = connection.prepareStatement(
                    "select count(*), coalesce(max(index) - min(index) + 1, 0) from log_entry where index >= ?")) {
                gaps.setLong(1, start);
                try (ResultSet result = gaps.executeQuery()) {
                    result.next();
                    assertEquals(result.getLong(2), result.getLong(1), "the entries' indexes have no gap");
                }
            }
        }
        assertTrue(sizes.size() > 1);
    }

    @Test
    void aRolledBackChangeLeavesNoEntry() throws Exception {
        Api.Body body = Api.newBody("LOGB");
        String number = Api.issue(body, "440106", TODAY.minusDays(40));
        changesOf(number, 1);
        QuarkusTransaction.begin();
        try {
            issuing.record(body.code(), number, new NewEvent(EventKind.SUSPENDED, TODAY.minusDays(5), "测试回滚", null, null, null,
                    null, null), "test");
        } finally {
            QuarkusTransaction.rollback();
        }
        Api.as(body).body(Api.event("WITHDRAWN", TODAY.minusDays(4), "监督审核不合格")).post("/api/v1/certificates/" + number
                + "/events").then().statusCode(201);
        assertEquals(List.of("ISSUED", "WITHDRAWN"), changesOf(number, 2).stream().map(c -> c.get("kind")).toList());
        try (Connection connection = PostgresTestResource.owner(); PreparedStatement count = connection.prepareStatement(
                "select (select count(*) from log_entry where certificate_number = ?) + (select count(*) from log_outbox"
                        + " where certificate_number = ?)")) {
            count.setString(1, number);
            count.setString(2, number);
            try (ResultSet result = count.executeQuery()) {
                result.next();
                assertEquals(2, result.getLong(1), "one entry per committed change, none for the rolled-back one");
            }
        }
    }

    @Test
    void aBodyAndItsPrefixEnterTheLog() throws Exception {
        Api.Body body = Api.newBody("LOGC");
        List<String> kinds = new ArrayList<>();
        java.util.function.Predicate<Map<String, Object>> about = c -> body.code().equals(c.get("body")) && c.get("certificate") == null;
        feedUntil(changes -> changes.stream().filter(about).count() >= 2).stream().filter(about)
                .forEach(change -> kinds.add((String) change.get("kind")));
        assertEquals(List.of("BODY_REGISTERED", "NUMBER_PREFIX_REGISTERED"), kinds);
        // no endpoint renames a body yet; whatever changes its row, the log hears of it, and only of a real change
        try (Connection connection = PostgresTestResource.owner(); PreparedStatement rename = connection.prepareStatement(
                "update certification_body set name = ? where code = ?")) {
            rename.setString(2, body.code());
            rename.setString(1, body.code() + "认证中心有限公司");
            assertEquals(1, rename.executeUpdate());
            rename.setString(1, body.code() + "认证中心有限公司");
            assertEquals(1, rename.executeUpdate());
        }
        List<Map<String, Object>> changes = feedUntil(all -> all.stream().filter(about).count() >= 3).stream().filter(about).toList();
        Thread.sleep(500);
        assertEquals(3, feedUntil(all -> true).stream().filter(about).count(), "an update that changes nothing is no entry");
        assertEquals("BODY_CHANGED", changes.get(2).get("kind"));
        assertEquals(body.code() + "认证中心有限公司", changes.get(2).get("name"));
    }

    @Test
    void theCheckpointIsSignedAndEveryEntryIsProvedInIt() throws Exception {
        Api.Body body = Api.newBody("LOGD");
        String number = Api.issue(body, "440106", TODAY.minusDays(40));
        long index = ((Number) changesOf(number, 1).get(0).get("index")).longValue();
        String note = given().get("/log/checkpoint").then().statusCode(200).header("Cache-Control", "public, max-age=1").extract().asString();
        Checkpoint checkpoint = Checkpoint.parse(SignedNote.open(note, origin.verifierKey(keys.ring().active())));
        assertEquals(origin.name(), checkpoint.origin());
        assertTrue(checkpoint.size() > index);
        JsonPath proof = given().queryParam("index", index).queryParam("size", checkpoint.size()).get("/log/proof/inclusion")
                .then().statusCode(200).extract().jsonPath();
        List<byte[]> hashes = proof.<String>getList("hashes").stream().map(Base64.getDecoder()::decode).toList();
        byte[] entry = entriesOf(number).get(0);
        assertTrue(Merkle.verifyInclusion(Merkle.leafHash(entry), index, checkpoint.size(), hashes, checkpoint.rootHash()));
        assertTrue(!Merkle.verifyInclusion(Merkle.leafHash(entry), index + 1 < checkpoint.size() ? index + 1 : index - 1,
                checkpoint.size(), hashes, checkpoint.rootHash()), "the proof of one entry proves no other");
        given().get("/log/tile/0/x999/x999/999").then().statusCode(404).contentType("application/problem+json");
        given().queryParam("index", checkpoint.size()).queryParam("size", checkpoint.size()).get("/log/proof/inclusion").then()
                .statusCode(400).body("parameter", equalTo("index"));
    }

    @Test
    void theSigningKeysAndEveryChangeOfTheirStateEnterTheLog() throws Exception {
        String active = keys.ring().active().kid();
        try (Connection connection = PostgresTestResource.owner(); PreparedStatement read = connection.prepareStatement(
                "select count(*) from log_entry where kind = 'SIGNING_KEY_ADDED' and convert_from(entry, 'UTF8')::jsonb->>'kid' = ?")) {
            read.setString(1, active);
            try (ResultSet result = read.executeQuery()) {
                result.next();
                assertEquals(1, result.getLong(1), "the active key entered the log once, however often the service started");
            }
        }
        String kid = "t" + Long.toHexString(System.nanoTime());
        SigningKey first = SigningKey.generate(kid + "a");
        SigningKey second = SigningKey.generate(kid + "b");
        record(new KeyRing(List.of(first)));
        record(new KeyRing(List.of(first.withState(KeyState.RETIRED), second)));
        record(new KeyRing(List.of(first.withState(KeyState.REVOKED), second)));
        record(new KeyRing(List.of(first.withState(KeyState.REVOKED), second)));
        SigningKey impostor = SigningKey.generate(kid + "a");
        assertThrows(Exception.class, () -> record(new KeyRing(List.of(impostor))), "a kid keeps its public key");
        java.util.function.Predicate<Map<String, Object>> about = c -> c.get("kid") != null && ((String) c.get("kid")).startsWith(kid);
        List<Map<String, Object>> changes = feedUntil(all -> all.stream().filter(about).count() >= 4).stream().filter(about).toList();
        assertEquals(List.of("SIGNING_KEY_ADDED " + kid + "a", "SIGNING_KEY_RETIRED " + kid + "a", "SIGNING_KEY_ADDED " + kid + "b",
                "SIGNING_KEY_REVOKED " + kid + "a"), changes.stream().map(c -> c.get("kind") + " " + c.get("kid")).toList());
        assertEquals(Base64.getEncoder().encodeToString(first.publicKeyBytes()), changes.get(0).get("publicKey"));
        Thread.sleep(500);
        assertEquals(4, feedUntil(all -> true).stream().filter(about).count(), "an unchanged ring records nothing");
    }

    private void record(KeyRing ring) {
        QuarkusTransaction.requiringNew().run(() -> session.doWork(connection -> SigningKeyRecords.record(connection, ring)));
    }

    /** The feed's changes about a certificate, once at least {@code count} are there, each with its index. */
    private List<Map<String, Object>> changesOf(String number, int count) throws InterruptedException {
        java.util.function.Predicate<Map<String, Object>> about = c -> number.equals(c.get("certificate"));
        return feedUntil(changes -> changes.stream().filter(about).count() >= count).stream().filter(about).toList();
    }

    /** Every change in the feed, each with its index, once the condition holds of them. */
    private List<Map<String, Object>> feedUntil(java.util.function.Predicate<List<Map<String, Object>>> condition) {
        return cn.certregistry.Await.until("the feed's changes", this::feed, condition);
    }

    /** Every change in the feed since the test's start, each with its index. */
    private List<Map<String, Object>> feed() {
        List<Map<String, Object>> changes = new ArrayList<>();
        long after = start - 1;
        while (true) {
            JsonPath page = given().queryParam("after", after).queryParam("limit", 1000).get("/api/v1/feed").then()
                    .statusCode(200).extract().jsonPath();
            List<Map<String, Object>> entries = page.getList("entries");
            for (Map<String, Object> entry : entries) {
                @SuppressWarnings("unchecked")
                Map<String, Object> change = new java.util.HashMap<>((Map<String, Object>) entry.get("change"));
                change.put("index", entry.get("index"));
                changes.add(change);
            }
            if (entries.isEmpty()) {
                return changes;
            }
            after = page.getLong("next");
        }
    }

    private static List<byte[]> entriesOf(String number) throws Exception {
        List<byte[]> entries = new ArrayList<>();
        try (Connection connection = PostgresTestResource.owner(); PreparedStatement read = connection.prepareStatement(
                "select entry from log_entry where certificate_number = ? order by index")) {
            read.setString(1, number);
            try (ResultSet rows = read.executeQuery()) {
                while (rows.next()) {
                    entries.add(rows.getBytes(1));
                }
            }
        }
        return entries;
    }
}

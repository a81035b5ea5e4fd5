package cn.certregistry.snapshot;

import static cn.certregistry.Api.TODAY;
import static cn.certregistry.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.Await;
import cn.certregistry.PostgresTestResource;
import cn.certregistry.SignedNotes;
import cn.certregistry.signing.SigningKeys;
import cn.certregistry.signing.Tokens;
import cn.certregistry.verification.VerificationTest;

/**
 * The signed status snapshot as an offline verifier reads it: its note checked with the JDK's Ed25519 against the
 * published key, its file by the SHA-256 the note signs, and the same read by Node's crypto and zlib
 * (src/test/node/verify-status-snapshot.mjs, written from docs/status-snapshot.md).
 */
@QuarkusTest
public class StatusSnapshotTest {

    @Inject
    SigningKeys keys;

    public record Taken(SignedNotes.Note note, String signed, byte[] file) {
        /** The file, read as its note describes it. */
        public StatusList list() {
            return StatusList.read(file, Long.parseLong(note.fact("entries")), Long.parseLong(note.fact("not-in-force")),
                    Long.parseLong(note.fact("not-approved")));
        }
    }

    @Test
    void listsEveryCertificateNotInForceWithSinceWhenUnderASignedNote() throws Exception {
        Api.Body body = Api.newBody("SNAP");
        LocalDate issued = TODAY.minusDays(60);
        String valid = Api.issue(body, "440106", issued);
        String suspended = Api.issue(body, "440106", issued);
        String withdrawn = Api.issue(body, "440106", issued);
        String cancelled = Api.issue(body, "440106", issued);
        String restored = Api.issue(body, "440106", issued);
        record(body, suspended, "SUSPENDED", TODAY.minusDays(5));
        record(body, withdrawn, "SUSPENDED", TODAY.minusDays(9));
        record(body, withdrawn, "WITHDRAWN", TODAY.minusDays(2));
        record(body, cancelled, "CANCELLED", TODAY);
        record(body, restored, "SUSPENDED", TODAY.minusDays(7));
        record(body, restored, "RESTORED", TODAY.minusDays(1));
        Map<String, Long> indexes = new java.util.LinkedHashMap<>();
        for (String number : List.of(valid, suspended, withdrawn, cancelled, restored)) {
            indexes.put(number, statusIndex(number));
        }

        Taken taken = takenAfter(indexes.get(cancelled));
        PublicKey key = SignedNotes.publishedKey(taken.note(), "/status/key");
        assertTrue(SignedNotes.verifies(key, taken.note()), "the note verifies with the published key");
        assertFalse(SignedNotes.verifies(key, taken.note().withText(taken.note().text().replace("day " + TODAY, "day " + TODAY.plusDays(1)))));
        assertEquals("cert.example.cn/status", taken.note().keyName());
        assertEquals(TODAY.toString(), taken.note().fact("day"));
        assertTrue(Long.parseLong(taken.note().fact("log-size")) > 0);
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(taken.file())), taken.note().fact("sha256"));

        StatusList list = taken.list();
        assertEquals(new StatusList.Lookup(StatusList.Code.IN_FORCE, null), list.lookup(indexes.get(valid)));
        assertEquals(new StatusList.Lookup(StatusList.Code.SUSPENDED, TODAY.minusDays(5)), list.lookup(indexes.get(suspended)));
        assertEquals(new StatusList.Lookup(StatusList.Code.WITHDRAWN, TODAY.minusDays(2)), list.lookup(indexes.get(withdrawn)));
        assertEquals(new StatusList.Lookup(StatusList.Code.CANCELLED, TODAY), list.lookup(indexes.get(cancelled)));
        assertEquals(new StatusList.Lookup(StatusList.Code.IN_FORCE, null), list.lookup(indexes.get(restored)), "restored: in force again");
        assertNull(list.lookup(list.entries()), "an index beyond the snapshot is not known to it");

        JsonNode node = node(taken, key, indexes.values());
        assertEquals(Map.of("status", "IN_FORCE"), lookup(node, indexes.get(valid)));
        assertEquals(Map.of("status", "SUSPENDED", "since", TODAY.minusDays(5).toString()), lookup(node, indexes.get(suspended)));
        assertEquals(Map.of("status", "WITHDRAWN", "since", TODAY.minusDays(2).toString()), lookup(node, indexes.get(withdrawn)));
        assertEquals(Map.of("status", "CANCELLED", "since", TODAY.toString()), lookup(node, indexes.get(cancelled)));
        assertEquals(Map.of("status", "IN_FORCE"), lookup(node, indexes.get(restored)));
    }

    /**
     * A legacy import's situation: certificates issued (here through the API) before their body's approval history was
     * recorded, which then puts one issue date before the body's first grant. That one is listed as issued outside an
     * approval, for the JDK and for Node; its sibling issued inside the grant is not.
     */
    @Test
    void listsACertificateIssuedBeforeItsBodysGrantAsNotApproved() throws Exception {
        Api.Body body = Api.newBody("SNAA");
        LocalDate issuedOutside = TODAY.minusDays(60);
        String outside = Api.issue(body, "440106", issuedOutside);
        String inside = Api.issue(body, "440106", issuedOutside.plusDays(20));
        approve(body, issuedOutside.plusDays(10), "AFTER_SALES");
        long outsideIndex = statusIndex(outside);
        long insideIndex = statusIndex(inside);

        Taken taken = takenListingNotApproved(outsideIndex);
        PublicKey key = SignedNotes.publishedKey(taken.note(), "/status/key");
        assertTrue(SignedNotes.verifies(key, taken.note()));
        StatusList list = taken.list();
        assertTrue(list.issuedOutsideApproval(outsideIndex), "issued ten days before the grant");
        assertFalse(list.issuedOutsideApproval(insideIndex), "issued within the grant");
        assertEquals(new StatusList.Lookup(StatusList.Code.IN_FORCE, null), list.lookup(outsideIndex), "its status is untouched");
        assertTrue(Long.parseLong(taken.note().fact("not-approved")) >= 1);

        JsonNode node = node(taken, key, List.of(outsideIndex, insideIndex));
        assertEquals(Map.of("status", "ISSUER_NOT_APPROVED"), lookup(node, outsideIndex));
        assertEquals(Map.of("status", "IN_FORCE"), lookup(node, insideIndex));
    }

    @Test
    void anUnknownFileIsNotFoundAndAFileIsImmutable() {
        String signed = given().get("/status/snapshot").then().statusCode(200).header("Cache-Control", containsString("max-age=60"))
                .extract().asString();
        String sha256 = SignedNotes.parse(signed).fact("sha256");
        given().get("/status/snapshot/" + sha256 + ".gz").then().statusCode(200).contentType("application/gzip")
                .header("Cache-Control", containsString("immutable"));
        given().get("/status/snapshot/" + "0".repeat(64) + ".gz").then().statusCode(404).contentType("application/problem+json");
        given().get("/status/snapshot/nothex.gz").then().statusCode(404).contentType("application/problem+json");
        given().queryParam("x", "1").get("/status/snapshot").then().statusCode(400).contentType("application/problem+json");
    }

    /**
     * Any server serves what any other took: a snapshot written to the database by another server (here, in SQL) is the
     * one this server names, and its file is found by its SHA-256, though this server never held it.
     */
    @Test
    void aSnapshotAnotherServerTookIsServedHere() throws Exception {
        byte[] file = ("another server's snapshot " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
        String note = "cert.example.cn/status\ntaken now\nsha256 " + sha256 + "\n\n— another.example.cn/status "
                + java.util.Base64.getEncoder().encodeToString(new byte[68]) + "\n";
        try (Connection connection = PostgresTestResource.owner();
                PreparedStatement files = connection.prepareStatement("insert into status_snapshot_file (sha256, file) values (?, ?)");
                PreparedStatement notes = connection.prepareStatement("insert into status_snapshot (sha256, note, day, log_size,"
                        + " taken_at) values (?, ?, ?, -1, now() + interval '30 seconds')")) {
            files.setString(1, sha256);
            files.setBytes(2, file);
            files.executeUpdate();
            notes.setString(1, sha256);
            notes.setString(2, note);
            notes.setObject(3, TODAY);
            notes.executeUpdate();
        }
        Await.until("the other server's note served here", () -> given().get("/status/snapshot").then().statusCode(200).extract()
                .asString(), note::equals);
        assertArrayEquals(file, given().get("/status/snapshot/" + sha256 + ".gz").then().statusCode(200).extract().asByteArray());
        try (Connection connection = PostgresTestResource.owner(); PreparedStatement forget = connection.prepareStatement(
                "delete from status_snapshot where note = ?")) {
            forget.setString(1, note);
            forget.executeUpdate();
        }
        Await.until("this server's own note again", () -> given().get("/status/snapshot").then().statusCode(200).extract()
                .asString(), served -> !served.equals(note));
    }

    /**
     * A snapshot older than twice the refresh, or of an earlier day, is never served as the latest: while no server can
     * take a new one (here the test holds the taker's lock, as a server stuck in its read would), a request waits a
     * little and gets 503 with Retry-After; once one can, the answer is a fresh snapshot.
     */
    @Test
    void aStaleSnapshotIsRefusedUntilAFreshOneIsTaken() throws Exception {
        given().get("/status/snapshot").then().statusCode(200);
        try (Connection taker = PostgresTestResource.owner(); Connection owner = PostgresTestResource.owner()) {
            try (PreparedStatement lock = taker.prepareStatement("select pg_advisory_lock(x'736e617073686f74'::bigint)")) {
                lock.execute();
            }
            for (String aged : List.of("taken_at = now() - interval '1 hour'", "day = day - 1")) {
                try (PreparedStatement age = owner.prepareStatement("update status_snapshot set " + aged)) {
                    age.executeUpdate();
                }
                Await.until("a stale snapshot (" + aged + ") refused", () -> given().get("/status/snapshot").then(),
                        answer -> answer.extract().statusCode() == 503).header("Retry-After", notNullValue())
                        .contentType("application/problem+json");
            }
        }
        String fresh = Await.until("a fresh snapshot", () -> given().get("/status/snapshot").then().extract(),
                answer -> answer.statusCode() == 200).asString();
        SignedNotes.Note note = SignedNotes.parse(fresh);
        assertEquals(TODAY.toString(), note.fact("day"));
        assertTrue(java.time.Instant.parse(note.fact("taken")).isAfter(java.time.Instant.now().minusSeconds(60)), fresh);
    }

    /**
     * Records, as CNCA's administrator would, that the body was approved for the schemes from a day on (for three years);
     * in SQL, as a legacy import's history is, and entering the log as every approval event does.
     */
    public static void approve(Api.Body body, LocalDate from, String... schemes) throws Exception {
        try (Connection connection = PostgresTestResource.owner(); PreparedStatement approve = connection.prepareStatement(
                "insert into body_approval_event (body_id, kind, effective_date, schemes, valid_until)"
                        + " select id, 'APPROVED', ?, ?, ? from certification_body where code = ?")) {
            approve.setObject(1, from);
            approve.setArray(2, connection.createArrayOf("varchar", schemes));
            approve.setObject(3, from.plusYears(3));
            approve.setString(4, body.code());
            assertEquals(1, approve.executeUpdate());
        }
    }

    /** The latest snapshot once it lists a status index as issued outside an approval (it is retaken when the log has grown). */
    public static Taken takenListingNotApproved(long index) {
        return Await.until("a snapshot listing entry " + index + " as not approved", StatusSnapshotTest::latest,
                taken -> taken.list().issuedOutsideApproval(index));
    }

    private static void record(Api.Body body, String number, String kind, LocalDate day) {
        as(body).body(Api.event(kind, day, "test")).post("/api/v1/certificates/" + number + "/events").then().statusCode(201);
    }

    private long statusIndex(String number) throws Exception {
        return statusIndex(number, keys);
    }

    /** Claim 9 of the certificate's code, as a phone scanning it reads it. */
    public static long statusIndex(String number, SigningKeys keys) throws Exception {
        String url = VerificationTest.scan(number);
        Tokens.Checked checked = Tokens.verify(url.substring(url.indexOf("/V/") + 3), keys.ring());
        assertTrue(checked.genuine(), checked.failure());
        return checked.claims().statusIndex();
    }

    /** The latest snapshot once it shows {@code lastChanged} cancelled (it is retaken when the log has grown). */
    private static Taken takenAfter(long lastChanged) throws Exception {
        return takenShowing(lastChanged, StatusList.Code.CANCELLED);
    }

    /** The latest snapshot once it shows a status index with a code (it is retaken when the log has grown). */
    public static Taken takenShowing(long index, StatusList.Code code) {
        return Await.until("a snapshot showing entry " + index + " " + code, StatusSnapshotTest::latest, taken -> {
            StatusList.Lookup last = taken.list().lookup(index);
            return last != null && last.code() == code;
        });
    }

    private static Taken latest() {
        String signed = given().get("/status/snapshot").then().statusCode(200).extract().asString();
        SignedNotes.Note note = SignedNotes.parse(signed);
        return new Taken(note, signed, given().get("/status/snapshot/" + note.fact("sha256") + ".gz").then().statusCode(200)
                .extract().asByteArray());
    }

    private static JsonNode node(Taken taken, PublicKey key, java.util.Collection<Long> indexes) throws Exception {
        cn.certregistry.Installed.assume("node");
        Path dir = Files.createTempDirectory("snapshot");
        Path note = Files.writeString(dir.resolve("note"), taken.signed());
        Path file = Files.write(dir.resolve("file.gz"), taken.file());
        String verifierKey = given().get("/status/key").then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith(taken.note().keyName() + "+" + HexFormat.of().formatHex(taken.note().keyId())))
                .findFirst().orElseThrow();
        List<String> command = new ArrayList<>(List.of("node", "src/test/node/verify-status-snapshot.mjs", note.toString(),
                file.toString(), verifierKey));
        indexes.forEach(index -> command.add(String.valueOf(index)));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), output);
        JsonNode result = new ObjectMapper().readTree(output);
        assertTrue(result.get("verified").asBoolean(), output);
        assertEquals(taken.note().fact("sha256"), result.get("facts").get("sha256").asText());
        return result;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> lookup(JsonNode node, long index) {
        return new ObjectMapper().convertValue(node.get("lookups").get(String.valueOf(index)), Map.class);
    }
}

package cn.certregistry.ecertificate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.inject.Inject;

import org.hibernate.Session;
import org.junit.jupiter.api.Test;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import cn.certregistry.Api;
import cn.certregistry.Await;
import cn.certregistry.PostgresTestResource;
import cn.certregistry.signing.DocumentSigningKey;
import cn.certregistry.signing.DocumentSigningKeyRecords;
import cn.certregistry.signing.KeyState;

/**
 * The document-signing keys are recorded as the token keys are: in the database and the transparency log, and
 * published from there, so a key this server has no file of is published, and a file it signed is judged, as any
 * server would.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class DocumentSigningKeyLogTest {

    private static final Set<String> ENTRY_FIELDS = Set.of("kid", "kind", "recordedAt", "state", "v", "x509Certificate");

    @Inject
    Session session;
    @Inject
    ECertificates eCertificates;
    @Inject
    ECertificateConfig fonts;

    /** Run first after start, it waits for the log to take in the keys recorded at start (a second or so). */
    @Test
    void theTestKeysArePublishedFromTheDatabaseEachWithItsEntryInTheLog() {
        JsonPath published = publishedOnceLogged("d1", "d2");
        assertEquals("retired", published.getString("keys.find { it.kid == 'd1' }.state"));
        assertEquals("active", published.getString("keys.find { it.kid == 'd2' }.state"));
        assertNotNull(published.getString("keys.find { it.kid == 'd2' }.activatedAt"));
        for (String kid : List.of("d1", "d2")) {
            Map<String, Object> key = published.getMap("keys.find { it.kid == '" + kid + "' }");
            Map<String, Object> entry = entry(((Number) key.get("logIndex")).longValue());
            assertEquals(ENTRY_FIELDS, entry.keySet(), "the entry carries the certificate and nothing of the private key");
            assertEquals(kid, entry.get("kid"));
            assertEquals(((String) key.get("state")).toUpperCase(java.util.Locale.ROOT), entry.get("state"));
            assertEquals(der((String) key.get("certificate")), entry.get("x509Certificate"));
            given().get("/log/proof/entry/" + key.get("logIndex")).then().statusCode(200);
        }
    }

    /** Some seconds: the bid file is read by a reader process of its own, a JVM that starts for it. */
    @Test
    void aKeyRecordedElsewhereIsPublishedAndOnceRevokedItStaysRevokedAndItsFilesAreAltered() throws Exception {
        Fonts.assumeOne(fonts);
        Api.Body body = Api.newBody("DK");
        String number = Api.issue(body, "440106", Api.TODAY.minusMonths(2));
        // a key another server signs with: this server has no file of it
        String kid = "x" + Long.toHexString(System.nanoTime());
        DocumentSigningKey elsewhere = DocumentSigningKey.generate(kid, "cert-registry", Duration.ofDays(30));
        ZonedDateTime madeAt = ZonedDateTime.now(ZoneId.of("Asia/Shanghai"));
        byte[] signed = PdfSigner.sign(ECertificateLayout.draw(eCertificates.version(number).facts(), madeAt,
                ECertificates.firstFont(fonts.fonts()), "https://cert.example.cn/.well-known/document-signing", kid), elsewhere,
                madeAt, "https://cert.example.cn");
        record(elsewhere);
        assertEquals("active", publishedOnceLogged(kid).getString("keys.find { it.kid == '" + kid + "' }.state"));

        record(elsewhere.withState(KeyState.REVOKED));
        record(elsewhere.withState(KeyState.RETIRED));
        assertThrows(Exception.class, () -> record(elsewhere), "a server whose active key was revoked does not start");
        Map<String, Object> revoked = publishedOnceLogged(kid).getMap("keys.find { it.kid == '" + kid + "' }");
        assertEquals("revoked", revoked.get("state"), "a revoked key stays revoked whatever a later configuration says");
        assertEquals(false, revoked.get("verifies"));
        assertNotNull(revoked.get("revokedAt"));
        assertNull(revoked.get("retiredAt"));
        Map<String, Object> entry = entry(((Number) revoked.get("logIndex")).longValue());
        assertEquals("DOCUMENT_SIGNING_KEY_REVOKED", entry.get("kind"));
        assertEquals(der((String) revoked.get("certificate")), entry.get("x509Certificate"));

        Api.contractForUploads().multiPart("file", "revoked-signer.pdf", signed, "application/pdf")
                .multiPart("on", Api.TODAY.toString()).post("/api/v1/verify/document").then().statusCode(200)
                .body("certificates[0].check.number", equalTo(number))
                .body("certificates[0].check.verdict", equalTo("ALTERED"));
    }

    private void record(DocumentSigningKey key) {
        QuarkusTransaction.requiringNew().run(() -> session.doWork(connection -> DocumentSigningKeyRecords.record(connection,
                List.of(key))));
    }

    /** The published keys, once each of {@code kids} is there with the log's entry of its present state. */
    private static JsonPath publishedOnceLogged(String... kids) {
        return Await.until("the document-signing keys " + List.of(kids) + " published with their log entries",
                () -> Api.contract().get("/.well-known/document-signing").then().statusCode(200).extract().asString(),
                published -> List.of(kids).stream().allMatch(kid -> JsonPath.from(published)
                        .get("keys.find { it.kid == '" + kid + "' }.logIndex") != null)).transform(JsonPath::from);
    }

    /** The entry at {@code index}, as the log's feed gives it. */
    private static Map<String, Object> entry(long index) {
        JsonPath feed = given().queryParam("after", index - 1).queryParam("limit", 1).get("/api/v1/feed").then().statusCode(200)
                .extract().jsonPath();
        assertEquals(index, feed.getLong("entries[0].index"));
        return feed.getMap("entries[0].change");
    }

    private static String der(String pem) {
        return pem.replaceAll("-----[A-Z ]+-----|\\s", "");
    }
}

package cn.certregistry.procurement;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import cn.certregistry.Api;
import cn.certregistry.log.Checkpoint;
import cn.certregistry.log.LogEntries;
import cn.certregistry.log.Merkle;
import cn.certregistry.log.SignedNote;
import cn.certregistry.log.VerificationException;
import cn.certregistry.signing.CoseSign1;
import cn.certregistry.signing.KeyRing;
import cn.certregistry.signing.KeyState;
import cn.certregistry.signing.SigningKey;
import cn.certregistry.verification.VerificationTest;

/**
 * A filed procurement report can be checked years later with the pure libraries and the register's public
 * keys only: its COSE signature, the log checkpoint it names, and each line's entry in that checkpoint's tree.
 */
@QuarkusTest
class ProcurementReportLogTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aReportCarriesProofsThatHoldOfflineAndFailForAnAlteredEntry() throws Exception {
        Api.Body body = Api.newBody("RPTL");
        String valid = Api.issue(body, "440106", TODAY.minusDays(40));
        String suspended = Api.issue(body, "440106", TODAY.minusDays(40));
        // the report follows the change at once: it waits for the log to take it in
        Api.as(body).body(Api.event("SUSPENDED", TODAY.minusDays(1), "未按期接受年度监督审核"))
                .post("/api/v1/certificates/" + suspended + "/events").then().statusCode(201);
        String html = given().formParam("list", valid + "\n" + suspended + "\nNO-SUCH-1\n").formParam("bidDate", TODAY.toString())
                .post("/procurement/report").then().statusCode(200).extract().asString();
        byte[] cose = Base64.getUrlDecoder().decode(between(html, "<pre class=\"signed\" id=\"signature\">", "</pre>"));
        KeyRing published = publishedKeys();

        JsonNode report = verifyOffline(cose, published);

        JsonNode lines = report.get("lines");
        JsonNode suspendedLine = lines.get(1);
        assertEquals(suspended, suspendedLine.get("number").asText());
        Map<String, Object> change = LogEntries.decode(Base64.getDecoder().decode(suspendedLine.get("log").get("entry").asText()));
        assertEquals("SUSPENDED", change.get("kind"), "the line's entry is the certificate's latest change: " + change);
        assertEquals(suspended, change.get("certificate"));
        assertEquals("ISSUED", LogEntries.decode(Base64.getDecoder().decode(lines.get(0).get("log").get("entry").asText())).get("kind"));
        assertNull(lines.get(2).get("log"), "a number not in the register has no entry");
        assertTrue(html.contains("<td>" + suspendedLine.get("log").get("index").asLong() + "</td>"), "the page shows the index");

        // a line whose entry was altered (the register is not trusted to have kept it) no longer proves it
        String altered = new String(payload(cose, published), StandardCharsets.UTF_8).replace(
                suspendedLine.get("log").get("entry").asText(), Base64.getEncoder().encodeToString(LogEntries.encodeFields(
                        Map.of("v", 1, "kind", "RESTORED", "certificate", suspended))));
        AssertionError refused = assertThrows(AssertionError.class, () -> checkLines(JSON.readTree(altered), published));
        assertTrue(refused.getMessage().contains(suspended), refused.getMessage());
    }

    @Test
    void theBatchCheckAndTheVerdictCarryTheLatestLogIndex() throws Exception {
        Api.Body body = Api.newBody("RPTI");
        String number = Api.issue(body, "440106", TODAY.minusDays(40));
        long index = latestIndex(number);
        JsonPath answer = Api.as(body).body(Map.of("items", List.of(Map.of("number", number), Map.of("number", "NO-SUCH-1"))))
                .post("/api/v1/verify").then().statusCode(200).extract().jsonPath();
        assertEquals(index, answer.getLong("results[0].logIndex"));
        assertNull(answer.get("results[1].logIndex"));

        String path = VerificationTest.path(VerificationTest.scan(number));
        JsonPath verdict = given().accept("application/json").get(path).then().statusCode(200).extract().jsonPath();
        assertEquals(index, verdict.getLong("logIndex"));
        assertEquals(index, verdict.getLong("certificate.logIndex"));
    }

    /** The latest index the log's feed shows for a certificate, once it shows one. */
    private static long latestIndex(String number) {
        Object index = cn.certregistry.Await.until(number + "'s entry in the log", () -> given().get("/api/v1/certificates/"
                + number).then().statusCode(200).extract().path("logIndex"), java.util.Objects::nonNull);
        return ((Number) index).longValue();
    }

    /** Everything a verifier does years later, with the report and the published keys only. */
    private static JsonNode verifyOffline(byte[] cose, KeyRing published) throws Exception {
        JsonNode report = JSON.readTree(payload(cose, published));
        checkLines(report, published);
        return report;
    }

    private static byte[] payload(byte[] cose, KeyRing published) {
        CoseSign1.Verified verified = CoseSign1.verify(cose, published);
        assertTrue(verified.genuine(), verified.failure());
        return verified.payload();
    }

    private static void checkLines(JsonNode report, KeyRing published) {
        String note = report.get("log").get("checkpoint").asText();
        String origin = note.substring(0, note.indexOf('\n'));
        // the verifier key comes from the published keys, not from the report
        List<String> verifierKeys = published.all().stream().map(k -> SignedNote.verifierKey(origin,
                new Ed25519PublicKeyParameters(k.publicKeyBytes(), 0))).toList();
        assertTrue(verifierKeys.contains(report.get("log").get("verifierKey").asText()));
        Checkpoint checkpoint = null;
        for (String key : verifierKeys) {
            try {
                checkpoint = Checkpoint.parse(SignedNote.open(note, key));
            } catch (VerificationException notThisKey) {
                // another published key
            }
        }
        assertNotNull(checkpoint, "the checkpoint is signed by a published key");
        int proved = 0;
        for (JsonNode line : report.get("lines")) {
            JsonNode log = line.get("log");
            if (log == null) {
                continue;
            }
            assertNull(log.get("state"), "every line is in the log: " + line);
            byte[] entry = Base64.getDecoder().decode(log.get("entry").asText());
            List<byte[]> proof = new ArrayList<>();
            log.get("proof").forEach(hash -> proof.add(Base64.getDecoder().decode(hash.asText())));
            if (!Merkle.verifyInclusion(Merkle.leafHash(entry), log.get("index").asLong(), checkpoint.size(), proof,
                    checkpoint.rootHash())) {
                throw new AssertionError("line " + line.get("number").asText() + ": its entry is not in the checkpoint's tree");
            }
            assertEquals(line.get("number").asText(), LogEntries.decode(entry).get("certificate"));
            proved++;
        }
        assertEquals(2, proved);
    }

    private static KeyRing publishedKeys() {
        JsonPath jwks = given().get("/.well-known/jwks.json").then().extract().jsonPath();
        List<SigningKey> keys = new ArrayList<>();
        for (Map<String, Object> jwk : jwks.<Map<String, Object>>getList("keys")) {
            keys.add(SigningKey.publicOnly((String) jwk.get("kid"), KeyState.valueOf(((String) jwk.get("state")).toUpperCase()),
                    Base64.getUrlDecoder().decode((String) jwk.get("x"))));
        }
        return new KeyRing(keys);
    }

    private static String between(String text, String start, String end) {
        Matcher matcher = Pattern.compile(Pattern.quote(start) + "(.*?)" + Pattern.quote(end), Pattern.DOTALL).matcher(text);
        assertTrue(matcher.find(), start);
        return matcher.group(1);
    }
}

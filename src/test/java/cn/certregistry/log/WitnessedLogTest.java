package cn.certregistry.log;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.RestAssuredURLManager;
import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.Await;
import cn.certregistry.log.witness.Cosignature;
import cn.certregistry.log.witness.WitnessCommand;
import cn.certregistry.log.witness.WitnessPolicy;
import cn.certregistry.signing.KeyState;
import cn.certregistry.signing.SigningKey;

/**
 * The register with two witnesses (the project's own witness mode, started here) and a quorum of both: its published
 * checkpoint carries both cosignatures and its policy names them; when a witness has cosigned a larger tree than the
 * log has (the log went back, or showed that witness another history), the witness refuses, readiness says so, and
 * the register keeps publishing the last checkpoint the quorum cosigned. The witnesses are put in force on the running
 * register for this class only (a register of its own would cost a database and a start), and taken away after it.
 */
@QuarkusTest
class WitnessedLogTest {

    static final String ORIGIN = "cert.example.cn/log";

    /** Two witnesses of the test log, each with a state directory, and the policy that names them. */
    static final class Witnesses {
        static final WitnessCommand.Running[] RUNNING = new WitnessCommand.Running[2];
        static final Path[] STATE = new Path[2];

        static WitnessPolicy start() throws Exception {
            String logKey = SignedNote.verifierKey(ORIGIN, new Ed25519PublicKeyParameters(SigningKey.fromPem("t2", KeyState.ACTIVE,
                    Files.readString(Path.of("src/test/resources/signing/t2.pem"))).publicKeyBytes(), 0));
            StringBuilder policy = new StringBuilder("# the test's witnesses\n");
            for (int i = 0; i < 2; i++) {
                STATE[i] = Files.createTempDirectory("witness");
                RUNNING[i] = WitnessCommand.start("--log-key", logKey, "--state", STATE[i].toString(), "--listen", "127.0.0.1:0",
                        "--name", "witness.example/w" + (i + 1));
                policy.append("witness w").append(i + 1).append(' ').append(RUNNING[i].verifierKey()).append(' ')
                        .append(RUNNING[i].url()).append('\n');
            }
            return WitnessPolicy.parse(policy.append("group both all w1 w2\nquorum both\n").toString());
        }

        static void stop() {
            for (WitnessCommand.Running running : RUNNING) {
                if (running != null) {
                    running.close();
                }
            }
        }
    }

    @BeforeAll
    static void putTheWitnessesInForce() throws Exception {
        Arc.container().instance(Witnessing.class).get().use(Witnesses.start());
    }

    /**
     * The register without witnesses again, as the other classes know it, its published checkpoint one no witness
     * cosigned: the latest would otherwise carry this class's cosignatures until the log next grows.
     */
    @AfterAll
    static void takeTheWitnessesAway() {
        // after the last test, REST Assured no longer points at the register until told again
        RestAssuredURLManager.setURL(false);
        try {
            Arc.container().instance(Witnessing.class).get().use(WitnessPolicy.NONE);
            long index = Api.issueLogged(Api.newBody("WITX"), "440106", TODAY.minusDays(10));
            Await.until("a checkpoint covering entry " + index + " published without cosignatures",
                    () -> given().get("/log/checkpoint").then().statusCode(200).extract().asString(),
                    published -> size(published) > index && !published.contains("witness.example/"));
        } finally {
            RestAssuredURLManager.clearURL();
            Witnesses.stop();
        }
    }

    @Test
    void theCheckpointCarriesBothCosignaturesAndThePolicyNamesThem() {
        long index = Api.issueLogged(Api.newBody("WITN"), "440106", TODAY.minusDays(10));
        String note = Await.until("a checkpoint covering entry " + index + " cosigned by both witnesses",
                () -> given().get("/log/checkpoint").then().statusCode(200).extract().asString(),
                published -> size(published) > index && cosigners(published) == 2);
        String policy = given().get("/log/policy").then().statusCode(200).extract().asString();
        assertTrue(policy.startsWith("log " + ORIGIN + "+"), policy);
        WitnessPolicy parsed = WitnessPolicy.parse(policy);
        assertEquals(2, parsed.witnesses().size());
        assertTrue(parsed.satisfied(java.util.Set.of("w1", "w2")) && !parsed.satisfied(java.util.Set.of("w1")));
        assertEquals(2, cosigners(note), note);
    }

    @Test
    void aWitnessThatCosignedMoreThanTheLogHasRefusesAndTheLastCosignedCheckpointStays() throws Exception {
        long before = Api.issueLogged(Api.newBody("WITR"), "440106", TODAY.minusDays(10));
        String cosigned = Await.until("a checkpoint covering entry " + before + " cosigned by both",
                () -> given().get("/log/checkpoint").then().extract().asString(), n -> size(n) > before && cosigners(n) == 2);
        // witness 2 is told of a larger tree than this log has: as if the log had shown it another history
        Path state = Files.list(Witnesses.STATE[1]).filter(p -> p.getFileName().toString().startsWith("log-")).findFirst()
                .orElseThrow();
        String kept = Files.readString(state);
        Files.writeString(state, "100000000\n" + kept.split("\n")[1] + "\n");
        try {
            long after = Api.issueLogged(Api.newBody("WITR"), "440106", TODAY.minusDays(10));
            Await.until("readiness naming the refusing witness", () -> given().get("/q/health/ready").then().extract().asString(),
                    health -> health.contains("witness w2 refuses"));
            given().get("/q/health/ready").then().statusCode(503).body(containsString("more than the log's latest checkpoint"));
            String published = given().get("/log/checkpoint").then().statusCode(200).extract().asString();
            assertTrue(size(published) <= after, "the checkpoint of the write witness 2 has not cosigned is not published");
            assertEquals(2, cosigners(published), published);
            assertTrue(size(published) >= size(cosigned));
        } finally {
            Files.writeString(state, kept);
        }
        Await.until("witness 2 cosigning again", () -> given().get("/q/health/ready").then().extract().statusCode(),
                status -> status == 200);
    }

    /**
     * A procurement report filed today is checked years later with its own contents and the register's keys: its
     * checkpoint carries the cosignatures of the quorum its policy names.
     */
    @Test
    void aProcurementReportCarriesACheckpointTheQuorumCosigned() throws Exception {
        Api.Body body = Api.newBody("WITP");
        String number = Api.issue(body, "440106", TODAY.minusDays(40));
        Api.issueLogged(body, "440106", TODAY.minusDays(40));
        String html = given().formParam("list", number + "\n").formParam("bidDate", TODAY.toString()).post("/procurement/report")
                .then().statusCode(200).extract().asString();
        int start = html.indexOf("<pre class=\"signed\" id=\"signature\">") + "<pre class=\"signed\" id=\"signature\">".length();
        byte[] cose = java.util.Base64.getUrlDecoder().decode(html.substring(start, html.indexOf("</pre>", start)));
        cn.certregistry.signing.CoseSign1.Verified verified = cn.certregistry.signing.CoseSign1.verify(cose, keys.ring());
        assertTrue(verified.genuine(), verified.failure());
        com.fasterxml.jackson.databind.JsonNode log = new com.fasterxml.jackson.databind.ObjectMapper().readTree(verified.payload())
                .get("log");
        String note = log.get("checkpoint").asText();
        WitnessPolicy policy = WitnessPolicy.parse(log.get("policy").asText());
        String text = note.substring(0, note.indexOf("\n\n") + 1);
        java.util.Set<String> cosigners = new java.util.HashSet<>();
        for (WitnessPolicy.Witness witness : policy.witnesses()) {
            if (Cosignature.verify(note.substring(note.indexOf("\n\n") + 2), witness.verifier(), text).isPresent()) {
                cosigners.add(witness.name());
            }
        }
        assertTrue(policy.satisfied(cosigners), "the report's checkpoint meets its quorum: " + cosigners + "\n" + note);
        assertTrue(html.contains(number));
    }

    /**
     * The status snapshot names the checkpoint the quorum cosigned, carrying it whole; the offline verifier's own check
     * (static/witnessed.js, run in Node) accepts it against the published policy, and refuses it without one witness's
     * cosignature or without the log's signature.
     */
    @Test
    void theOfflineVerifierAcceptsTheSnapshotsCheckpointOnlyWithTheQuorum() throws Exception {
        cn.certregistry.Installed.assume("node");
        long index = Api.issueLogged(Api.newBody("WITS"), "440106", TODAY.minusDays(10));
        // a snapshot is renewed as the cosignatures of its checkpoint arrive: the one to wait for carries the quorum's
        String snapshot = Await.until("a status snapshot naming a checkpoint that covers entry " + index + ", cosigned by both",
                () -> given().get("/status/snapshot").then().extract().asString(),
                note -> note.contains("\ncheckpoint ") && size(checkpointOf(note)) > index && cosigners(checkpointOf(note)) == 2);
        String checkpoint = checkpointOf(snapshot);
        assertTrue(snapshot.contains("\nlog-size " + size(checkpoint) + "\n") && snapshot.contains("\nlog-root "
                + checkpoint.split("\n")[2] + "\n"), snapshot);
        String policy = given().get("/log/policy").then().statusCode(200).extract().asString();

        assertEquals("{\"size\":" + size(checkpoint) + ",\"root\":\"" + checkpoint.split("\n")[2] + "\"}",
                offlineCheck(policy, checkpoint));
        String withoutW2 = checkpoint.replaceAll("(?m)^\u2014 witness\\.example/w2 .*\n", "");
        assertEquals(1, cosigners(withoutW2));
        assertEquals("{\"error\":\"not cosigned by the quorum\"}", offlineCheck(policy, withoutW2));
        String withoutLog = checkpoint.replaceAll("(?m)^\u2014 " + java.util.regex.Pattern.quote(ORIGIN) + " .*\n", "");
        assertEquals("{\"error\":\"not signed by the log\"}", offlineCheck(policy, withoutLog));
    }

    private static String checkpointOf(String snapshotNote) {
        String fact = snapshotNote.lines().filter(line -> line.startsWith("checkpoint ")).findFirst().orElseThrow();
        return new String(java.util.Base64.getDecoder().decode(fact.substring("checkpoint ".length())),
                java.nio.charset.StandardCharsets.UTF_8);
    }

    /** What the offline verifier's checkpoint check says of a note under a policy: its size and root, or its error. */
    private static String offlineCheck(String policy, String note) throws Exception {
        Path dir = Files.createTempDirectory("witnessed");
        Process node = new ProcessBuilder("node", "src/test/node/verify-witnessed-checkpoint.mjs",
                Files.writeString(dir.resolve("policy"), policy).toString(), Files.writeString(dir.resolve("note"), note).toString())
                .redirectErrorStream(true).start();
        String output = new String(node.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
        assertTrue(node.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        return output;
    }

    @jakarta.inject.Inject
    cn.certregistry.signing.SigningKeys keys;

    private static long size(String note) {
        return Long.parseLong(note.split("\n")[1]);
    }

    /** How many of the two witnesses' cosignatures on the note verify. */
    private static int cosigners(String note) {
        String body = note.substring(0, note.indexOf("\n\n") + 1);
        String lines = note.substring(note.indexOf("\n\n") + 2);
        int count = 0;
        for (WitnessCommand.Running running : Witnesses.RUNNING) {
            if (Cosignature.verify(lines, Cosignature.Verifier.parse(running.verifierKey()), body).isPresent()) {
                count++;
            }
        }
        return count;
    }
}

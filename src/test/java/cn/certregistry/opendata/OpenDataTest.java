package cn.certregistry.opendata;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.SignedNotes;
import cn.certregistry.common.Csv;

/**
 * The nightly dump: a gzip CSV per province whose SHA-256 and row count a signed manifest gives, checked with the
 * JDK's Ed25519; served with immutable caching.
 */
@QuarkusTest
class OpenDataTest {

    @Inject
    OpenDataDumps dumps;

    @Test
    void aDumpHoldsEveryProvincesCertificatesAndItsManifestIsSignedOverTheirHashes() throws Exception {
        Api.Body body = Api.newBody("OPEN");
        String guangzhou = Api.issue(body, "440106", TODAY.minusDays(20));
        String beijing = Api.issue(body, "110105", TODAY.minusDays(20));
        Api.as(Api.BOOTSTRAP_ADMIN).body(java.util.Map.of("kind", "APPROVED", "effectiveDate", TODAY.minusYears(1).toString(),
                "schemes", List.of("CUSTOMER_SATISFACTION"), "validUntil", TODAY.plusYears(2).toString(), "reason", "批准"))
                .post("/api/v1/admin/bodies/" + body.code() + "/approval").then().statusCode(201);
        Api.Body unrecorded = Api.newBody("OPEU");
        // a day of this test's own, after every dump kept (only the latest are kept): a database that earlier runs used
        // may hold the dump of today
        LocalDate day = dumps.dump(java.util.Optional.empty()).map(dump -> dump.date().plusDays(1))
                .filter(next -> next.isAfter(TODAY)).orElse(TODAY.plusDays(1));
        assertTrue(dumps.make(day));
        assertFalse(dumps.make(day), "a day's dump is made once");

        String base = "/open-data/" + day + "/";
        SignedNotes.Note manifest = SignedNotes.parse(given().get(base + "manifest").then().statusCode(200)
                .header("Cache-Control", containsString("immutable")).extract().asString());
        PublicKey key = SignedNotes.publishedKey(manifest, "/open-data/key");
        assertTrue(SignedNotes.verifies(key, manifest), "the manifest verifies with the published key");
        assertFalse(SignedNotes.verifies(key, manifest.withText(manifest.text().replace("date " + day, "date " + day.plusDays(1)))));
        assertEquals(day.toString(), manifest.fact("date"));
        List<String> files = manifest.text().lines().filter(line -> line.matches(".* [0-9]{2}\\.csv\\.gz")).toList();
        assertEquals(34, files.size(), "a file per province-level division");
        List<String> bodies = directory(base, manifest, "bodies.csv.gz");
        assertEquals(Csv.line(OpenDataDumps.BODY_COLUMNS).strip(), bodies.get(0));
        String approved = bodies.stream().filter(row -> row.startsWith("\"" + body.code() + "\",")).findFirst().orElseThrow();
        assertTrue(approved.endsWith(",\"true\",\"CUSTOMER_SATISFACTION\",\"" + TODAY.plusYears(2) + "\""), approved);
        assertTrue(bodies.stream().anyMatch(row -> row.startsWith("\"" + unrecorded.code() + "\",")
                && row.endsWith(",\"false\",\"AFTER_SALES;AFTER_SALES_COMPLETENESS;CUSTOMER_SATISFACTION\",\"\"")), unrecorded.code());
        List<String> approvals = directory(base, manifest, "body-approvals.csv.gz");
        assertEquals(Csv.line(OpenDataDumps.APPROVAL_COLUMNS).strip(), approvals.get(0));
        assertEquals(1, approvals.stream().filter(row -> row.startsWith("\"" + body.code() + "\",\"APPROVED\",\""
                + TODAY.minusYears(1) + "\",\"CUSTOMER_SATISFACTION\"")).count(), String.join("\n", approvals));

        for (String line : files) {
            String[] parts = line.split(" ");
            byte[] gzip = given().get(base + parts[2]).then().statusCode(200).contentType("application/gzip")
                    .header("Cache-Control", containsString("immutable")).extract().asByteArray();
            assertEquals(parts[0], HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(gzip)), parts[2]);
            List<String> rows = List.of(new String(new GZIPInputStream(new ByteArrayInputStream(gzip)).readAllBytes(),
                    StandardCharsets.UTF_8).strip().split("\r\n"));
            assertEquals(Csv.line(OpenDataDumps.COLUMNS).strip(), rows.get(0));
            assertEquals(Long.parseLong(parts[1]), rows.size() - 1, parts[2] + "'s rows");
            String province = parts[2].substring(0, 2);
            assertEquals(province.equals("44"), rows.stream().anyMatch(row -> row.startsWith("\"" + guangzhou + "\",")), guangzhou + " in " + province);
            assertEquals(province.equals("11"), rows.stream().anyMatch(row -> row.startsWith("\"" + beijing + "\",")), beijing + " in " + province);
            if (province.equals("44")) {
                String row = rows.stream().filter(r -> r.startsWith("\"" + guangzhou + "\",")).findFirst().orElseThrow();
                assertTrue(row.contains(",\"AFTER_SALES\",") && row.contains(",\"VALID\",")
                        && row.contains(",\"" + body.code() + "\",\"440106\","), row);
            }
        }
        String etag = given().get(base + "44.csv.gz").then().statusCode(200).extract().header("ETag");
        given().header("If-None-Match", etag).get(base + "44.csv.gz").then().statusCode(304);

        given().get("/open-data").then().statusCode(200).header("Cache-Control", containsString("max-age"))
                .body("files.size()", equalTo(36)).body("files.find { it.part == 'bodies' }.province", equalTo(null)).body("manifestUrl", equalTo("/open-data/" +
                        given().get("/open-data").then().extract().path("date") + "/manifest"));
        given().get(base + "99.csv.gz").then().statusCode(404).contentType("application/problem+json");
        given().get("/open-data/2026-02-30/manifest").then().statusCode(404).contentType("application/problem+json");
        given().get("/open-data/" + day.plusDays(1) + "/manifest").then().statusCode(404);
    }

    /** A part of the directory in a day's dump, its hash and rows as its manifest gives; its lines. */
    private static List<String> directory(String base, SignedNotes.Note manifest, String name) throws Exception {
        String line = manifest.text().lines().filter(l -> l.endsWith(" " + name)).findFirst().orElseThrow();
        byte[] gzip = given().get(base + name).then().statusCode(200).contentType("application/gzip").extract().asByteArray();
        assertEquals(line.split(" ")[0], HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(gzip)), name);
        List<String> rows = List.of(new String(new GZIPInputStream(new ByteArrayInputStream(gzip)).readAllBytes(),
                StandardCharsets.UTF_8).strip().split("\r\n"));
        assertEquals(Long.parseLong(line.split(" ")[1]), rows.size() - 1, name + "'s rows");
        return rows;
    }
}

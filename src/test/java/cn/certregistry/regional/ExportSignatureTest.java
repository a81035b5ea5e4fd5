package cn.certregistry.regional;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import cn.certregistry.Api;
import cn.certregistry.SignedNotes;
import cn.certregistry.SignedNotes.Note;
import cn.certregistry.TestRegister;

/**
 * An export says what it is a snapshot of, and its detached signature (a signed note over its SHA-256 and those
 * facts) verifies with the register's published key: checked here with the JDK's own Ed25519 and with openssl,
 * code the register did not write. A changed byte of the file, or of the note, fails.
 */
@QuarkusTest
class ExportSignatureTest {

    @Test
    void aCsvExportsSignatureVerifiesAndAChangedByteDoesNot() throws Exception {
        Api.Body body = Api.newBody("SIGN");
        String holder = TestRegister.name() + "签名测试有限公司";
        String first = issue(body, holder, TODAY.minusDays(20));
        String second = issue(body, TestRegister.name() + "签名测试有限公司", TODAY.minusDays(10));
        Response export = given().queryParam("q", holder).queryParam("lang", "en").get("/regions/440106/export.csv");
        export.then().statusCode(200);
        byte[] file = export.asByteArray();
        String csv = new String(file, StandardCharsets.UTF_8);
        List<String> lines = csv.strip().lines().toList();
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("\"1 rows, export complete\",\"Exported at "), last);
        assertTrue(last.contains("transparency log size "), last);
        assertTrue(last.contains("Filters: /regions/440106/export.csv?q="), last);
        assertTrue(csv.contains(first) && !csv.contains(second), "the export holds its filter's one certificate");

        String url = last.replaceFirst(".*Signature: ", "").replace("\"", "").strip();
        assertEquals("<" + url + ">; rel=\"signature\"", export.header("Link"));
        String path = url.replaceFirst("^https?://[^/]+", "");
        Note note = SignedNotes.parse(given().urlEncodingEnabled(false).get(path).then().statusCode(200)
                .header("Cache-Control", org.hamcrest.Matchers.containsString("immutable")).extract().asString());
        PublicKey key = SignedNotes.publishedKey(note, "/exports/key");
        assertTrue(SignedNotes.verifies(key, note), "the note's signature verifies with the published key");
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)), note.fact("sha256"));
        assertEquals("1", note.fact("rows"));
        assertTrue(note.fact("address").startsWith("/regions/440106/export.csv?q="), note.fact("address"));
        assertTrue(Long.parseLong(note.fact("log-size")) >= 0);

        byte[] changed = file.clone();
        changed[changed.length / 2] ^= 1;
        assertFalse(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(changed)).equals(note.fact("sha256")),
                "a changed byte of the file is a different SHA-256");
        String forged = note.text().replace("rows 1\n", "rows 2\n");
        assertFalse(SignedNotes.verifies(key, note.withText(forged)), "a changed fact fails the signature");
        opensslVerifies(key, note, true);
        opensslVerifies(key, note.withText(forged), false);

        // the signature of one address is not served under another's, nor for an unknown id
        given().urlEncodingEnabled(false).get(path.replace("/440106/", "/440105/")).then().statusCode(404)
                .contentType("application/problem+json");
        given().get("/regions/440106/export.csv.sig?export=AAAAAAAAAAAAAAAAAAAAAA").then().statusCode(404);
        given().get("/regions/440106/export.csv.sig").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anXlsxExportsSignatureCoversTheWorkbook() throws Exception {
        Api.Body body = Api.newBody("SIGN");
        String holder = TestRegister.name() + "签名测试有限公司";
        issue(body, holder, TODAY.minusDays(20));
        Response export = given().queryParam("q", holder).get("/regions/440106/export.xlsx");
        export.then().statusCode(200);
        byte[] file = export.asByteArray();
        String url;
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(file))) {
            Row last = workbook.getSheetAt(0).getRow(workbook.getSheetAt(0).getLastRowNum());
            assertEquals("共 1 条，导出完毕", last.getCell(0).getStringCellValue());
            url = last.getCell(3).getStringCellValue().replaceFirst("^签名：", "");
        }
        Note note = SignedNotes.parse(given().urlEncodingEnabled(false).get(url.replaceFirst("^https?://[^/]+", "")).then().statusCode(200)
                .extract().asString());
        assertTrue(SignedNotes.verifies(SignedNotes.publishedKey(note, "/exports/key"), note));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)), note.fact("sha256"));
    }

    private static String issue(Api.Body body, String holder, java.time.LocalDate issued) {
        String number = TestRegister.number(body.code());
        java.util.Map<String, Object> certificate = Api.certificate(number, "440106", issued);
        certificate.put("holderName", holder);
        Api.as(body).body(certificate).post("/api/v1/certificates").then().statusCode(201);
        return number;
    }

    /** openssl pkeyutl -verify, where openssl is installed. */
    private static void opensslVerifies(PublicKey key, Note note, boolean expected) throws Exception {
        if (!new File("/usr/bin/openssl").canExecute()) {
            return;
        }
        Path dir = Files.createTempDirectory("export-signature");
        Files.writeString(dir.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getEncoder().encodeToString(key.getEncoded()) + "\n-----END PUBLIC KEY-----\n");
        Files.writeString(dir.resolve("note.txt"), note.text());
        Files.write(dir.resolve("note.sig"), note.signature());
        Process openssl = new ProcessBuilder("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", "key.pem", "-rawin", "-in",
                "note.txt", "-sigfile", "note.sig").directory(dir.toFile()).redirectErrorStream(true).start();
        String said = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(openssl.waitFor(30, TimeUnit.SECONDS));
        assertEquals(expected, openssl.exitValue() == 0, "openssl said: " + said);
    }
}

package cn.certregistry.web;

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
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
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
import cn.certregistry.TestRegister;

/**
 * An export says what it is a snapshot of, and its detached signature (a signed note over its SHA-256 and those
 * facts) verifies with the register's published key: checked here with the JDK's own Ed25519 and with openssl,
 * code the register did not write. A changed byte of the file, or of the note, fails.
 */
@QuarkusTest
class ExportSignatureTest {

    /** The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), before the key's 32 bytes. */
    private static final byte[] ED25519_SPKI = HexFormat.of().parseHex("302a300506032b6570032100");

    record Note(String text, String keyName, byte[] keyId, byte[] signature) {

        String fact(String name) {
            return text.lines().filter(line -> line.startsWith(name + " ")).map(line -> line.substring(name.length() + 1))
                    .findFirst().orElseThrow(() -> new AssertionError("no '" + name + "' in " + text));
        }
    }

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
        Note note = note(given().urlEncodingEnabled(false).get(path).then().statusCode(200)
                .header("Cache-Control", org.hamcrest.Matchers.containsString("immutable")).extract().asString());
        PublicKey key = publishedKey(note);
        assertTrue(verifies(key, note.text(), note.signature()), "the note's signature verifies with the published key");
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)), note.fact("sha256"));
        assertEquals("1", note.fact("rows"));
        assertTrue(note.fact("address").startsWith("/regions/440106/export.csv?q="), note.fact("address"));
        assertTrue(Long.parseLong(note.fact("log-size")) >= 0);

        byte[] changed = file.clone();
        changed[changed.length / 2] ^= 1;
        assertFalse(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(changed)).equals(note.fact("sha256")),
                "a changed byte of the file is a different SHA-256");
        String forged = note.text().replace("rows 1\n", "rows 2\n");
        assertFalse(verifies(key, forged, note.signature()), "a changed fact fails the signature");
        opensslVerifies(key, note, true);
        opensslVerifies(key, new Note(forged, note.keyName(), note.keyId(), note.signature()), false);

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
        Note note = note(given().urlEncodingEnabled(false).get(url.replaceFirst("^https?://[^/]+", "")).then().statusCode(200)
                .extract().asString());
        assertTrue(verifies(publishedKey(note), note.text(), note.signature()));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)), note.fact("sha256"));
    }

    private static String issue(Api.Body body, String holder, java.time.LocalDate issued) {
        String number = TestRegister.number(body.code());
        java.util.Map<String, Object> certificate = Api.certificate(number, "440106", issued);
        certificate.put("holderName", holder);
        Api.as(body).body(certificate).post("/api/v1/certificates").then().statusCode(201);
        return number;
    }

    /** A signed note's text and its one signature line, {@code — <name> base64(keyID ‖ signature)}. */
    static Note note(String signed) {
        int blank = signed.indexOf("\n\n");
        assertTrue(blank > 0, signed);
        String text = signed.substring(0, blank + 1);
        String line = signed.substring(blank + 2).strip();
        assertTrue(line.startsWith("— "), line);
        String[] parts = line.substring(2).split(" ");
        byte[] decoded = Base64.getDecoder().decode(parts[1]);
        assertEquals(68, decoded.length, "a 4-byte key ID and a 64-byte Ed25519 signature");
        assertEquals(text.lines().findFirst().orElseThrow(), parts[0], "signed under the note's own name");
        return new Note(text, parts[0], Arrays.copyOf(decoded, 4), Arrays.copyOfRange(decoded, 4, 68));
    }

    /** The published verifier key the note names, {@code <name>+<hex key ID>+<base64(0x01 ‖ key)>}. */
    private static PublicKey publishedKey(Note note) throws Exception {
        String published = given().get("/exports/key").then().statusCode(200).extract().asString();
        String wanted = note.keyName() + "+" + HexFormat.of().formatHex(note.keyId()) + "+";
        String verifier = published.lines().filter(line -> line.startsWith(wanted)).findFirst()
                .orElseThrow(() -> new AssertionError(wanted + " is not among " + published));
        byte[] typed = Base64.getDecoder().decode(verifier.substring(wanted.length()));
        assertEquals(1, typed[0], "Ed25519");
        byte[] spki = Arrays.copyOf(ED25519_SPKI, ED25519_SPKI.length + 32);
        System.arraycopy(typed, 1, spki, ED25519_SPKI.length, 32);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
    }

    private static boolean verifies(PublicKey key, String text, byte[] signature) throws Exception {
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(key);
        ed25519.update(text.getBytes(StandardCharsets.UTF_8));
        return ed25519.verify(signature);
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

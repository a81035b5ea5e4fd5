package cn.certregistry.ecertificate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import cn.certregistry.Api;
import cn.certregistry.Installed;
import cn.certregistry.PostgresTestResource;
import cn.certregistry.TestRegister;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemMapper;
import cn.certregistry.common.ProblemType;
import cn.certregistry.qr.CertificateCodes;
import cn.certregistry.signing.DocumentSigningKey;
import cn.certregistry.signing.KeyState;

/**
 * The signed e-certificate as its readers check it: poppler's pdfsig validates its signature and sees a changed byte,
 * zbarimg reads its QR code from the page as pdftoppm draws it, a conditional request answers 304, and a change to
 * the certificate makes a new file with the new status.
 */
@QuarkusTest
@QuarkusTestResource(PostgresTestResource.class)
class ECertificateTest {

    private static final String DISTRICT = "440106";

    @Inject
    CertificateCodes codes;
    @Inject
    ECertificates eCertificates;
    @Inject
    ECertificateConfig fonts;


    @Test
    void pdfsigFindsTheSignatureValidAndAChangedByteBreaksIt() throws Exception {
        Fonts.assumeOne(fonts);
        Installed.assume("pdfsig");
        Api.Body body = Api.newBody("EC");
        String number = Api.issue(body, DISTRICT, Api.TODAY.minusMonths(2));
        byte[] pdf = download(number).asByteArray();

        Path file = Files.createTempFile("e-certificate", ".pdf");
        Files.write(file, pdf);
        String genuine = run("pdfsig", file.toString());
        assertTrue(genuine.contains("Signature Validation: Signature is Valid."), genuine);
        assertTrue(genuine.contains("ETSI.CAdES.detached"), genuine);
        assertTrue(genuine.contains("Total document signed"), "the signature covers the whole file:\n" + genuine);
        assertTrue(genuine.contains("document signing d2"), "the active document-signing key signs:\n" + genuine);

        byte[] altered = pdf.clone();
        int producer = indexOf(altered, "(cert-registry)".getBytes(StandardCharsets.US_ASCII));
        assertTrue(producer > 0, "the file names its producer");
        altered[producer + 1] = 'C';
        Files.write(file, altered);
        String changed = run("pdfsig", file.toString());
        assertFalse(changed.contains("Signature is Valid."), changed);
        assertTrue(changed.contains("Digest Mismatch"), changed);
        Files.delete(file);
        // for the record of the work: what pdfsig says of a genuine and of a changed e-certificate
        Files.writeString(Files.createDirectories(Path.of("target", "screenshots")).resolve("e-certificate-pdfsig.txt"),
                "genuine:\n" + genuine + "\none byte changed:\n" + changed);
    }

    @Test
    void onePageInChineseAndEnglishWhoseCodeZbarimgReads() throws Exception {
        Fonts.assumeOne(fonts);
        Api.Body body = Api.newBody("EC");
        String number = Api.issue(body, DISTRICT, Api.TODAY.minusMonths(2));
        byte[] pdf = download(number).asByteArray();
        String text = text(pdf);
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertEquals(1, document.getNumberOfPages());
        }
        for (String printed : List.of(number, "广州接口测试电器有限公司", "售后服务认证", "GB/T 27922", "四星级", "92 / 100",
                "家用电器的安装、维修与退换货服务", "有效", "Valid", body.code() + "认证有限公司", "CNCA-R-2099-", "本文件不证明此后的变化",
                "What it does not prove")) {
            assertTrue(text.contains(printed), "the page prints " + printed + ":\n" + text);
        }
        assertFalse(text.contains("监督审核"), "the surveillance schedule is not public:\n" + text);
        for (String[] language : new String[][] {{"zh", "电子证书（PDF，带数字签名）"}, {"en", "E-certificate (PDF, digitally signed)"}}) {
            String page = given().queryParam("lang", language[0]).get("/certificates/" + number).then().statusCode(200).extract()
                    .asString();
            assertTrue(page.contains("href=\"/certificates/" + number + ".pdf\"") && page.contains(language[1]),
                    "the certificate page links its e-certificate in " + language[0]);
        }

        Installed.assume("pdftoppm");
        Installed.assume("zbarimg");
        Path file = Files.createTempFile("e-certificate", ".pdf");
        Files.write(file, pdf);
        Path screenshots = Files.createDirectories(Path.of("target", "screenshots"));
        run("pdftoppm", "-png", "-r", "110", "-singlefile", file.toString(), screenshots.resolve("e-certificate").toString());
        Path page = Files.createTempFile("e-certificate-page", "");
        run("pdftoppm", "-png", "-r", "150", "-gray", "-singlefile", file.toString(), page.toString());
        String read = run("zbarimg", "--quiet", "--raw", page + ".png").strip();
        assertEquals(codes.url(number), read);
        Files.delete(file);
        Files.delete(Path.of(page + ".png"));
        Files.delete(page);
    }

    @Test
    void aLongScopeStaysOnOnePageCutAndSaysTheRegisterHasItAll() throws Exception {
        Fonts.assumeOne(fonts);
        Api.Body body = Api.newBody("EC");
        Map<String, Object> certificate = Api.certificate(TestRegister.number(body.code()), DISTRICT, Api.TODAY.minusMonths(1));
        certificate.put("scope", "家用电器、厨房电器、个人护理电器及其配件的安装、调试、维修、保养、退换货与回收服务；".repeat(40));
        String number = Api.as(body).body(certificate).post("/api/v1/certificates").then().statusCode(201).extract().path("number");
        byte[] pdf = download(number).asByteArray();
        try (PDDocument document = Loader.loadPDF(pdf)) {
            assertEquals(1, document.getNumberOfPages());
        }
        String text = text(pdf);
        assertTrue(text.contains("…"), text);
        assertTrue(text.contains("完整内容见登记簿") && text.contains("the register holds the whole of it"), text);
    }

    @Test
    void aConditionalRequestAnswers304() {
        Fonts.assumeOne(fonts);
        Api.Body body = Api.newBody("EC");
        String number = Api.issue(body, DISTRICT, Api.TODAY.minusMonths(2));
        Response first = download(number);
        String tag = first.header("ETag");
        String lastModified = first.header("Last-Modified");
        assertTrue(tag != null && lastModified != null, "the file has an ETag and a Last-Modified");
        Api.contract().header("If-None-Match", tag).get("/certificates/" + number + ".pdf").then().statusCode(304)
                .header("ETag", tag);
        given().header("If-Modified-Since", lastModified).get("/certificates/" + number + ".pdf").then().statusCode(304);
        given().header("If-None-Match", "\"another\"").get("/certificates/" + number + ".pdf").then().statusCode(200);
    }

    @Test
    void aSuspensionMakesANewFileWithTheNewStatus() throws Exception {
        Fonts.assumeOne(fonts);
        Api.Body body = Api.newBody("EC");
        String number = Api.issue(body, DISTRICT, Api.TODAY.minusMonths(2));
        Response valid = download(number);
        assertTrue(text(valid.asByteArray()).contains("有效"));

        Api.as(body).body(Api.event("SUSPENDED", Api.TODAY, "未按期接受年度监督审核"))
                .post("/api/v1/certificates/" + number + "/events").then().statusCode(201);
        Response suspended = download(number);
        assertNotEquals(valid.header("ETag"), suspended.header("ETag"));
        String text = text(suspended.asByteArray());
        assertTrue(text.contains("暂停") && text.contains("suspended"), text);
        assertFalse(text.contains("未按期接受年度监督审核"), "the reason of a suspension is not printed:\n" + text);
        given().header("If-None-Match", valid.header("ETag")).get("/certificates/" + number + ".pdf").then().statusCode(200);
    }

    @Test
    void requestsAtOnceForANewVersionAllGetTheOneFileStored() throws Exception {
        Fonts.assumeOne(fonts);
        Api.Body body = Api.newBody("EC");
        String number = Api.issue(body, DISTRICT, Api.TODAY.minusMonths(2));
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Callable<byte[]>> requests = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                requests.add(() -> given().get("/certificates/" + number + ".pdf").then().statusCode(200).extract().asByteArray());
            }
            List<byte[]> files = new ArrayList<>();
            for (Future<byte[]> answer : threads.invokeAll(requests)) {
                files.add(answer.get());
            }
            for (byte[] file : files) {
                assertArrayEquals(files.get(0), file, "every request gets the same signed file");
            }
        } finally {
            threads.shutdown();
            threads.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void anUnknownNumberIsAProblemAndTheSigningCertificatesArePublished() {
        Api.contract().get("/certificates/NOSUCH-" + TestRegister.RUN + ".pdf").then().statusCode(404)
                .contentType("application/problem+json").body("type", equalTo("/problems/not-found"));
        Api.contract().get("/.well-known/document-signing").then().statusCode(200)
                .body("keys.kid", hasItems("d1", "d2"))
                .body("keys.find { it.kid == 'd2' }.state", equalTo("active"))
                .body("keys.find { it.kid == 'd1' }.verifies", equalTo(true))
                .body("keys.find { it.kid == 'd2' }.certificate", org.hamcrest.Matchers.startsWith("-----BEGIN CERTIFICATE-----"))
                .body("toString()", org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString("PRIVATE")));
    }

    /** Some seconds: each of its three bid files is read by a reader process of its own, a JVM that starts for it. */
    @Test
    void aBidFileCheckFindsTheUntouchedECertificateGenuineAndAChangedOneAltered() throws Exception {
        Fonts.assumeOne(fonts);
        Api.Body body = Api.newBody("EC");
        String number = Api.issue(body, DISTRICT, Api.TODAY.minusMonths(2));
        byte[] genuine = download(number).asByteArray();
        checkBidFile("e-certificate.pdf", genuine).body("certificates", org.hamcrest.Matchers.hasSize(1))
                .body("certificates[0].foundBy", equalTo("QR_CODE"))
                .body("certificates[0].check.number", equalTo(number))
                .body("certificates[0].check.verdict", equalTo("VALID_ON_DATE_HOLDER_NOT_CHECKED"));

        byte[] changed = genuine.clone();
        changed[indexOf(changed, "(cert-registry)".getBytes(StandardCharsets.US_ASCII)) + 1] = 'C';
        checkBidFile("changed.pdf", changed).body("certificates", org.hamcrest.Matchers.hasSize(1))
                .body("certificates[0].check.number", equalTo(number))
                .body("certificates[0].check.verdict", equalTo("ALTERED"))
                .body("certificates[0].check.label.zh", equalTo("电子证书在登记簿签名后被改动，签名无效"))
                .body("certificates[0].reason", org.hamcrest.Matchers.containsString("changed after the register signed it"));

        // bytes added after the signature (an incremental update that, say, paints another grade over the page), on the page
        byte[] appended = java.util.Arrays.copyOf(genuine, genuine.length + 12);
        System.arraycopy("\n% later\n%%EOF".getBytes(StandardCharsets.US_ASCII), 0, appended, genuine.length, 12);
        String page = Api.bidFilePage(given().multiPart("file", "appended.pdf", appended, "application/pdf")
                .multiPart("bidDate", Api.TODAY.toString()));
        assertTrue(page.contains("电子证书在登记簿签名后被改动"), "the procurement page says the e-certificate was altered");
    }

    private static io.restassured.response.ValidatableResponse checkBidFile(String name, byte[] file) {
        return Api.contractForUploads().multiPart("file", name, file, "application/pdf").multiPart("on", Api.TODAY.toString())
                .post("/api/v1/verify/document").then().statusCode(200);
    }

    @Test
    void aFileSignedByTheRetiredKeyStillVerifiesWhileItsCertificateIsPublished() throws Exception {
        Fonts.assumeOne(fonts);
        Api.Body body = Api.newBody("EC");
        String number = Api.issue(body, DISTRICT, Api.TODAY.minusMonths(2));
        // the file as the register made it before its document-signing key was rotated from d1 to d2
        DocumentSigningKey previous = DocumentSigningKey.fromPem("d1", KeyState.ACTIVE,
                Files.readString(Path.of("src/test/resources/document-signing/d1.pem")));
        ZonedDateTime madeAt = ZonedDateTime.now(java.time.ZoneId.of("Asia/Shanghai"));
        byte[] unsigned = ECertificateLayout.draw(eCertificates.version(number).facts(), madeAt,
                ECertificates.firstFont(fonts.fonts()), "https://cert.example.cn/.well-known/document-signing", "d1");
        byte[] signedBefore = PdfSigner.sign(unsigned, previous, madeAt, "https://cert.example.cn");

        checkBidFile("before-rotation.pdf", signedBefore).body("certificates[0].check.verdict",
                equalTo("VALID_ON_DATE_HOLDER_NOT_CHECKED"));
        Installed.assume("pdfsig");
        Path file = Files.createTempFile("e-certificate", ".pdf");
        Files.write(file, signedBefore);
        String checked = run("pdfsig", file.toString());
        assertTrue(checked.contains("Signature is Valid.") && checked.contains("document signing d1"), checked);
        Files.delete(file);
    }

    @Test
    void withoutAFontTheAnswerIsANamedProblemWithoutRetryAfter() {
        ProblemException missing = org.junit.jupiter.api.Assertions.assertThrows(ProblemException.class,
                () -> ECertificates.firstFont(List.of("/nonexistent/cjk.ttc")));
        assertEquals(ProblemType.NO_DOCUMENT_FONT, missing.type());
        jakarta.ws.rs.core.Response answer = new ProblemMapper().problem(missing, null);
        assertEquals(503, answer.getStatus());
        assertEquals(null, answer.getHeaderString("Retry-After"), "an operator installs a font: asking again will not help");
        assertTrue(missing.getMessage().contains("fonts-wqy-zenhei"), missing.getMessage());
    }

    private static Response download(String number) {
        Response answer = Api.contract().get("/certificates/" + number + ".pdf");
        answer.then().statusCode(200).contentType("application/pdf").header("Cache-Control", org.hamcrest.Matchers.notNullValue());
        return answer;
    }

    private static String text(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return new PDFTextStripper().getText(document);
        }
    }

    /** Where {@code needle} first occurs in {@code haystack}, or -1. */
    static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Runs a program to its end; its standard output (zbarimg tells on its standard error that it found no D-Bus). */
    static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        process.waitFor(60, TimeUnit.SECONDS);
        return output;
    }
}

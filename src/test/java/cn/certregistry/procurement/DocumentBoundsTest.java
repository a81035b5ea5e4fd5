package cn.certregistry.procurement;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import jakarta.inject.Inject;

import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;

import cn.certregistry.Api;

/** Every bid file the service will not read is refused in bounded time with a problem document naming why. */
@QuarkusTest
class DocumentBoundsTest {

    @Inject
    DocumentSlots slots;
    @TestHTTPResource("/")
    java.net.URL server;

    private static ValidatableResponse post(String name, byte[] file) {
        return Api.contractForUploads().multiPart("file", name, file, "application/octet-stream").multiPart("on", TODAY.toString())
                .post("/api/v1/verify/document").then();
    }

    private static void refused(ValidatableResponse answer, int status, String type, String detail) {
        answer.statusCode(status).contentType("application/problem+json").body("type", equalTo(type))
                .body("detail", containsString(detail));
    }

    @Test
    void whatIsNoPdfOrImageIsRefused() throws Exception {
        refused(post("bid.docx", "PK\u0003\u0004 a word file".getBytes(StandardCharsets.UTF_8)), 422, "/problems/unreadable-document",
                "not a PDF, OFD, JPEG or PNG");
        refused(post("bid.pdf", "%PDF-1.7\n1 0 obj << /Type /Catalog".getBytes(StandardCharsets.UTF_8)), 422,
                "/problems/unreadable-document", "cannot be read");
        refused(post("photo.jpg", new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2}), 422, "/problems/unreadable-document",
                "image cannot be read");
        given().multiPart("on", TODAY.toString()).post("/api/v1/verify/document").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("file"));
        given().multiPart("file", "bid.pdf", blankPages(1), "application/pdf").multiPart("on", "2026-02-30")
                .post("/api/v1/verify/document").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void anEncryptedPdfIsRefused() throws Exception {
        for (String userPassword : new String[] {"", "secret"}) {
            try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
                document.addPage(new PDPage());
                StandardProtectionPolicy policy = new StandardProtectionPolicy("owner", userPassword, new AccessPermission());
                policy.setEncryptionKeyLength(128);
                document.protect(policy);
                document.save(out);
                refused(post("bid.pdf", out.toByteArray()), 422, "/problems/unreadable-document", "encrypted");
            }
        }
    }

    @Test
    void tooManyPagesOrBytesAreTooLarge() throws Exception {
        refused(post("bid.pdf", blankPages(301)), 413, "/problems/content-too-large", "at most 300");
        byte[] large = new byte[9 * 1024 * 1024];
        System.arraycopy("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII), 0, large, 0, 9);
        refused(post("bid.pdf", large), 413, "/problems/content-too-large", "bytes");
    }

    @Test
    void aHugePageIsRenderedSmallAndAGiantImageIsRefusedUnread() throws Exception {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            document.addPage(new PDPage(new PDRectangle(14_400, 14_400))); // 200 × 200 inches: 900 megapixels at 150 dpi
            document.save(out);
            post("poster.pdf", out.toByteArray()).statusCode(200).body("files[0].pages", equalTo(1));
        }
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            // an image that says it is 100 000 × 100 000 pixels: decoding it would take 10 GB
            COSStream stream = document.getDocument().createCOSStream();
            stream.setItem(COSName.TYPE, COSName.XOBJECT);
            stream.setItem(COSName.SUBTYPE, COSName.IMAGE);
            stream.setInt(COSName.WIDTH, 100_000);
            stream.setInt(COSName.HEIGHT, 100_000);
            stream.setInt(COSName.BITS_PER_COMPONENT, 8);
            stream.setItem(COSName.COLORSPACE, COSName.DEVICEGRAY);
            try (var data = stream.createOutputStream()) {
                data.write(new byte[16]);
            }
            // drawn on the page: an image in the resources that nothing draws is never decoded, and costs nothing
            try (var content = new org.apache.pdfbox.pdmodel.PDPageContentStream(document, page)) {
                content.drawImage(new PDImageXObject(new org.apache.pdfbox.pdmodel.common.PDStream(stream), null), 0, 0, 100, 100);
            }
            document.save(out);
            refused(post("bomb.pdf", out.toByteArray()), 413, "/problems/content-too-large", "100000×100000");
        }
    }

    @Test
    void deeplyNestedObjectsAreRefused() {
        String nested = "[".repeat(200_000) + "]".repeat(200_000);
        String pdf = "%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R /Deep " + nested + " >> endobj\n"
                + "2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
        int status = post("deep.pdf", pdf.getBytes(StandardCharsets.US_ASCII)).contentType(containsString("json")).extract().statusCode();
        assertTrue(status == 200 || status == 422, "read or refused, never a 500: " + status);
    }

    @Test
    void beyondTheDocumentsAtOnceTheAnswerIs429WithRetryAfter() throws Exception {
        int all = slots.slots().availablePermits();
        slots.slots().acquire(all);
        try {
            post("bid.pdf", blankPages(1)).statusCode(429).contentType("application/problem+json")
                    .header("Retry-After", notNullValue()).body("type", equalTo("/problems/too-many-requests"));
            // the slot is taken before the body is read: a 29 MB upload whose head alone was sent is refused at once
            for (String path : java.util.List.of("/api/v1/verify/document", "/procurement/document")) {
                try (java.net.Socket socket = new java.net.Socket(server.getHost(), server.getPort())) {
                    socket.setSoTimeout(20_000);
                    socket.getOutputStream().write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: application/json"
                            + "\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: " + (29 << 20) + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] head = new byte[12];
                    int read = socket.getInputStream().readNBytes(head, 0, head.length);
                    assertTrue(new String(head, 0, read, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 429"),
                            path + ": " + new String(head, 0, read, StandardCharsets.US_ASCII));
                }
            }
        } finally {
            slots.slots().release(all);
        }
        assertTrue(slots.slots().availablePermits() == all, "every slot given back");
        post("bid.pdf", blankPages(1)).statusCode(200);
        post("bid.docx", "not a document".getBytes(StandardCharsets.UTF_8)).statusCode(422);
        given().multiPart("on", TODAY.toString()).post("/api/v1/verify/document").then().statusCode(400);
        assertTrue(slots.slots().availablePermits() == all, "given back after answers that read and that did not");
    }

    static byte[] blankPages(int pages) throws Exception {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int i = 0; i < pages; i++) {
                document.addPage(new PDPage(PDRectangle.A4));
            }
            document.save(out);
            return out.toByteArray();
        }
    }
}

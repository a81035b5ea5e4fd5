package cn.certregistry.common;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.Test;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;
import cn.certregistry.regional.CertificateExport;
import cn.certregistry.regional.ExportSignatures;
import cn.certregistry.register.CertificateSearch;
import cn.certregistry.register.RegisterReferenceData;

/** Each bound of an anonymous request, sent just over it: a named problem document, never a 500. */
@QuarkusTest
class BoundsTest {

    @Inject
    CertificateExport export;
    @Inject
    RegistryConfig config;
    @Inject
    CostlyRequests costly;
    @Inject
    ExportSignatures signatures;
    @Inject
    RegisterReferenceData referenceData;
    @TestHTTPResource("/")
    URI server;

    @Test
    void pagesReachTheFirstTenThousandResultsAndNoDeeper() {
        given().queryParam("page", 100).queryParam("size", 100).get("/api/v1/certificates").then().statusCode(200);
        given().queryParam("page", 101).queryParam("size", 100).get("/api/v1/certificates").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("page"))
                .body("detail", containsString("10000"));
        given().queryParam("page", 10_000).get("/api/v1/certificates").then().statusCode(400).body("parameter", equalTo("page"));
    }

    @Test
    void aQrImageIsAtMost2048PixelsWide() {
        String number = Api.issue(Api.newBody("QRB"), "440106", TODAY.minusDays(30));
        given().queryParam("size", 2048).get("/api/v1/certificates/" + number + "/qr.png").then().statusCode(200)
                .contentType("image/png").header("ETag", org.hamcrest.Matchers.notNullValue())
                .header("Cache-Control", containsString("max-age"));
        given().queryParam("size", 2049).get("/api/v1/certificates/" + number + "/qr.png").then().statusCode(400)
                .contentType("application/problem+json").body("parameter", equalTo("size"));
    }

    @Test
    void exportsBeyondTheServersSlotsWaitTheirTurnAndEachEndsWithItsCount() {
        Api.Body body = Api.newBody("BOUND");
        String number = Api.issue(body, "440106", TODAY.minusDays(30));
        for (int i = 0; i < config.exportsAtOnce(); i++) {
            export.admit();
        }
        try {
            given().get("/regions/440106/export.csv").then().statusCode(429).header("Retry-After", equalTo("5"))
                    .contentType("application/problem+json");
        } finally {
            for (int i = 0; i < config.exportsAtOnce(); i++) {
                export.release();
            }
        }
        String csv = given().queryParam("q", given().get("/api/v1/certificates/" + number).then().extract().<String>path(
                "holder.name")).queryParam("lang", "en").get("/regions/440106/export.csv").then().statusCode(200).extract().asString();
        List<String> lines = csv.lines().toList();
        assertTrue(lines.get(lines.size() - 1).startsWith("\"" + (lines.size() - 2) + " rows, export complete\","),
                lines.get(lines.size() - 1));
    }

    @Test
    void anExportWhoseClientLeavesEndsQuietlyAndOtherFailuresStillFail() {
        Api.Body body = Api.newBody("BOUND");
        Api.issue(body, "440106", TODAY.minusDays(30));
        MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
        query.putSingle("region", "440106");
        CertificateSearch.Filters filters = CertificateSearch.parse(QueryParameters.of(query, CertificateSearch.PARAMETERS),
                referenceData).filters();
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Connection has been closed");
            }
        };
        export.stream(export::csv, filters, "zh", signatures.begin("/regions/440106/export.csv"), closed);
        export.stream(export::xlsx, filters, "zh", signatures.begin("/regions/440106/export.xlsx"), closed);
        assertThrows(UncheckedIOException.class, () -> export.stream((f, language, snapshot, out) -> {
            throw new UncheckedIOException(new IOException("No space left on device"));
        }, filters, "zh", signatures.begin("/regions/440106/export.csv"), OutputStream.nullOutputStream()));
    }

    @Test
    void costlyRequestsBeyondTheServersSlotsWaitBrieflyThenGet429WhileCheapOnesGoOn() throws Exception {
        Api.Body body = Api.newBody("BOUND");
        String number = Api.issue(body, "440106", TODAY.minusDays(30));
        String batch = "{\"items\":[{\"number\":\"" + number + "\"}]}";
        // a region page whose list is deep is one costly request, not two waiting for each other
        given().accept("text/html").queryParam("page", 51).get("/regions/440106").then().statusCode(200);

        int slots = allSlotsFree();
        CountDownLatch done = new CountDownLatch(1);
        CountDownLatch taken = new CountDownLatch(slots);
        ExecutorService holders = Executors.newFixedThreadPool(slots);
        try {
            for (int i = 0; i < slots; i++) {
                holders.submit(() -> costly.run(() -> {
                    taken.countDown();
                    try {
                        return done.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            assertTrue(taken.await(20, TimeUnit.SECONDS));
            given().contentType("application/json").body(batch).post("/api/v1/verify").then().statusCode(429)
                    .contentType("application/problem+json").header("Retry-After", equalTo("5"))
                    .body("type", equalTo("/problems/too-many-requests"));
            given().formParam("list", number).post("/procurement").then().statusCode(429).contentType(containsString("text/html"));
            given().accept("text/html").get("/regions/440106").then().statusCode(429);
            given().queryParam("page", 11).queryParam("size", 100).get("/api/v1/certificates").then().statusCode(429)
                    .contentType("application/problem+json");
            // over its cap, a list is refused by the cap, before it waits for a slot
            given().contentType("application/json").body("{\"items\":[" + "null,".repeat(1000) + "null]}").post("/api/v1/verify")
                    .then().statusCode(413);
            given().queryParam("page", 10).queryParam("size", 100).get("/api/v1/certificates").then().statusCode(200);
            given().queryParam("number", number).get("/api/v1/verify").then().statusCode(200);
        } finally {
            done.countDown();
            holders.shutdown();
        }
        assertTrue(holders.awaitTermination(20, TimeUnit.SECONDS));
        // the slots are free again as soon as their requests end
        given().contentType("application/json").body(batch).post("/api/v1/verify").then().statusCode(200)
                .body("results[0].verdict", equalTo("VALID_ON_DATE_HOLDER_NOT_CHECKED"));
    }

    @Test
    void aSlotIsFreeTheMomentItsRequestEndsSoOneClientsRequestsInARowNeverWait() {
        int slots = costly.capacity();
        assertEquals(slots, costly.free());
        for (int i = 0; i < slots + 2; i++) {
            costly.run(() -> {
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
                return null;
            });
            // no rest after a request: the next one of the same client finds its slot at once
            assertEquals(slots, costly.free(), "free slots right after request " + i);
        }
        assertEquals(0, costly.clients());
    }

    /** Every slot is free between tests' requests; how many there are. */
    private int allSlotsFree() {
        assertEquals(costly.capacity(), costly.free());
        return costly.capacity();
    }

    @Test
    void aListOrFileBeyondAThousandLinesIsRefusedWhileReadingIt() throws Exception {
        StringBuilder list = new StringBuilder();
        for (int i = 0; i <= 1000; i++) {
            list.append("NOPE-").append(i).append('\n');
        }
        given().formParam("list", list.toString()).post("/procurement").then().statusCode(413)
                .contentType(containsString("text/html")).body(containsString("At most 1000 lines"));
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100)) {
            var sheet = workbook.createSheet();
            for (int i = 0; i <= 1000; i++) {
                sheet.createRow(i).createCell(0).setCellValue("NOPE-" + i);
            }
            ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
            workbook.write(xlsx);
            workbook.dispose();
            given().multiPart("file", "bid.xlsx", xlsx.toByteArray()).multiPart("list", "")
                    .post("/procurement").then().statusCode(413).body(containsString("At most 1000 lines"));
        }
        // blank lines count too: 4 MB of them is refused at the 2 002nd, not read to the end
        given().multiPart("file", "blank.csv", "\n".repeat(4 << 20).getBytes(java.nio.charset.StandardCharsets.UTF_8), "text/csv")
                .multiPart("list", "").post("/procurement").then().statusCode(413)
                .body(containsString("At most 2001 lines at once, blank ones included"));
    }

    @Test
    void aBatchOfMoreThanAThousandItemsIsRefusedWhileItIsRead() {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 1000; i++) {
            items.append(i == 0 ? "" : ",").append("{\"number\":\"NOPE-").append(i).append("\",\"unknown\":[1,{\"a\":2}]}");
        }
        given().contentType("application/json").body("{\"on\":\"" + TODAY + "\",\"items\":[" + items + "]}").post("/api/v1/verify")
                .then().statusCode(200).body("count", equalTo(1000)).body("results[999].verdict", equalTo("NOT_FOUND"));
        given().contentType("application/json").body("{\"items\":[" + items + ",null]}").post("/api/v1/verify").then()
                .statusCode(413).body("type", equalTo("/problems/content-too-large")).body("parameter", equalTo("items"));
        given().contentType("application/json").body("{\"on\":{\"x\":1},\"items\":[null]}").post("/api/v1/verify").then()
                .statusCode(400).body("parameter", equalTo("on"));
        given().contentType("application/json").body("{\"on\":null,\"items\":[null]}").post("/api/v1/verify").then()
                .statusCode(200).body("results[0].verdict", equalTo("INVALID_REQUEST"));
        given().contentType("application/json").body("[1,2]").post("/api/v1/verify").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType("application/json").body("{\"items\":5}").post("/api/v1/verify").then().statusCode(400)
                .body("parameter", equalTo("items"));
    }

    @Test
    void aBodyAnnouncedOverTheServersMaximumIsRefusedWithAProblemDocumentBeforeItIsRead() throws Exception {
        int maximum = 32 * 1024 * 1024;
        for (String[] target : List.of(new String[] {"/api/v1/verify", "application/json"},
                new String[] {"/procurement", "multipart/form-data; boundary=b"})) {
            // only the head is sent: the answer comes from the announced length, and the connection closes after it
            try (Socket socket = new Socket(server.getHost(), server.getPort())) {
                socket.setSoTimeout(20_000);
                socket.getOutputStream().write(("POST " + target[0] + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: " + target[1]
                        + "\r\nContent-Length: " + (maximum + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                String[] answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\r\n\r\n", 2);
                assertTrue(answer[0].startsWith("HTTP/1.1 413 "), answer[0]);
                assertTrue(answer[0].toLowerCase().contains("content-type: application/problem+json"), answer[0]);
                JsonPath problem = JsonPath.from(answer[1]);
                assertEquals("/problems/content-too-large", problem.getString("type"));
                assertEquals(413, problem.getInt("status"));
                assertEquals(target[0], problem.getString("instance"));
                assertTrue(problem.getString("detail").contains("32 MB"), problem.getString("detail"));
            }
        }
        // at the limit, the body is read: a batch of only spaces is not one (sent over a socket, which copies it once)
        try (Socket socket = new Socket(server.getHost(), server.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/v1/verify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nConnection: close"
                    + "\r\nContent-Length: " + maximum + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] spaces = new byte[1 << 20];
            Arrays.fill(spaces, (byte) ' ');
            for (int sent = 0; sent < maximum; sent += spaces.length) {
                out.write(spaces);
            }
            String[] answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\r\n\r\n", 2);
            assertTrue(answer[0].startsWith("HTTP/1.1 400 "), answer[0]);
            assertTrue(answer[0].toLowerCase().contains("content-type: application/problem+json"), answer[0]);
            assertEquals("/problems/malformed-request", JsonPath.from(answer[1]).getString("type"));
        }
    }

    @Test
    void anXlsxThatInflatesBeyondItsBoundIsRefusedBeforeItIsRead() throws Exception {
        // a genuine one-line workbook whose sheet is padded with 200 MB of spaces (some 200 KB compressed):
        // read, it would be a valid list of one line
        ByteArrayOutputStream genuine = new ByteArrayOutputStream();
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100)) {
            workbook.createSheet().createRow(0).createCell(0).setCellValue("NOPE-1");
            workbook.write(genuine);
            workbook.dispose();
        }
        ByteArrayOutputStream bomb = new ByteArrayOutputStream();
        java.nio.file.Path source = java.nio.file.Files.createTempFile("genuine", ".xlsx");
        java.nio.file.Files.write(source, genuine.toByteArray());
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(source.toFile()); ZipOutputStream out = new ZipOutputStream(bomb)) {
            for (ZipEntry entry : java.util.Collections.list(in.entries())) {
                out.putNextEntry(new ZipEntry(entry.getName()));
                byte[] content = in.getInputStream(entry).readAllBytes();
                if (entry.getName().startsWith("xl/worksheets/")) {
                    String xml = new String(content, StandardCharsets.UTF_8);
                    int at = xml.indexOf("<sheetData>") + "<sheetData>".length();
                    out.write(xml.substring(0, at).getBytes(StandardCharsets.UTF_8));
                    byte[] spaces = new byte[1 << 20];
                    java.util.Arrays.fill(spaces, (byte) ' ');
                    for (int i = 0; i < 200; i++) {
                        out.write(spaces);
                    }
                    out.write(xml.substring(at).getBytes(StandardCharsets.UTF_8));
                } else {
                    out.write(content);
                }
            }
        } finally {
            java.nio.file.Files.delete(source);
        }
        given().multiPart("file", "bid.xlsx", bomb.toByteArray()).multiPart("list", "")
                .post("/procurement").then().statusCode(400).body(containsString("neither UTF-8 CSV nor an XLSX workbook"));
    }

    @Test
    void aPastedListOfAThousandLinesIsChecked() {
        Api.Body body = Api.newBody("BOUND");
        String number = Api.issue(body, "440106", TODAY.minusDays(30));
        StringBuilder list = new StringBuilder(number).append('\n');
        for (int i = 1; i < 1000; i++) {
            list.append(TestRegister.number(body.code())).append(",91440106MA59C4XJ7T\n");
        }
        assertEquals(1000, list.toString().lines().count());
        String[] paths = {"/procurement", "/procurement/result.csv", "/procurement/report"};
        for (String path : paths) {
            given().formParam("list", list.toString()).formParam("bidDate", TODAY.toString()).post(path).then()
                    .statusCode(200).body(containsString(number));
        }
    }
}

package cn.certregistry.regional;

import static cn.certregistry.Api.TODAY;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedHashMap;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

import cn.certregistry.Api;
import cn.certregistry.SignedNotes;
import cn.certregistry.TestRegister;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.common.ReadReplica;
import cn.certregistry.common.RegistryConfig;
import cn.certregistry.register.CertificateQueries;
import cn.certregistry.register.CertificateSearch;
import cn.certregistry.register.RegisterReferenceData;

/** Exports come out whole and in order; an XLSX export stops at its sheet's bound and says so in its last line. */
@QuarkusTest
class CertificateExportTest {

    @Inject
    CertificateExport export;
    @Inject
    ExportSignatures signatures;
    @Inject
    RegisterReferenceData referenceData;
    @Inject
    CertificateQueries queries;
    @Inject
    ReadReplica replica;
    @Inject
    RegistryConfig config;

    @Test
    void anXlsxExportStopsAtItsBoundAndSaysThatMoreMatch() throws Exception {
        Api.Body body = Api.newBody("XLSB");
        String holder = "粤" + TestRegister.name() + "导出上限有限公司";
        for (int i = 0; i < 3; i++) {
            Map<String, Object> certificate = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(10 + i));
            certificate.put("holderName", holder);
            Api.as(body).body(certificate).post("/api/v1/certificates").then().statusCode(201);
        }
        MultivaluedHashMap<String, String> query = new MultivaluedHashMap<>();
        query.putSingle("q", holder);
        CertificateSearch.Filters filters = CertificateSearch.parse(QueryParameters.of(query, CertificateSearch.PARAMETERS),
                referenceData).filters();

        assertEquals(List.of("2", "The first 2 rows; more certificates match: export CSV for the whole list"), sheet(filters, 2));
        assertEquals(List.of("3", "3 rows, export complete"), sheet(filters, 3));
        assertEquals(List.of("3", "3 rows, export complete"), sheet(filters, 4));
    }

    /**
     * More rows than one round trip of the cursor (and than one page of the keyset reads it replaced) come out whole,
     * each once, in region and number order, counted and signed over the bytes sent; the XLSX holds the same rows.
     */
    @Test
    void anExportLongerThanOneFetchComesOutWholeInOrderAndSigned() throws Exception {
        // fewer rows per round trip in the tests (registry.export-fetch-size) than a register's 2 000
        int count = config.exportFetchSize() + 345;
        Api.Body body = Api.newBody("XLNG");
        String holder = "粤" + TestRegister.name() + "长导出有限公司";
        String[] districts = {"440106", "440104", "440105"};
        StringBuilder file = new StringBuilder("number,scheme,grade,score,scope,issueDate,expiryDate,holderName,"
                + "holderCreditCode,siteRegion\n");
        List<String> expected = new ArrayList<>();
        String creditCode = null;
        for (int i = 0; i < count; i++) {
            // two certificates a holder: the import stays well within the client's patience on a busy machine
            creditCode = i % 2 == 0 ? TestRegister.creditCode("440106") : creditCode;
            // numbers written out of order, so that the order comes from the export and not from the insertion
            String number = body.code() + "-" + String.format("%05d", (i * 7919) % count);
            String district = districts[i % 3];
            file.append(String.join(",", number, "AFTER_SALES", "FOUR_STAR", "92", "家电维修",
                    TODAY.minusDays(100).toString(), TODAY.minusDays(100).plusYears(3).minusDays(1).toString(), holder,
                    creditCode, district)).append('\n');
            expected.add(district + " " + number);
        }
        Collections.sort(expected);
        given().contentType("text/csv; charset=UTF-8").header("Authorization", "Bearer " + body.key())
                .body(file.toString().getBytes(StandardCharsets.UTF_8)).post("/api/v1/certificates:import").then()
                .statusCode(200).body("imported", equalTo(count));

        Response export = given().queryParam("q", holder).queryParam("lang", "en").get("/regions/44/export.csv");
        export.then().statusCode(200);
        byte[] bytes = export.asByteArray();
        List<String> lines = new String(bytes, StandardCharsets.UTF_8).strip().lines().toList();
        assertEquals(count + 2, lines.size());
        Map<String, String> districtOf = Map.of("天河区", "440106", "越秀区", "440104", "海珠区", "440105");
        List<String> exported = lines.subList(1, count + 1).stream().map(line -> line.split("\",\"")).map(cells -> {
            String path = cells[10];
            return districtOf.get(path.substring(path.lastIndexOf(' ') + 1)) + " " + cells[0].replace("\"", "");
        }).toList();
        assertEquals(expected, exported);
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("\"" + count + " rows, export complete\""), last);
        String url = last.replaceFirst(".*Signature: ", "").replace("\"", "").strip();
        SignedNotes.Note note = SignedNotes.parse(given().urlEncodingEnabled(false).get(url.replaceFirst("^https?://[^/]+", ""))
                .then().statusCode(200).extract().asString());
        assertTrue(SignedNotes.verifies(SignedNotes.publishedKey(note, "/exports/key"), note));
        assertEquals(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)), note.fact("sha256"));
        assertEquals(Integer.toString(count), note.fact("rows"));

        byte[] workbook = given().queryParam("q", holder).queryParam("lang", "en").get("/regions/44/export.xlsx").then()
                .statusCode(200).extract().asByteArray();
        try (XSSFWorkbook read = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
            List<String> numbers = new ArrayList<>();
            read.getSheetAt(0).forEach(row -> numbers.add(row.getCell(0).getStringCellValue()));
            assertEquals(count + 2, numbers.size());
            assertEquals(exported.stream().map(e -> e.substring(7)).toList(), numbers.subList(1, count + 1));
            assertEquals(count + " rows, export complete", numbers.get(count + 1));
        }
    }

    /**
     * A client that leaves mid-export ends the statement: the sink's failure reaches the query, whose transaction is
     * rolled back, so no session of the read-only pool is left holding the export's cursor, and the next export reads
     * from the start.
     */
    @Test
    void aClientThatLeavesEndsTheStatement() {
        Api.Body body = Api.newBody("XLFT");
        String holder = "粤" + TestRegister.name() + "中途离开有限公司";
        for (int i = 0; i < 3; i++) {
            Map<String, Object> certificate = Api.certificate(TestRegister.number(body.code()), "440106", TODAY.minusDays(10 + i));
            certificate.put("holderName", holder);
            Api.as(body).body(certificate).post("/api/v1/certificates").then().statusCode(201);
        }
        MultivaluedHashMap<String, String> query = new MultivaluedHashMap<>();
        query.putSingle("q", holder);
        CertificateSearch.Filters filters = CertificateSearch.parse(QueryParameters.of(query, CertificateSearch.PARAMETERS),
                referenceData).filters();
        List<String> sent = new ArrayList<>();
        IllegalStateException left = new IllegalStateException("the client left");
        assertSame(left, assertThrows(IllegalStateException.class, () -> queries.export(filters, Long.MAX_VALUE, row -> {
            sent.add(row.number());
            throw left;
        })));
        assertEquals(1, sent.size());
        long holding = replica.inSession(session -> session.doReturningWork(connection -> {
            try (var select = connection.prepareStatement("select count(*) from pg_stat_activity where usename = current_user"
                    + " and pid <> pg_backend_pid() and state like 'idle in transaction%'"
                    + " and query like '%order by c.site_region_code, c.number limit%'");
                    var result = select.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }));
        assertEquals(0, holding, "no session holds the export's cursor");
        List<String> all = new ArrayList<>();
        assertFalse(queries.export(filters, Long.MAX_VALUE, row -> all.add(row.number())));
        assertEquals(3, all.size());
        assertEquals(sent.get(0), all.get(0));
    }

    /** The number of certificate rows and the text of the last line. */
    private List<String> sheet(CertificateSearch.Filters filters, long maxRows) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        export.xlsx(filters, "en", signatures.begin("/regions/440106/export.xlsx"), maxRows, out);
        try (XSSFWorkbook workbook = new XSSFWorkbook(new ByteArrayInputStream(out.toByteArray()))) {
            List<Row> rows = new ArrayList<>();
            workbook.getSheetAt(0).forEach(rows::add);
            return List.of(Integer.toString(rows.size() - 2), rows.get(rows.size() - 1).getCell(0).getStringCellValue());
        }
    }
}

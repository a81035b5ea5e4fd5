package cn.certregistry.regional;

import static cn.certregistry.Api.TODAY;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.core.MultivaluedHashMap;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

import cn.certregistry.Api;
import cn.certregistry.TestRegister;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.register.CertificateSearch;
import cn.certregistry.register.RegisterReferenceData;

/** An XLSX export stops at its sheet's bound and says so in its last line, instead of breaking off. */
@QuarkusTest
class CertificateExportTest {

    @Inject
    CertificateExport export;
    @Inject
    ExportSignatures signatures;
    @Inject
    RegisterReferenceData referenceData;

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

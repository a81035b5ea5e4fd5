package cn.certregistry.common;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

import org.apache.poi.xssf.usermodel.XSSFSheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The uploaded XLSX reader, fuzzed where an attacker's bytes matter once the zip is read: the first
 * sheet's XML. Every other part of the package is a real workbook's. A bad sheet is refused with an
 * exception (IOException or POI's RuntimeException, both answered by the upload with a problem), never an
 * Error, and no row grows beyond XLSX's 16 384 columns, whatever cell references the sheet claims.
 */
class WorkbooksFuzzTest {

    private static final String SHEET = "xl/worksheets/sheet1.xml";
    private static final int MAX_COLUMNS = 16_384;
    private static final Map<String, byte[]> TEMPLATE = template();
    private static final Path FILE = file();

    private static Map<String, byte[]> template() {
        try (XSSFWorkbook workbook = new XSSFWorkbook(); ByteArrayOutputStream bytes = new ByteArrayOutputStream()) {
            XSSFSheet sheet = workbook.createSheet("list");
            sheet.createRow(0).createCell(0).setCellValue("number");
            sheet.getRow(0).createCell(1).setCellValue("creditCode");
            sheet.createRow(1).createCell(0).setCellValue("HXSC-AS-2024-0000001");
            sheet.getRow(1).createCell(1).setCellValue("91350100M000100Y43");
            workbook.write(bytes);
            Map<String, byte[]> entries = new LinkedHashMap<>();
            try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
                for (ZipEntry entry; (entry = zip.getNextEntry()) != null;) {
                    entries.put(entry.getName(), zip.readAllBytes());
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path file() {
        try {
            Path file = Files.createTempFile("workbooks-fuzz", ".xlsx");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "2m")
    void firstSheet(byte[] sheetXml) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(FILE))) {
            for (Map.Entry<String, byte[]> entry : TEMPLATE.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getKey().equals(SHEET) ? sheetXml : entry.getValue());
                zip.closeEntry();
            }
        }
        try {
            Workbooks.firstSheetRows(FILE, row -> assertTrue(row.size() <= MAX_COLUMNS, () -> "a row of " + row.size() + " cells"));
        } catch (IOException | RuntimeException e) {
            // refused: the upload answers with a problem
        }
    }
}

package cn.certregistry.web;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;

import cn.certregistry.common.Csv;
import cn.certregistry.region.RegionService;
import cn.certregistry.register.CertificateQueries;
import cn.certregistry.register.CertificateSearch;
import cn.certregistry.scheme.Scheme;
import cn.certregistry.scheme.SchemeCatalogue;

/**
 * Streams every certificate a search matches as CSV or XLSX: rows come from a database cursor and go
 * straight out (XLSX keeps 100 rows in memory), so a province's 100 000 rows never sit in memory at once.
 */
@ApplicationScoped
public class CertificateExport {

    private static final int FETCH_SIZE = 1000;

    static List<String> columns(Messages words) {
        return List.of(words.colNumber(), words.colHolder(), words.colCreditCode(), words.colScheme(), words.colGrade(),
                words.colScore(), words.colStatus(), words.colIssue(), words.colExpiry(), words.colBody(), words.colRegion(),
                words.site());
    }

    @Inject
    CertificateQueries queries;
    @Inject
    SchemeCatalogue schemes;
    @Inject
    RegionService regions;
    @Inject
    WebPages pages;

    public void csv(CertificateSearch.Filters filters, String language, OutputStream out) {
        try {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            writer.write('\uFEFF'); // so that spreadsheet programs read the Chinese as UTF-8
            writer.write(Csv.line(columns(pages.words(language))));
            rows(filters, language, row -> {
                try {
                    writer.write(Csv.line(row));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void xlsx(CertificateSearch.Filters filters, String language, OutputStream out) {
        try (SXSSFWorkbook workbook = new SXSSFWorkbook(100)) {
            Messages words = pages.words(language);
            Sheet sheet = workbook.createSheet(words.exportSheet());
            Row header = sheet.createRow(0);
            List<String> columns = columns(words);
            for (int i = 0; i < columns.size(); i++) {
                header.createCell(i).setCellValue(columns.get(i));
            }
            int[] next = {1};
            rows(filters, language, values -> {
                Row row = sheet.createRow(next[0]++);
                for (int i = 0; i < values.size(); i++) {
                    row.createCell(i).setCellValue(values.get(i));
                }
            });
            workbook.write(out);
            workbook.dispose();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void rows(CertificateSearch.Filters filters, String language, Consumer<List<String>> sink) {
        queries.export(filters, row -> {
            Scheme scheme = schemes.find(row.schemeCode()).orElseThrow();
            sink.accept(List.of(row.number(), row.holderName(), row.holderCreditCode(), scheme.name().get(language),
                    scheme.grade(row.gradeCode()).map(g -> g.name().get(language)).orElse(row.gradeCode()),
                    row.score().toPlainString() + "/" + row.scoreScale(), row.status().label.get(language),
                    row.issueDate().toString(), row.expiryDate().toString(), row.bodyName(),
                    regions.reference(row.siteRegionCode()).path(), row.siteAddress() == null ? "" : row.siteAddress()));
        });
    }
}

package cn.certregistry.web;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.hibernate.jpa.HibernateHints;

import io.quarkus.narayana.jta.QuarkusTransaction;

import cn.certregistry.common.Csv;
import cn.certregistry.common.SqlValues;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.region.RegionService;
import cn.certregistry.register.CertificateSearch;
import cn.certregistry.register.CertificateService;
import cn.certregistry.register.Status;
import cn.certregistry.register.StatusTimeline;
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
    EntityManager entityManager;
    @Inject
    CertificateService certificates;
    @Inject
    SchemeCatalogue schemes;
    @Inject
    RegionService regions;
    @Inject
    RegisterClock clock;
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
        QuarkusTransaction.requiringNew().run(() -> {
            CertificateService.Condition condition = certificates.condition(filters, CertificateSearch.Scope.EVERYTHING);
            Query query = entityManager.createNativeQuery("select c.number, h.name, h.credit_code, c.scheme_code, c.grade_code,"
                    + " c.score, c.score_scale, c.standing, c.issue_date, c.expiry_date, b.name, c.site_region_code, c.site_address"
                    + CertificateService.FROM + condition.sql() + " order by c.site_region_code, c.number");
            for (Map.Entry<String, Object> parameter : condition.parameters().entrySet()) {
                query.setParameter(parameter.getKey(), parameter.getValue());
            }
            query.setHint(HibernateHints.HINT_FETCH_SIZE, FETCH_SIZE);
            query.setHint(HibernateHints.HINT_READ_ONLY, true);
            LocalDate today = clock.today();
            @SuppressWarnings("unchecked")
            Stream<Object[]> results = query.getResultStream();
            try (results) {
                results.forEach(r -> {
                    Scheme scheme = schemes.find((String) r[3]).orElseThrow();
                    LocalDate issue = SqlValues.localDate(r[8]);
                    LocalDate expiry = SqlValues.localDate(r[9]);
                    Status status = StatusTimeline.current(today, issue, expiry, Status.valueOf((String) r[7]));
                    sink.accept(List.of((String) r[0], (String) r[1], (String) r[2], scheme.name().get(language),
                            scheme.grade((String) r[4]).map(g -> g.name().get(language)).orElse((String) r[4]),
                            ((BigDecimal) r[5]).toPlainString() + "/" + r[6], status.label.get(language), issue.toString(),
                            expiry.toString(), (String) r[10], regions.reference((String) r[11]).path(),
                            r[12] == null ? "" : (String) r[12]));
                });
            }
        });
    }
}

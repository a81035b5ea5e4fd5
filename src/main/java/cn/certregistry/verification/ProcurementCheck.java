package cn.certregistry.verification;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.usermodel.WorkbookFactory;
import org.jboss.resteasy.reactive.multipart.FileUpload;

import cn.certregistry.common.Csv;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.common.RegisterClock;

/** Reads a procurement officer's list (pasted, CSV or XLSX) and checks every line against one bid date. */
@ApplicationScoped
public class ProcurementCheck {

    public static final int MAX_LINES = 1000;

    @Inject
    VerificationService verification;
    @Inject
    RegisterClock clock;

    /** A line as given: its position, the number and the optional credit code. */
    public record Line(int line, String number, String creditCode) {
    }

    public record Outcome(LocalDate bidDate, OffsetDateTime checkedAt, List<Line> lines, List<VerificationService.Check> checks,
            long good) {

        public long needingAttention() {
            return checks.size() - good;
        }

        /** The lines again as text, to carry the same check to a download. */
        public String asText() {
            StringBuilder text = new StringBuilder();
            lines.forEach(l -> text.append(l.number()).append(l.creditCode() == null ? "" : "," + l.creditCode()).append('\n'));
            return text.toString();
        }
    }

    public Outcome run(String pasted, FileUpload file, String bidDate) {
        LocalDate on = bidDate == null || bidDate.isBlank() ? clock.today() : QueryParameters.parseDate("bidDate", bidDate.strip());
        List<Line> lines = new ArrayList<>();
        if (file != null && file.size() > 0) {
            lines.addAll(fromFile(file));
        }
        if (pasted != null && !pasted.isBlank()) {
            lines.addAll(fromRecords(Csv.records(new StringReader(pasted.replace('\t', ',').replace('，', ',')), "list")
                    .toList()));
        }
        if (lines.isEmpty()) {
            throw ProblemException.invalidParameter("list", "Give at least one certificate number.");
        }
        if (lines.size() > MAX_LINES) {
            throw ProblemException.invalidParameter("list", "At most " + MAX_LINES + " lines at once, not " + lines.size() + ".");
        }
        List<VerificationService.Check> all = verification.checkLines(lines.stream()
                .map(l -> new VerificationService.Line(l.line(), l.number(), l.creditCode(), null)).toList(), on);
        long good = all.stream().filter(c -> c.verdict() == ProcurementVerdict.VALID_ON_DATE).count();
        return new Outcome(on, OffsetDateTime.now(clock.zone()), lines, all, good);
    }

    private static List<Line> fromFile(FileUpload file) {
        try (InputStream in = Files.newInputStream(file.uploadedFile())) {
            byte[] bytes = in.readAllBytes();
            boolean zip = bytes.length > 1 && bytes[0] == 'P' && bytes[1] == 'K';
            if (!zip) {
                return fromRecords(Csv.records(new StringReader(new String(bytes, StandardCharsets.UTF_8)), "file").toList());
            }
            try (Workbook workbook = WorkbookFactory.create(new java.io.ByteArrayInputStream(bytes))) {
                Sheet sheet = workbook.getSheetAt(0);
                DataFormatter formatter = new DataFormatter();
                List<List<String>> records = new ArrayList<>();
                for (Row row : sheet) {
                    records.add(List.of(formatter.formatCellValue(row.getCell(0)), formatter.formatCellValue(row.getCell(1))));
                }
                return fromRecords(records);
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof ProblemException problem) {
                throw problem;
            }
            throw ProblemException.invalidParameter("file", "The file is neither UTF-8 CSV nor an XLSX workbook.");
        }
    }

    /** Records to lines: blank lines are skipped, and so is a first line that names the columns. */
    private static List<Line> fromRecords(List<List<String>> records) {
        List<Line> lines = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            List<String> fields = records.get(i);
            String number = fields.isEmpty() ? "" : fields.get(0).strip();
            String creditCode = fields.size() > 1 && !fields.get(1).isBlank() ? fields.get(1).strip() : null;
            if (number.isEmpty() || (i == 0 && !number.matches(".*[0-9].*"))) {
                continue;
            }
            lines.add(new Line(i + 1, number, creditCode));
        }
        return lines;
    }
}

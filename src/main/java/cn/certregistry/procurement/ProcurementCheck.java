package cn.certregistry.procurement;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.resteasy.reactive.multipart.FileUpload;

import cn.certregistry.common.CostlyRequests;
import cn.certregistry.common.Csv;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.common.RegisterClock;
import cn.certregistry.common.Workbooks;
import cn.certregistry.verification.ProcurementVerdict;
import cn.certregistry.verification.VerificationService;

/** Reads a procurement officer's list (pasted, CSV or XLSX) and checks every line against one bid date. */
@ApplicationScoped
public class ProcurementCheck {

    public static final int MAX_LINES = 1000;
    /** Records read at most, blank ones included: a list of 1 000 certificates with a blank line between each. */
    static final int MAX_RECORDS = 2 * MAX_LINES + 1;

    @Inject
    VerificationService verification;
    @Inject
    RegisterClock clock;
    @Inject
    CostlyRequests costly;

    /**
     * A line as given: its position, the number and the optional credit code; for a certificate found in a bid file, every
     * place it was found and what its copies state otherwise than the register.
     */
    public record Line(int line, String number, String creditCode, List<DocumentCheck.FoundAt> foundAt,
            List<CopyFacts.Difference> differences) {

        public Line(int line, String number, String creditCode) {
            this(line, number, creditCode, List.of(), List.of());
        }
    }

    /** A bid file the lines were found in: its name as sent, its SHA-256 and its pages. */
    public record Document(String name, String sha256, int pages) {
    }

    /** What a check found: the lines and their checks, and the bid files they were read from (none for a list). */
    public record Outcome(LocalDate bidDate, OffsetDateTime checkedAt, List<Line> lines, List<VerificationService.Check> checks,
            List<Document> documents) {

        public Outcome(LocalDate bidDate, OffsetDateTime checkedAt, List<Line> lines, List<VerificationService.Check> checks) {
            this(bidDate, checkedAt, lines, checks, List.of());
        }

        public boolean fromDocuments() {
            return !documents.isEmpty();
        }

        /** Genuine, valid on the bid date, and held by the bidder whose credit code was given. */
        public long good() {
            return count(ProcurementVerdict.VALID_ON_DATE);
        }

        /** Genuine and valid on the bid date, but no bidder's credit code was given to compare the holder with. */
        public long holderNotChecked() {
            return count(ProcurementVerdict.VALID_ON_DATE_HOLDER_NOT_CHECKED);
        }

        public long needingAttention() {
            return checks.size() - good() - holderNotChecked();
        }

        /** Certificates whose copies state a fact otherwise than the register. */
        public long copiesDiffering() {
            return lines.stream().filter(line -> !line.differences().isEmpty()).count();
        }

        private long count(ProcurementVerdict verdict) {
            return checks.stream().filter(c -> c.verdict() == verdict).count();
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
        Lines lines = new Lines();
        if (file != null && file.size() > 0) {
            fromFile(file, lines);
        }
        if (pasted != null && !pasted.isBlank()) {
            fromPasted(pasted, lines);
        }
        if (lines.all.isEmpty()) {
            throw ProblemException.invalidParameter("list", "Give at least one certificate number.");
        }
        List<VerificationService.Line> read = lines.all.stream()
                .map(l -> new VerificationService.Line(l.line(), l.number(), l.creditCode(), null)).toList();
        List<VerificationService.Check> all = costly.run(() -> verification.checkLines(read, on));
        return new Outcome(on, OffsetDateTime.now(clock.zone()), lines.all, all);
    }

    /** A pasted list: a tab or a full-width comma separates fields as a comma does. */
    static void fromPasted(String pasted, Lines lines) {
        lines.addAll(Csv.records(new StringReader(pasted.replace('\t', ',').replace('，', ',')), "list").iterator(), "list");
    }

    /** A CSV or XLSX upload, read as a stream: reading stops at the first line beyond the cap. */
    static void fromFile(FileUpload file, Lines lines) {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file.uploadedFile()))) {
            in.mark(2);
            boolean zip = in.read() == 'P' && in.read() == 'K';
            in.reset();
            if (zip) {
                Workbooks.firstSheetRows(file.uploadedFile(), row -> lines.add(row, "file"));
            } else {
                lines.addAll(Csv.records(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()), "file").iterator(), "file");
            }
        } catch (ProblemException problem) {
            throw problem;
        } catch (IOException | RuntimeException e) {
            throw ProblemException.invalidParameter("file", "The file is neither UTF-8 CSV nor an XLSX workbook.");
        }
    }

    /**
     * The lines read so far, from records: blank records are skipped, and so is a first record that names
     * the columns; one line past {@link #MAX_LINES}, or one record past {@link #MAX_RECORDS} (blank ones count: 4 MB of
     * empty lines is four million records), ends the reading with a problem naming the limit.
     */
    static final class Lines {

        final List<Line> all = new ArrayList<>();
        private int records;

        void addAll(Iterator<List<String>> source, String parameter) {
            records = 0;
            while (source.hasNext()) {
                add(source.next(), parameter);
            }
        }

        void add(List<String> fields, String parameter) {
            records++;
            if (records > MAX_RECORDS) {
                throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, "At most " + MAX_RECORDS + " lines at once, blank"
                        + " ones included; split the list.", parameter);
            }
            String number = fields.isEmpty() ? "" : fields.get(0).strip();
            String creditCode = fields.size() > 1 && !fields.get(1).isBlank() ? fields.get(1).strip() : null;
            if (number.isEmpty() || (records == 1 && !number.matches(".*[0-9].*"))) {
                return;
            }
            if (all.size() == MAX_LINES) {
                throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, "At most " + MAX_LINES + " lines at once; split the"
                        + " list.", parameter);
            }
            all.add(new Line(records, number, creditCode));
        }
    }
}

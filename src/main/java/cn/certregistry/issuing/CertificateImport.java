package cn.certregistry.issuing;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.narayana.jta.QuarkusTransaction;

import cn.certregistry.body.ApprovalEvent;
import cn.certregistry.body.ApprovalHistory;
import cn.certregistry.body.CertificationBody;
import cn.certregistry.body.NumberPrefix;
import cn.certregistry.common.Csv;
import cn.certregistry.common.Problem;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.QueryParameters;

/**
 * Bulk issue from CSV for a body migrating its register. The file is read and every row checked like a
 * single issue before anything is written, so a problem with the file as a whole (columns, too many rows,
 * an unclosed quote) writes nothing. Valid rows are then written in batches; a certificate already in the
 * register under the same body is reported and left alone, so importing a file twice creates nothing twice.
 */
@ApplicationScoped
public class CertificateImport {

    private static final Logger LOG = Logger.getLogger(CertificateImport.class);
    public static final List<String> REQUIRED_COLUMNS = List.of("number", "scheme", "grade", "score", "scope", "issueDate",
            "expiryDate", "holderName", "holderCreditCode", "siteRegion");
    public static final List<String> OPTIONAL_COLUMNS = List.of("scoreScale", "subScores", "holderRegion", "siteAddress");
    public static final int MAX_ROWS = 50_000;
    private static final int BATCH = 1_000;

    @Inject
    IssuingService issuing;
    @Inject
    CertificateBatchWriter writer;

    public enum Result {
        IMPORTED, ALREADY_PRESENT, CONFLICT, FAILED
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RowReport(int row, String number, Result result, Problem problem) {
    }

    public record Report(int rows, int imported, int alreadyPresent, int conflicts, int failed, List<RowReport> results) {
    }

    /** A data row as read and checked: its certificate, or the problem that fails it. */
    record Row(int row, String number, IssuingService.Checked checked, ProblemException problem) {
    }

    /**
     * Imports a CSV file in two passes over it: the first only counts its rows, so that a file over
     * {@link #MAX_ROWS} is refused before anything is written; the second checks and writes the rows a
     * batch at a time, so memory holds one batch whatever the file's size.
     */
    public Report run(String bodyCode, Supplier<Reader> csv, String recordedBy) throws IOException {
        CertificationBody body = issuing.body(bodyCode);
        List<String> prefixes = NumberPrefix.ofBody(body);
        ApprovalHistory approvals = ApprovalEvent.history(body);
        try (Reader first = csv.get()) {
            Iterator<List<String>> records = records(first);
            header(records.next());
            for (int rows = 0; records.hasNext(); rows++) {
                if (rows == MAX_ROWS) {
                    throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, "At most " + MAX_ROWS
                            + " rows per file; split it. Nothing was imported.", "file");
                }
                records.next();
            }
        }
        List<RowReport> results = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        List<Row> batch = new ArrayList<>(BATCH);
        try (Reader second = csv.get()) {
            read(second, body, prefixes, approvals, row -> {
                batch.add(row);
                if (batch.size() == BATCH) {
                    results.addAll(imported(body, batch, seen, recordedBy));
                    batch.clear();
                }
            });
        }
        if (!batch.isEmpty()) {
            results.addAll(imported(body, batch, seen, recordedBy));
        }
        int imported = (int) results.stream().filter(r -> r.result() == Result.IMPORTED).count();
        int present = (int) results.stream().filter(r -> r.result() == Result.ALREADY_PRESENT).count();
        int conflicts = (int) results.stream().filter(r -> r.result() == Result.CONFLICT).count();
        return new Report(results.size(), imported, present, conflicts, results.size() - imported - present - conflicts,
                results);
    }

    /** One batch written in a transaction of its own. */
    private List<RowReport> imported(CertificationBody body, List<Row> batch, Map<String, Integer> seen, String recordedBy) {
        try {
            return QuarkusTransaction.requiringNew().call(() -> importBatch(body, batch, seen, recordedBy));
        } catch (RuntimeException e) {
            // a write failed where the checks did not foresee it: redo the batch row by row, so only that row fails
            LOG.warnf("Import batch from row %d failed as a whole (%s); retrying row by row", batch.get(0).row(), e.toString());
            List<RowReport> reports = new ArrayList<>();
            for (Row row : batch) {
                try {
                    reports.addAll(QuarkusTransaction.requiringNew().call(() -> importBatch(body, List.of(row), seen, recordedBy)));
                } catch (RuntimeException rowFailure) {
                    reports.add(new RowReport(row.row(), row.number(), Result.FAILED, Problem.of(
                            ProblemType.INVALID_CERTIFICATE, "This row could not be written.", null, null)));
                }
            }
            return reports;
        }
    }

    /** Reads the header and every row, checking each, and hands the rows on in the file's order. */
    void read(Reader csv, CertificationBody body, List<String> prefixes, ApprovalHistory approvals, Consumer<Row> sink) {
        Iterator<List<String>> records = records(csv);
        Map<String, Integer> columns = header(records.next());
        int row = 1; // the header is record 1 of the file
        while (records.hasNext()) {
            sink.accept(checked(++row, values(records.next(), columns), body, prefixes, approvals));
        }
    }

    /** The file's records after checking that its first names the columns. */
    private static Iterator<List<String>> records(Reader csv) {
        Iterator<List<String>> records = Csv.records(csv, "file").iterator();
        if (!records.hasNext()) {
            throw ProblemException.invalidParameter("file", "The file is empty; its first line names the columns: "
                    + String.join(",", REQUIRED_COLUMNS) + ".");
        }
        return records;
    }

    private Row checked(int row, Map<String, String> values, CertificationBody body, List<String> prefixes,
            ApprovalHistory approvals) {
        try {
            IssuingService.Checked checked = issuing.check(certificate(values));
            IssuingService.requireOwnNumber(body, prefixes, checked.number());
            IssuingService.requireApproval(body, approvals, checked.scheme().code(), checked.issueDate(), "issueDate");
            return new Row(row, checked.number(), checked, null);
        } catch (ProblemException e) {
            return new Row(row, values.get("number"), null, e);
        }
    }

    private List<RowReport> importBatch(CertificationBody body, List<Row> batch, Map<String, Integer> seen,
            String recordedBy) {
        Map<String, CertificateBatchWriter.Existing> existing = writer.existing(batch.stream().filter(r -> r.checked() != null)
                .map(Row::number).toList());
        Map<String, Integer> seenHere = new HashMap<>();
        List<IssuingService.Checked> toWrite = new ArrayList<>();
        List<RowReport> reports = new ArrayList<>();
        for (Row row : batch) {
            if (row.problem() != null) {
                reports.add(failed(row, row.problem()));
                continue;
            }
            Integer earlier = seen.containsKey(row.number()) ? seen.get(row.number())
                    : seenHere.putIfAbsent(row.number(), row.row());
            CertificateBatchWriter.Existing present = existing.get(row.number());
            List<String> differences = present == null ? List.of() : present.differences(row.checked());
            if (earlier != null) {
                reports.add(failed(row, new ProblemException(ProblemType.CONFLICT, "Row " + earlier + " has the same number.",
                        "number")));
            } else if (present != null && !present.bodyCode().equals(body.code)) {
                reports.add(failed(row, new ProblemException(ProblemType.CONFLICT, "Certificate " + row.number()
                        + " belongs to another body.", "number")));
            } else if (!differences.isEmpty()) {
                reports.add(new RowReport(row.row(), row.number(), Result.CONFLICT, Problem.of(ProblemType.CONFLICT,
                        "Certificate " + row.number() + " is in the register with another " + String.join(", ", differences)
                                + "; this row was not imported.", null, differences.get(0))));
            } else if (present != null) {
                reports.add(new RowReport(row.row(), row.number(), Result.ALREADY_PRESENT, null));
            } else {
                toWrite.add(row.checked());
                reports.add(new RowReport(row.row(), row.number(), Result.IMPORTED, null));
            }
        }
        writer.write(body, toWrite, recordedBy);
        seen.putAll(seenHere);
        return reports;
    }

    private static RowReport failed(Row row, ProblemException problem) {
        return new RowReport(row.row(), row.number(), Result.FAILED, Problem.of(problem.type(), problem.getMessage(), null,
                problem.parameter()));
    }

    private static Map<String, Integer> header(List<String> names) {
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).strip();
            if (!REQUIRED_COLUMNS.contains(name) && !OPTIONAL_COLUMNS.contains(name)) {
                throw ProblemException.invalidParameter("file", "Unknown column '" + name + "'. Columns: "
                        + String.join(",", REQUIRED_COLUMNS) + " and optionally " + String.join(",", OPTIONAL_COLUMNS) + ".");
            }
            if (columns.put(name, i) != null) {
                throw ProblemException.invalidParameter("file", "The column '" + name + "' appears twice.");
            }
        }
        List<String> missing = REQUIRED_COLUMNS.stream().filter(c -> !columns.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw ProblemException.invalidParameter("file", "Missing columns: " + String.join(",", missing) + ".");
        }
        return columns;
    }

    private static Map<String, String> values(List<String> fields, Map<String, Integer> columns) {
        Map<String, String> values = new HashMap<>();
        columns.forEach((name, index) -> {
            String value = index < fields.size() ? fields.get(index).strip() : "";
            values.put(name, value.isEmpty() ? null : value);
        });
        return values;
    }

    private static NewCertificate certificate(Map<String, String> values) {
        return new NewCertificate(values.get("number"), values.get("scheme"), values.get("grade"),
                decimal("score", values.get("score")),
                scale(values.get("scoreScale")),
                subScores(values.get("subScores")), values.get("scope"), date("issueDate", values.get("issueDate")),
                date("expiryDate", values.get("expiryDate")), values.get("holderName"), values.get("holderCreditCode"),
                values.get("holderRegion"), values.get("siteRegion"), values.get("siteAddress"));
    }

    /** {@code SERVICE_SYSTEM=37;PRODUCT_SERVICE=33;CUSTOMER_SERVICE=22} */
    private static Map<String, BigDecimal> subScores(String value) {
        if (value == null) {
            return null;
        }
        Map<String, BigDecimal> scores = new LinkedHashMap<>();
        for (String part : value.split(";")) {
            String[] pair = part.split("=", 2);
            if (pair.length != 2 || pair[0].isBlank()) {
                throw new ProblemException(ProblemType.INVALID_CERTIFICATE, "Write sub-scores as CODE=points;CODE=points.",
                        "subScores");
            }
            scores.put(pair[0].strip(), decimal("subScores", pair[1]));
        }
        return scores;
    }

    private static Integer scale(String value) {
        try {
            return value == null ? null : Integer.valueOf(value);
        } catch (NumberFormatException e) {
            throw new ProblemException(ProblemType.INVALID_CERTIFICATE, "'scoreScale' must be 100 or 1000, not '" + value
                    + "'.", "scoreScale");
        }
    }

    private static BigDecimal decimal(String column, String value) {
        if (value == null) {
            return null;
        }
        try {
            BigDecimal decimal = new BigDecimal(value.strip());
            if (decimal.scale() > 2 || decimal.precision() - decimal.scale() > 5) {
                throw new NumberFormatException();
            }
            return decimal;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ProblemException(ProblemType.INVALID_CERTIFICATE, "'" + column + "' must be a number with at most"
                    + " two decimals, not '" + value + "'.", column);
        }
    }

    private static LocalDate date(String column, String value) {
        if (value == null) {
            return null;
        }
        try {
            return QueryParameters.parseDate(column, value);
        } catch (ProblemException e) {
            throw new ProblemException(ProblemType.INVALID_CERTIFICATE, e.getMessage(), column);
        }
    }

}

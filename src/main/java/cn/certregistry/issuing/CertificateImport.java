package cn.certregistry.issuing;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
import cn.certregistry.common.RegistryConfig;

/**
 * Bulk issue from CSV for a body migrating its register. The file is read and every row checked like a
 * single issue before anything is written, so a problem with the file as a whole (columns, too many rows,
 * an unclosed quote) writes nothing. Valid rows are then written with COPY into a staging table and moved into
 * the register by one statement, all in one transaction; a certificate already in the register under the same
 * body is reported and left alone, so importing a file twice creates nothing twice.
 */
@ApplicationScoped
public class CertificateImport {

    private static final Logger LOG = Logger.getLogger(CertificateImport.class);
    public static final List<String> REQUIRED_COLUMNS = List.of("number", "scheme", "grade", "score", "scope", "issueDate",
            "expiryDate", "holderName", "holderCreditCode", "siteRegion");
    public static final List<String> OPTIONAL_COLUMNS = List.of("scoreScale", "subScores", "holderRegion", "siteAddress");
    private static final int BATCH = 1_000;

    @Inject
    IssuingService issuing;
    @Inject
    RegistryConfig config;
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
     * {@link RegistryConfig#importMaxRows()} is refused before anything is written; the second checks each row and
     * streams those that pass into the staging table, so memory holds a few facts per row, not the rows.
     */
    public Report run(String bodyCode, Supplier<Reader> csv, String recordedBy) throws IOException {
        CertificationBody body = issuing.body(bodyCode);
        List<String> prefixes = NumberPrefix.ofBody(body);
        ApprovalHistory approvals = ApprovalEvent.history(body);
        try (Reader first = csv.get()) {
            Iterator<List<String>> records = records(first);
            header(records.next());
            int maxRows = config.importMaxRows();
            for (int rows = 0; records.hasNext(); rows++) {
                if (rows == maxRows) {
                    throw new ProblemException(ProblemType.CONTENT_TOO_LARGE, "At most " + maxRows
                            + " rows per file; split it. Nothing was imported.", "file");
                }
                records.next();
            }
        }
        List<RowReport> results = new ArrayList<>();
        List<Staged> staged = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        try (CertificateBatchWriter.Staging staging = writer.staging(body, recordedBy)) {
            try (Reader second = csv.get()) {
                read(second, body, prefixes, approvals, row -> {
                    if (row.problem() != null) {
                        results.add(failed(row, row.problem()));
                        return;
                    }
                    Integer earlier = seen.putIfAbsent(row.number(), row.row());
                    if (earlier != null) {
                        results.add(failed(row, sameNumber(earlier)));
                        return;
                    }
                    staged.add(new Staged(row.row(), row.number(), CertificateBatchWriter.Facts.of(row.checked()),
                            results.size()));
                    results.add(null);
                    staging.add(row.row(), row.checked());
                });
            }
            staging.finish();
            try {
                QuarkusTransaction.requiringNew().run(() -> written(body, staging, staged, results));
            } catch (RuntimeException e) {
                // a write failed where the checks did not foresee it, and the transaction took the whole file back:
                // write it again a batch at a time, each batch row by row where it fails, so only the rows at fault fail
                LOG.warnf("Import through the staging table failed as a whole (%s); writing it a batch at a time",
                        e.toString());
                return batched(body, prefixes, approvals, csv, recordedBy);
            }
        }
        return report(results);
    }

    /** A row that passed every check, on its way through the staging table, and where its report goes. */
    private record Staged(int row, String number, CertificateBatchWriter.Facts facts, int report) {
    }

    /**
     * Writes the staged rows in one transaction: one COPY into the staging table, one statement that finds those
     * already in the register, and one that moves the rest; their reports take the places kept for them.
     */
    private void written(CertificationBody body, CertificateBatchWriter.Staging staging, List<Staged> staged,
            List<RowReport> results) {
        if (staged.isEmpty()) {
            return;
        }
        writer.copy(staging);
        Map<Integer, CertificateBatchWriter.Existing> present = writer.stagedPresent(staging.id);
        List<Staged> toWrite = new ArrayList<>();
        for (Staged row : staged) {
            CertificateBatchWriter.Existing existing = present.get(row.row());
            if (existing == null) {
                toWrite.add(row);
            } else {
                results.set(row.report(), present(body, row, existing));
            }
        }
        Set<String> moved = new HashSet<>();
        if (!toWrite.isEmpty()) {
            moved.addAll(writer.move(staging.id, body));
            if (moved.size() < toWrite.size()) {
                // a holder that another import entered while this one ran is seen by a statement begun after it
                moved.addAll(writer.move(staging.id, body));
            }
        }
        List<String> taken = toWrite.stream().map(Staged::number).filter(number -> !moved.contains(number)).toList();
        Map<String, CertificateBatchWriter.Existing> meanwhile = taken.isEmpty() ? Map.of() : writer.existing(taken);
        for (Staged row : toWrite) {
            CertificateBatchWriter.Existing other = meanwhile.get(row.number());
            results.set(row.report(), moved.contains(row.number()) ? new RowReport(row.row(), row.number(), Result.IMPORTED, null)
                    : other != null ? present(body, row, other)
                    : new RowReport(row.row(), row.number(), Result.FAILED, Problem.of(ProblemType.INVALID_CERTIFICATE,
                            "This row could not be written.", null, null)));
        }
        writer.unstage(staging.id);
    }

    /** The report of a row whose number is in the register: the same certificate, or a conflict. */
    private static RowReport present(CertificationBody body, Staged row, CertificateBatchWriter.Existing existing) {
        if (!existing.bodyCode().equals(body.code)) {
            return new RowReport(row.row(), row.number(), Result.FAILED, Problem.of(ProblemType.CONFLICT, "Certificate "
                    + row.number() + " belongs to another body.", null, "number"));
        }
        List<String> differences = existing.differences(row.facts());
        if (!differences.isEmpty()) {
            return new RowReport(row.row(), row.number(), Result.CONFLICT, Problem.of(ProblemType.CONFLICT, "Certificate "
                    + row.number() + " is in the register with another " + String.join(", ", differences)
                    + "; this row was not imported.", null, differences.get(0)));
        }
        return new RowReport(row.row(), row.number(), Result.ALREADY_PRESENT, null);
    }

    private static ProblemException sameNumber(int earlier) {
        return new ProblemException(ProblemType.CONFLICT, "Row " + earlier + " has the same number.", "number");
    }

    private static Report report(List<RowReport> results) {
        int imported = (int) results.stream().filter(r -> r.result() == Result.IMPORTED).count();
        int present = (int) results.stream().filter(r -> r.result() == Result.ALREADY_PRESENT).count();
        int conflicts = (int) results.stream().filter(r -> r.result() == Result.CONFLICT).count();
        return new Report(results.size(), imported, present, conflicts, results.size() - imported - present - conflicts,
                results);
    }

    /** The import a batch at a time, each in a transaction of its own: the way back when the staged import failed. */
    private Report batched(CertificationBody body, List<String> prefixes, ApprovalHistory approvals, Supplier<Reader> csv,
            String recordedBy) throws IOException {
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
        return report(results);
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
                reports.add(failed(row, sameNumber(earlier)));
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

package cn.certregistry.issuing;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.narayana.jta.QuarkusTransaction;

import cn.certregistry.body.CertificationBody;
import cn.certregistry.common.Csv;
import cn.certregistry.common.Problem;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.QueryParameters;
import cn.certregistry.register.Certificate;

/**
 * Bulk issue from CSV for a body migrating its register. Every row is checked like a single issue;
 * valid rows are written in batches; a certificate already in the register under the same body is
 * reported and left alone, so importing a file twice creates nothing twice.
 */
@ApplicationScoped
public class CertificateImport {

    private static final Logger LOG = Logger.getLogger(CertificateImport.class);
    public static final List<String> REQUIRED_COLUMNS = List.of("number", "scheme", "grade", "score", "scope", "issueDate",
            "expiryDate", "holderName", "holderCreditCode", "siteRegion");
    public static final List<String> OPTIONAL_COLUMNS = List.of("scoreScale", "subScores", "holderRegion", "siteAddress");
    public static final int MAX_ROWS = 50_000;
    private static final int BATCH = 500;

    @Inject
    IssuingService issuing;

    public enum Result {
        IMPORTED, ALREADY_PRESENT, FAILED
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record RowReport(int row, String number, Result result, Problem problem) {
    }

    public record Report(int rows, int imported, int alreadyPresent, int failed, List<RowReport> results) {
    }

    public Report run(String bodyCode, String csv, String recordedBy) {
        List<List<String>> records = Csv.parse(csv);
        if (records.isEmpty()) {
            throw ProblemException.invalidParameter("file", "The file is empty; its first line names the columns: "
                    + String.join(",", REQUIRED_COLUMNS) + ".");
        }
        Map<String, Integer> columns = header(records.get(0));
        if (records.size() - 1 > MAX_ROWS) {
            throw ProblemException.invalidParameter("file", "At most " + MAX_ROWS + " rows per file; split it.");
        }
        List<RowReport> results = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int start = 1; start < records.size(); start += BATCH) {
            List<List<String>> batch = records.subList(start, Math.min(records.size(), start + BATCH));
            int first = start;
            try {
                results.addAll(QuarkusTransaction.requiringNew().call(() -> importBatch(bodyCode, batch, first, columns,
                        seen, recordedBy)));
            } catch (RuntimeException e) {
                // a write failed where the checks did not foresee it: redo the batch row by row, so only that row fails
                LOG.warnf("Import batch from row %d failed as a whole (%s); retrying row by row", first + 1, e.toString());
                for (int i = 0; i < batch.size(); i++) {
                    List<List<String>> one = List.of(batch.get(i));
                    int row = first + i;
                    try {
                        results.addAll(QuarkusTransaction.requiringNew().call(() -> importBatch(bodyCode, one, row, columns,
                                seen, recordedBy)));
                    } catch (RuntimeException rowFailure) {
                        results.add(new RowReport(row + 1, null, Result.FAILED, Problem.of(ProblemType.INVALID_CERTIFICATE,
                                "This row could not be written.", null, null)));
                    }
                }
            }
        }
        int imported = (int) results.stream().filter(r -> r.result() == Result.IMPORTED).count();
        int present = (int) results.stream().filter(r -> r.result() == Result.ALREADY_PRESENT).count();
        return new Report(results.size(), imported, present, results.size() - imported - present, results);
    }

    private List<RowReport> importBatch(String bodyCode, List<List<String>> batch, int first, Map<String, Integer> columns,
            Map<String, Integer> seen, String recordedBy) {
        CertificationBody body = issuing.body(bodyCode);
        Map<String, Integer> seenHere = new HashMap<>(seen);
        List<RowReport> reports = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            int row = first + i + 1; // 1-based line number in the file, the header being line 1
            Map<String, String> values = values(batch.get(i), columns);
            String number = values.get("number");
            try {
                IssuingService.Checked checked = issuing.check(certificate(values));
                number = checked.number();
                Integer earlier = seenHere.putIfAbsent(number, row);
                if (earlier != null) {
                    throw new ProblemException(ProblemType.CONFLICT, "Row " + earlier + " has the same number.", "number");
                }
                var existing = Certificate.findByNumber(number);
                if (existing.isPresent()) {
                    if (!existing.get().body.code.equals(bodyCode)) {
                        throw new ProblemException(ProblemType.CONFLICT, "Certificate " + number + " belongs to another body.",
                                "number");
                    }
                    reports.add(new RowReport(row, number, Result.ALREADY_PRESENT, null));
                    continue;
                }
                issuing.write(body, checked, recordedBy);
                reports.add(new RowReport(row, number, Result.IMPORTED, null));
            } catch (ProblemException e) {
                reports.add(new RowReport(row, number, Result.FAILED, Problem.of(e.type(), e.getMessage(), null, e.parameter())));
            }
        }
        seen.putAll(seenHere);
        return reports;
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
                values.get("scoreScale") == null ? null : decimal("scoreScale", values.get("scoreScale")).intValueExact(),
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

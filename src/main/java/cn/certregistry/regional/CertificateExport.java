package cn.certregistry.regional;

import java.io.BufferedWriter;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.DigestOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import java.util.zip.Deflater;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.streaming.SheetDataWriter;
import org.jboss.logging.Logger;

import cn.certregistry.common.Csv;
import cn.certregistry.common.Hashes;
import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;
import cn.certregistry.common.RegistryConfig;
import cn.certregistry.region.RegionService;
import cn.certregistry.register.CertificateQueries;
import cn.certregistry.register.CertificateSearch;
import cn.certregistry.scheme.Scheme;
import cn.certregistry.scheme.SchemeCatalogue;
import cn.certregistry.web.Messages;
import cn.certregistry.web.WebPages;

/**
 * Streams every certificate a search matches as CSV or XLSX: rows come from one database statement as the
 * driver fetches them and go straight out as bytes (XLSX keeps 100 rows in memory and the rest in a compressed
 * temporary file), so a province's 100 000 rows never sit in memory at once. Each ends with a line that counts its rows,
 * so that a cut download is seen to be incomplete.
 */
@ApplicationScoped
public class CertificateExport {

    private static final Logger LOG = Logger.getLogger(CertificateExport.class);
    /** An XLSX sheet holds 1 048 576 rows, and its rows wait in a temporary file until the end. */
    static final int XLSX_MAX_ROWS = 1_000_000;

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
    @Inject
    ExportSignatures signatures;
    private final Semaphore slots;

    @Inject
    CertificateExport(RegistryConfig config) {
        slots = new Semaphore(config.exportsAtOnce());
    }

    /** How an export writes the filtered list and what it is a snapshot of; it answers how many rows it wrote. */
    public interface Format {
        long write(CertificateSearch.Filters filters, String language, ExportSignatures.Snapshot snapshot, OutputStream out);
    }

    /**
     * Streams one export to its client. A client that leaves (a closed connection, a download cut short) ends it
     * quietly: the answer has begun, so nothing more can be said, and the register did not fail.
     */
    public void stream(Format format, CertificateSearch.Filters filters, String language, ExportSignatures.Snapshot snapshot,
            OutputStream out) {
        try {
            DigestOutputStream hashed = new DigestOutputStream(new ToClient(out), Hashes.sha256());
            long rows = format.write(filters, language, snapshot, hashed);
            hashed.flush();
            signatures.sign(snapshot, rows, hashed.getMessageDigest().digest());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            if (!clientLeft(e)) {
                throw e;
            }
            LOG.debugf("The client left an export: %s", e);
        }
    }

    private static boolean clientLeft(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ClientLeft) {
                return true;
            }
        }
        return false;
    }

    /** A write to the client that failed; POI and the CSV writer wrap it, so it is told from their own failures by type. */
    private static final class ClientLeft extends IOException {
        ClientLeft(IOException cause) {
            super(cause);
        }
    }

    private static final class ToClient extends FilterOutputStream {
        ToClient(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw new ClientLeft(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new ClientLeft(e);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw new ClientLeft(e);
            }
        }
    }

    /** The cells of an export's last line: how many rows, and what it is a snapshot of, and where its signature is. */
    private List<String> last(String count, ExportSignatures.Snapshot snapshot, Messages words) {
        return List.of(count, words.exportFacts(snapshot.time(), snapshot.logSize()), words.exportAddress(snapshot.address()),
                words.exportSignature(signatures.signatureUrl(snapshot)));
    }

    public long csv(CertificateSearch.Filters filters, String language, ExportSignatures.Snapshot snapshot, OutputStream out) {
        try {
            BufferedWriter writer = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
            Messages words = pages.words(language);
            writer.write('\uFEFF'); // so that spreadsheet programs read the Chinese as UTF-8
            writer.write(Csv.line(columns(words)));
            long[] rows = {0};
            rows(filters, language, Long.MAX_VALUE, row -> {
                rows[0]++;
                try {
                    writer.write(Csv.line(row));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            writer.write(Csv.line(last(words.exportComplete(rows[0]), snapshot, words)));
            writer.flush();
            return rows[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public long xlsx(CertificateSearch.Filters filters, String language, ExportSignatures.Snapshot snapshot, OutputStream out) {
        return xlsx(filters, language, snapshot, XLSX_MAX_ROWS, out);
    }

    long xlsx(CertificateSearch.Filters filters, String language, ExportSignatures.Snapshot snapshot, long maxRows,
            OutputStream out) {
        try (SXSSFWorkbook workbook = new FastWorkbook()) {
            Messages words = pages.words(language);
            Sheet sheet = workbook.createSheet(words.exportSheet());
            Row header = sheet.createRow(0);
            List<String> columns = columns(words);
            for (int i = 0; i < columns.size(); i++) {
                header.createCell(i).setCellValue(columns.get(i));
            }
            int[] next = {1};
            boolean stopped = rows(filters, language, maxRows, values -> {
                Row row = sheet.createRow(next[0]++);
                for (int i = 0; i < values.size(); i++) {
                    row.createCell(i).setCellValue(values.get(i));
                }
            });
            long rows = next[0] - 1;
            Row last = sheet.createRow(next[0]);
            List<String> cells = last(stopped ? words.exportStopped(rows) : words.exportComplete(rows), snapshot, words);
            for (int i = 0; i < cells.size(); i++) {
                last.createCell(i).setCellValue(cells.get(i));
            }
            workbook.write(out);
            workbook.dispose();
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Takes one of the pod's export slots (each export reads the database while it streams), or refuses. */
    public void admit() {
        if (!slots.tryAcquire()) {
            throw new ProblemException(ProblemType.TOO_MANY_REQUESTS, "As many exports as this server streams at once are"
                    + " running; try again in a few seconds.", null);
        }
    }

    public void release() {
        slots.release();
    }

    /** Sends the first {@code limit} rows to the sink; true when more matched. */
    private boolean rows(CertificateSearch.Filters filters, String language, long limit, Consumer<List<String>> sink) {
        // a region's path and a grade's name are the same for thousands of rows: each is looked up once per export
        Map<String, String> paths = new HashMap<>();
        Map<String, String[]> gradeNames = new HashMap<>();
        return queries.export(filters, limit, row -> {
            String[] scheme = gradeNames.computeIfAbsent(row.schemeCode() + " " + row.gradeCode(), key -> {
                Scheme found = schemes.find(row.schemeCode()).orElseThrow();
                return new String[] {found.name().get(language),
                        found.grade(row.gradeCode()).map(g -> g.name().get(language)).orElse(row.gradeCode())};
            });
            sink.accept(List.of(row.number(), row.holderName(), row.holderCreditCode(), scheme[0], scheme[1],
                    row.score().toPlainString() + "/" + row.scoreScale(), row.status().label.get(language),
                    row.issueDate().toString(), row.expiryDate().toString(), row.bodyName(),
                    paths.computeIfAbsent(row.siteRegionCode(), code -> regions.reference(code).path()),
                    row.siteAddress() == null ? "" : row.siteAddress()));
        });
    }

    /**
     * POI's streaming writer with inline strings (no shared-strings table to hold in memory), which keeps 100 rows in
     * memory and the rest in a temporary file, compressed as fast as deflate goes, as is the file sent: the fastest
     * level makes an XLSX about a tenth larger and several times quicker to write than the default.
     */
    private static final class FastWorkbook extends SXSSFWorkbook {

        FastWorkbook() {
            super(null, 100, true, false);
        }

        @Override
        protected ZipArchiveOutputStream createArchiveOutputStream(OutputStream stream) {
            ZipArchiveOutputStream zip = super.createArchiveOutputStream(stream);
            zip.setLevel(Deflater.BEST_SPEED);
            return zip;
        }

        @Override
        protected SheetDataWriter createSheetDataWriter() throws IOException {
            return new SheetDataWriter() {
                @Override
                protected OutputStream decorateOutputStream(FileOutputStream file) throws IOException {
                    return new GZIPOutputStream(file, 64 * 1024) {
                        {
                            def.setLevel(Deflater.BEST_SPEED);
                        }
                    };
                }

                @Override
                protected InputStream decorateInputStream(FileInputStream file) throws IOException {
                    return new GZIPInputStream(file, 64 * 1024);
                }
            };
        }
    }
}

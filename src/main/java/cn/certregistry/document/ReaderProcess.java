package cn.certregistry.document;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The bid file reader as a process of its own: what the server starts for every bid file, so that a hostile document
 * is stopped for good at its deadline (the process is killed) and its memory is its own (the process's heap). It
 * reads a {@link Request} on its standard input and writes an {@link Answer} on its standard output, both in the small
 * binary form below; nothing else of the server runs in it. Free of framework types.
 */
public final class ReaderProcess {

    /** What to read: the files, the limits of all of them together, the deadline, and what a printed number looks like. */
    public record Request(List<Path> files, DocumentLimits limits, Instant deadline, Pattern numbers) {
    }

    /** What was read: each file in the request's order, or why the files were refused. */
    public record Answer(List<DocumentReader.Read> reads, DocumentRefused refused) {
    }

    /**
     * How far a reading is, told as each page is read: the pages read so far, the pages of the files opened so far (all
     * of them once the last file is open), and the QR codes and printed numbers found on the pages read.
     */
    @FunctionalInterface
    public interface Progress {

        Progress NONE = (pagesRead, pagesKnown, found) -> {
        };

        void at(int pagesRead, int pagesKnown, int found);
    }

    /** A line the process writes on its standard error for every page read; anything else there is not progress. */
    static final String PROGRESS_LINE = "progress %d %d %d%n";

    private ReaderProcess() {
    }

    public static void main(String[] args) throws IOException {
        Request request = readRequest(new BufferedInputStream(System.in));
        Answer answer;
        try {
            answer = new Answer(read(request, (pagesRead, pagesKnown, found) -> {
                System.err.printf(PROGRESS_LINE, pagesRead, pagesKnown, found);
                System.err.flush();
            }), null);
        } catch (DocumentRefused refused) {
            answer = new Answer(List.of(), refused);
        }
        OutputStream out = new BufferedOutputStream(System.out);
        writeAnswer(answer, out);
        out.flush();
        System.exit(0);
    }

    /**
     * Reads the files one after another: the pages they may have together are shared out as they are read; {@code progress}
     * is told of every page.
     */
    static List<DocumentReader.Read> read(Request request, Progress progress) throws DocumentRefused {
        List<DocumentReader.Read> reads = new ArrayList<>();
        int[] pagesBefore = {0};
        int[] found = {0};
        DocumentLimits limits = request.limits();
        int pagesLeft = limits.maxPages();
        for (Path file : request.files()) {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (IOException e) {
                throw new DocumentRefused(DocumentRefused.Reason.MALFORMED, "The file cannot be read.", e);
            }
            if (bytes.length == 0) {
                reads.add(new DocumentReader.Read(0, List.of()));
                continue;
            }
            if (pagesLeft <= 0) {
                throw new DocumentRefused(DocumentRefused.Reason.TOO_MANY_PAGES, "The files have more than " + limits.maxPages()
                        + " pages together; at most that many are read at once.");
            }
            DocumentReader.Read read = DocumentReader.read(bytes, limits.withPages(pagesLeft), request.deadline(), request.numbers(),
                    (page, pages, codesAndNumbers) -> progress.at(pagesBefore[0] + page, pagesBefore[0] + pages,
                            found[0] += codesAndNumbers));
            pagesLeft -= read.allPages();
            pagesBefore[0] += read.allPages();
            reads.add(read);
        }
        return reads;
    }

    static void writeRequest(Request request, OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        DocumentLimits limits = request.limits();
        out.writeLong(limits.maxBytes());
        out.writeInt(limits.maxPages());
        out.writeInt(limits.dpi());
        out.writeLong(limits.maxPixels());
        out.writeLong(limits.maxImagePixels());
        out.writeLong(limits.maxDecodedPerPage());
        out.writeLong(limits.maxDecodedPerFile());
        out.writeLong(limits.maxTime().toMillis());
        out.writeLong(request.deadline().toEpochMilli());
        writeText(out, request.numbers().pattern());
        out.writeInt(request.files().size());
        for (Path file : request.files()) {
            writeText(out, file.toAbsolutePath().toString());
        }
        out.flush();
    }

    static Request readRequest(InputStream stream) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        DocumentLimits limits = new DocumentLimits(in.readLong(), in.readInt(), in.readInt(), in.readLong(), in.readLong(),
                in.readLong(), in.readLong(), Duration.ofMillis(in.readLong()));
        Instant deadline = Instant.ofEpochMilli(in.readLong());
        Pattern numbers = Pattern.compile(readText(in));
        int count = in.readInt();
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            files.add(Path.of(readText(in)));
        }
        return new Request(files, limits, deadline, numbers);
    }

    static void writeAnswer(Answer answer, OutputStream stream) throws IOException {
        DataOutputStream out = new DataOutputStream(stream);
        if (answer.refused() != null) {
            out.writeBoolean(false);
            writeText(out, answer.refused().reason().name());
            writeText(out, String.valueOf(answer.refused().getMessage()));
            out.flush();
            return;
        }
        out.writeBoolean(true);
        out.writeInt(answer.reads().size());
        for (DocumentReader.Read read : answer.reads()) {
            writeRead(read, out);
            out.writeInt(read.attachments().size());
            for (DocumentReader.Attached attached : read.attachments()) {
                writeText(out, attached.name());
                writeRead(attached.read(), out);
            }
        }
        out.flush();
    }

    private static void writeRead(DocumentReader.Read read, DataOutputStream out) throws IOException {
        out.writeInt(read.pages());
        out.writeInt(read.found().size());
        for (DocumentReader.Page page : read.found()) {
            out.writeInt(page.number());
            writeTexts(out, page.codes());
            writeTexts(out, page.printedNumbers());
            out.writeBoolean(page.unreadableCode());
            out.writeInt(page.thumbnail() == null ? -1 : page.thumbnail().length);
            if (page.thumbnail() != null) {
                out.write(page.thumbnail());
            }
            writeText(out, page.text());
        }
        out.writeInt(read.signatures().size());
        for (PdfSignatures.Signature signature : read.signatures()) {
            out.writeBoolean(signature.coversWholeFile());
            out.writeBoolean(signature.verifies());
            byte[] certificate = signature.signerCertificate();
            out.writeInt(certificate == null ? -1 : certificate.length);
            if (certificate != null) {
                out.write(certificate);
            }
        }
    }

    /**
     * The answer of a reader process. It read hostile bytes, so what it says is checked as input is: counts and lengths
     * are bounded before anything is allocated.
     */
    static Answer readAnswer(InputStream stream, int maxPages) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        if (!in.readBoolean()) {
            DocumentRefused.Reason reason;
            try {
                reason = DocumentRefused.Reason.valueOf(readText(in));
            } catch (IllegalArgumentException e) {
                throw new IOException("The reader gave an unknown reason", e);
            }
            return new Answer(List.of(), new DocumentRefused(reason, readText(in)));
        }
        int files = bounded(in.readInt(), 10_000);
        List<DocumentReader.Read> reads = new ArrayList<>();
        for (int f = 0; f < files; f++) {
            DocumentReader.Read read = readRead(in, maxPages);
            int attachedCount = bounded(in.readInt(), PdfAttachments.MAX_ATTACHMENTS);
            List<DocumentReader.Attached> attachments = new ArrayList<>();
            int pagesLeft = maxPages - read.pages();
            for (int a = 0; a < attachedCount; a++) {
                String name = readText(in);
                if (name.length() > PdfAttachments.MAX_NAME) {
                    throw new IOException("The reader's answer holds an attachment name of " + name.length() + " characters");
                }
                DocumentReader.Read attached = readRead(in, pagesLeft);
                pagesLeft -= attached.pages();
                attachments.add(new DocumentReader.Attached(name, attached));
            }
            reads.add(new DocumentReader.Read(read.pages(), read.found(), read.signatures(), attachments));
        }
        return new Answer(reads, null);
    }

    /** One document of the answer, of at most {@code maxPages} pages, without its attachments. */
    private static DocumentReader.Read readRead(DataInputStream in, int maxPages) throws IOException {
        int pages = bounded(in.readInt(), maxPages);
        int found = bounded(in.readInt(), pages);
        List<DocumentReader.Page> foundPages = new ArrayList<>();
        for (int p = 0; p < found; p++) {
            int number = bounded(in.readInt(), pages);
            List<String> codes = readTexts(in);
            List<String> printed = readTexts(in);
            boolean unreadable = in.readBoolean();
            int thumbnailLength = in.readInt();
            byte[] thumbnail = thumbnailLength < 0 ? null : in.readNBytes(bounded(thumbnailLength, 1 << 20));
            String text = readText(in);
            if (text.length() > DocumentReader.MAX_PAGE_TEXT) {
                throw new IOException("The reader's answer holds a page text of " + text.length() + " characters");
            }
            foundPages.add(new DocumentReader.Page(number, codes, printed, unreadable, thumbnail, text));
        }
        int signatureCount = bounded(in.readInt(), PdfSignatures.MAX_SIGNATURES);
        List<PdfSignatures.Signature> signatures = new ArrayList<>();
        for (int s = 0; s < signatureCount; s++) {
            boolean whole = in.readBoolean();
            boolean verifies = in.readBoolean();
            int certificateLength = in.readInt();
            byte[] certificate = certificateLength < 0 ? null
                    : in.readNBytes(bounded(certificateLength, PdfSignatures.MAX_CMS_BYTES));
            signatures.add(new PdfSignatures.Signature(whole, verifies, certificate));
        }
        return new DocumentReader.Read(pages, foundPages, signatures);
    }

    private static int bounded(int value, int max) throws IOException {
        if (value < 0 || value > max) {
            throw new IOException("The reader's answer holds " + value + " where at most " + max + " may be");
        }
        return value;
    }

    /** Texts as UTF-8 of any length (a QR code may hold some 3 000 characters, a pattern many prefixes). */
    private static void writeText(DataOutputStream out, String text) throws IOException {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInputStream in) throws IOException {
        return new String(in.readNBytes(bounded(in.readInt(), 1 << 20)), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void writeTexts(DataOutputStream out, List<String> texts) throws IOException {
        out.writeInt(texts.size());
        for (String text : texts) {
            writeText(out, text);
        }
    }

    private static List<String> readTexts(DataInputStream in) throws IOException {
        int count = bounded(in.readInt(), 10_000);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(readText(in));
        }
        return texts;
    }
}

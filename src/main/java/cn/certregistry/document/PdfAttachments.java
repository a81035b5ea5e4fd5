package cn.certregistry.document;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentNameDictionary;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDNameTreeNode;
import org.apache.pdfbox.pdmodel.common.filespecification.PDComplexFileSpecification;
import org.apache.pdfbox.pdmodel.common.filespecification.PDEmbeddedFile;
import org.apache.pdfbox.pdmodel.common.filespecification.PDFileSpecification;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationFileAttachment;

import cn.certregistry.document.DocumentRefused.Reason;

/**
 * The PDFs attached to a PDF (its {@code EmbeddedFiles} name tree and its file-attachment annotations): a bidder
 * attaches the e-certificate itself rather than a printout of it, and that file's pages and signatures are what prove
 * it. Read within the host's {@link Reading} (the same time, and their bytes decoded count toward the file's), their
 * pages toward the pages read at once, at most {@link #MAX_ATTACHMENTS} of them, one level deep. An attachment that is
 * not a PDF (a spreadsheet, a Word file) or does not parse is left unread: it holds no e-certificate.
 */
final class PdfAttachments {

    /** More attached files than this and the PDF is refused: a bid attaches its certificates, not an archive. */
    static final int MAX_ATTACHMENTS = 8;
    /** The longest attachment name reported; a longer one is cut. */
    static final int MAX_NAME = 120;
    /** Nodes of the name tree visited, and their depth: a tree that points back at itself is walked no further. */
    private static final int MAX_TREE_NODES = 64;
    private static final int MAX_TREE_DEPTH = 8;

    private record Embedded(String name, PDEmbeddedFile file) {
    }

    private PdfAttachments() {
    }

    /** The attached PDFs read, their pages numbered for {@code listener} after the host's {@code hostPages}. */
    static List<DocumentReader.Attached> read(PDDocument document, DocumentLimits limits, int hostPages, Reading reading,
            Pattern numbers, DocumentReader.PageListener listener) throws DocumentRefused {
        List<Embedded> embedded = embedded(document, reading);
        List<DocumentReader.Attached> attached = new ArrayList<>();
        int pagesBefore = hostPages;
        for (int index = 0; index < embedded.size(); index++) {
            Embedded each = embedded.get(index);
            reading.beginPass("attached file " + (index + 1));
            byte[] bytes = bytes(each.file(), limits, reading);
            if (bytes == null || !DocumentReader.startsWith(bytes, "%PDF-".getBytes())) {
                continue;
            }
            int pagesLeft = limits.maxPages() - pagesBefore;
            if (pagesLeft <= 0) {
                throw new DocumentRefused(Reason.TOO_MANY_PAGES, "The PDF and its attached PDFs have more than " + limits.maxPages()
                        + " pages together; at most that many are read at once.");
            }
            int offset = pagesBefore;
            DocumentReader.Read read;
            try {
                read = DocumentReader.pdf(bytes, limits.withPages(pagesLeft), reading, numbers,
                        (page, pages, found) -> listener.pageRead(offset + page, offset + pages, found), false);
            } catch (DocumentRefused refused) {
                if (refused.reason() == Reason.MALFORMED || refused.reason() == Reason.ENCRYPTED) {
                    reading.check(); // a bound passed inside it is the host's refusal; a file that does not parse is none
                    continue;
                }
                throw refused;
            }
            pagesBefore += read.pages();
            attached.add(new DocumentReader.Attached(each.name(), read));
        }
        return attached;
    }

    /** The attached files, each once (a file both in the name tree and in an annotation is one), in the file's order. */
    private static List<Embedded> embedded(PDDocument document, Reading reading) throws DocumentRefused {
        List<Embedded> embedded = new ArrayList<>();
        Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            PDDocumentNameDictionary names = document.getDocumentCatalog().getNames();
            if (names != null && names.getEmbeddedFiles() != null) {
                walk(names.getEmbeddedFiles(), 0, new int[] {0}, embedded, seen, reading);
            }
            for (PDPage page : document.getPages()) {
                for (PDAnnotation annotation : page.getAnnotations()) {
                    reading.checkInside();
                    if (annotation instanceof PDAnnotationFileAttachment attachment) {
                        add(attachment.getFile(), null, embedded, seen);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            if (e instanceof Reading.Stopped stopped) {
                throw stopped;
            }
            // attachments that do not parse hold nothing to read; the pages already read stand
        }
        if (embedded.size() > MAX_ATTACHMENTS) {
            throw new DocumentRefused(Reason.TOO_LARGE, "The PDF has more than " + MAX_ATTACHMENTS
                    + " attached files; at most " + MAX_ATTACHMENTS + " are read. Attach only the certificates.");
        }
        return embedded;
    }

    private static void walk(PDNameTreeNode<PDComplexFileSpecification> node, int depth, int[] visited, List<Embedded> embedded, Set<COSBase> seen,
            Reading reading) throws IOException {
        reading.checkInside();
        if (depth > MAX_TREE_DEPTH || ++visited[0] > MAX_TREE_NODES) {
            return;
        }
        Map<String, PDComplexFileSpecification> leaves = node.getNames();
        if (leaves != null) {
            for (Map.Entry<String, PDComplexFileSpecification> leaf : leaves.entrySet()) {
                add(leaf.getValue(), leaf.getKey(), embedded, seen);
            }
        }
        if (node.getKids() != null) {
            for (PDNameTreeNode<PDComplexFileSpecification> kid : node.getKids()) {
                walk(kid, depth + 1, visited, embedded, seen, reading);
            }
        }
    }

    private static void add(PDFileSpecification specification, String key, List<Embedded> embedded, Set<COSBase> seen) {
        if (!(specification instanceof PDComplexFileSpecification complex) || embedded.size() > MAX_ATTACHMENTS) {
            return;
        }
        PDEmbeddedFile file = complex.getEmbeddedFileUnicode() != null ? complex.getEmbeddedFileUnicode() : complex.getEmbeddedFile();
        if (file == null || !seen.add(file.getCOSObject())) {
            return;
        }
        String name = complex.getFileUnicode() != null ? complex.getFileUnicode() : complex.getFile();
        embedded.add(new Embedded(name(name != null && !name.isBlank() ? name : key, embedded.size() + 1), file));
    }

    /** The name shown to the officer: the file's own, without what a page could not show, and not too long. */
    private static String name(String given, int index) {
        String name = given == null ? "" : given.replaceAll("[\\p{Cntrl}\\p{Zl}\\p{Zp}]", "").strip();
        if (name.isEmpty()) {
            return "attachment-" + index + ".pdf";
        }
        return name.length() > MAX_NAME ? name.substring(0, MAX_NAME) : name;
    }

    /**
     * An attached file's bytes, at most a bid file's: decoded through the counted filters, or counted here when stored
     * unfiltered. Null for one that does not decode.
     */
    private static byte[] bytes(PDEmbeddedFile file, DocumentLimits limits, Reading reading) throws DocumentRefused {
        byte[] bytes;
        try (InputStream in = file.createInputStream()) {
            bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limits.maxBytes() + 1));
        } catch (IOException | RuntimeException e) {
            if (e instanceof Reading.Stopped stopped) {
                throw stopped;
            }
            return null;
        }
        if (bytes.length > limits.maxBytes()) {
            throw new DocumentRefused(Reason.TOO_LARGE, "An attached file has more than " + limits.maxBytes() + " bytes; at most "
                    + limits.maxBytes() + " are read.");
        }
        if (file.getCOSObject().getFilters() == null) {
            reading.decoded(bytes.length);
        }
        return bytes;
    }
}

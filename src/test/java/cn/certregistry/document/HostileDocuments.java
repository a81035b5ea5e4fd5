package cn.certregistry.document;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Hostile documents, written out byte by byte so that what each one is can be read here: small files that would cost
 * a reader hours, gigabytes or a stack. Every one must be answered in bounded time with a named refusal (or read).
 */
final class HostileDocuments {

    private HostileDocuments() {
    }

    private static Map<String, byte[]> corpus;

    /** Every document of the corpus, by name (made once: a bomb takes a moment to deflate). */
    static synchronized Map<String, byte[]> all() throws IOException {
        if (corpus == null) {
            corpus = make();
        }
        return corpus;
    }

    private static Map<String, byte[]> make() throws IOException {
        Map<String, byte[]> documents = new LinkedHashMap<>();
        documents.put("form-that-draws-itself-twice.pdf", pdf("/X Do /X Do", "/XObject << /X 5 0 R >>",
                form("/X Do /X Do", "/XObject << /X 5 0 R >>")));
        documents.put("forms-nested-forty-deep.pdf", nestedForms(40));
        documents.put("flate-bomb-100-mb.pdf", flateBomb(100 << 20));
        documents.put("inline-image-bomb.pdf", inlineImageBomb());
        documents.put("ten-thousand-tiny-pages.pdf", tinyPages(10_000));
        documents.put("xref-that-points-to-itself.pdf", xrefLoop());
        documents.put("png-of-256-million-pixels.png", pngBomb(16_000, 16_000));
        documents.put("jpeg-that-says-ten-pixels-and-has-900-million.pdf", image("/DCTDecode", jpegOf30000Squared()));
        documents.put("jpeg2000-of-900-million-pixels.pdf", image("/JPXDecode", jpeg2000Of30000Squared()));
        documents.put("jbig2-of-900-million-pixels.pdf", image("/JBIG2Decode", jbig2Of30000Squared()));
        documents.put("image-behind-forms-of-one-name.pdf", imageBehindFormsOfOneName());
        documents.put("shading-of-half-a-million-page-sized-triangles.pdf", pageSizedTriangles(500_000));
        return java.util.Collections.unmodifiableMap(documents);
    }

    /**
     * Writes the corpus where the fuzz test replays it in its own process, beside {@code blank.pdf}: run from the
     * project's folder when a document is added here. All but those that only a reader's end stops.
     */
    public static void main(String[] args) throws IOException {
        for (Map.Entry<String, byte[]> document : all().entrySet()) {
            if (!ONLY_THE_END_STOPS.contains(document.getKey())) {
                Files.write(FUZZ_INPUTS.resolve(FUZZ_PREFIX + document.getKey()), document.getValue());
            }
        }
    }

    /** Where the fuzz test's inputs are, from the project's folder, and how the corpus's files are named there. */
    static final Path FUZZ_INPUTS = Path.of("src/test/resources/cn/certregistry/document/DocumentReaderFuzzTestInputs/read");
    static final String FUZZ_PREFIX = "hostile-";

    /** Documents that no check between PDFBox's steps interrupts: read only in a reader process, which is killed. */
    static final Set<String> ONLY_THE_END_STOPS = Set.of("shading-of-half-a-million-page-sized-triangles.pdf");

    /** A page that draws image /I (object 5), a stream of {@code encoded} bytes that says it is 10 × 10 grey pixels. */
    private static byte[] image(String filter, byte[] encoded) {
        return pdf("q 100 0 0 100 0 0 cm /I Do Q", "/XObject << /I 5 0 R >>", "<< /Type /XObject /Subtype /Image /Width 10 /Height 10"
                + " /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter " + filter + " /Length " + encoded.length + " >>\nstream\n"
                + new String(encoded, StandardCharsets.ISO_8859_1) + "\nendstream");
    }

    /**
     * One operator ({@code sh}) that paints a mesh of {@code triangles} triangles, each the size of the page: a few
     * kilobytes deflated, well within what a page may decode to, and hours of painting in one call that no check
     * between operators interrupts. Only the reader's end stops it.
     */
    private static byte[] pageSizedTriangles(int triangles) throws IOException {
        ByteArrayOutputStream vertices = new ByteArrayOutputStream();
        int[][] corners = {{0, 0}, {0xFFFF, 0}, {0, 0xFFFF}};
        for (int t = 0; t < triangles; t++) {
            for (int[] corner : corners) { // flag, x and y in 16 bits, a grey level
                vertices.writeBytes(new byte[] {0, (byte) (corner[0] >> 8), (byte) corner[0], (byte) (corner[1] >> 8), (byte) corner[1],
                        (byte) (t * 37)});
            }
        }
        byte[] data = deflate(vertices.toByteArray());
        return pdf("/S sh", "/Shading << /S 5 0 R >>", "<< /ShadingType 4 /ColorSpace /DeviceGray /BitsPerCoordinate 16"
                + " /BitsPerComponent 8 /BitsPerFlag 8 /Decode [0 595 0 842 0 1] /Filter /FlateDecode /Length " + data.length
                + " >>\nstream\n" + new String(data, StandardCharsets.ISO_8859_1) + "\nendstream");
    }

    private static byte[] deflate(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION))) {
            deflater.write(bytes);
        }
        return out.toByteArray();
    }

    /** A JPEG of 8 × 8 pixels whose frame header then says 30 000 × 30 000: its decoder allocates what the header says. */
    private static byte[] jpegOf30000Squared() throws IOException {
        byte[] jpeg = DocumentReader.jpeg(new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_BYTE_GRAY), 0.5f);
        for (int i = 0; i + 8 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == 0xC0) { // start of frame: length, precision, height, width
                jpeg[i + 5] = (byte) (30_000 >> 8);
                jpeg[i + 6] = (byte) 30_000;
                jpeg[i + 7] = (byte) (30_000 >> 8);
                jpeg[i + 8] = (byte) 30_000;
                return jpeg;
            }
        }
        throw new IllegalStateException("no frame header");
    }

    /** A JPEG 2000 code stream's start and size markers for one grey component of 30 000 × 30 000, and its end. */
    private static byte[] jpeg2000Of30000Squared() {
        java.nio.ByteBuffer stream = java.nio.ByteBuffer.allocate(2 + 2 + 41 + 2);
        stream.putShort((short) 0xFF4F).putShort((short) 0xFF51).putShort((short) 41).putShort((short) 0);
        stream.putInt(30_000).putInt(30_000).putInt(0).putInt(0).putInt(30_000).putInt(30_000).putInt(0).putInt(0);
        stream.putShort((short) 1).put((byte) 7).put((byte) 1).put((byte) 1);
        stream.putShort((short) 0xFFD9);
        return stream.array();
    }

    /** A JBIG2 page information segment for a page of 30 000 × 30 000, and an end-of-page segment. */
    private static byte[] jbig2Of30000Squared() {
        java.nio.ByteBuffer stream = java.nio.ByteBuffer.allocate(11 + 19 + 11);
        stream.putInt(0).put((byte) 48).put((byte) 0).put((byte) 1).putInt(19);
        stream.putInt(30_000).putInt(30_000).putInt(0).putInt(0).put((byte) 0).putShort((short) 0);
        stream.putInt(1).put((byte) 49).put((byte) 0).put((byte) 1).putInt(0);
        return stream.array();
    }

    /**
     * The page draws form /X, whose own /X is a form, whose own /X is an image that says it is 100 000 × 100 000 grey
     * pixels: a check that walks resources by name stops at the second /X.
     */
    private static byte[] imageBehindFormsOfOneName() throws IOException {
        byte[] data = deflate(1 << 20, (byte) 0);
        return pdf("/X Do", "/XObject << /X 5 0 R >>", form("/X Do", "/XObject << /X 6 0 R >>"), form("/X Do", "/XObject << /X 7 0 R >>"),
                "<< /Type /XObject /Subtype /Image /Width 100000 /Height 100000 /ColorSpace /DeviceGray /BitsPerComponent 8"
                        + " /Filter /FlateDecode /Length " + data.length + " >>\nstream\n" + new String(data, StandardCharsets.ISO_8859_1)
                        + "\nendstream");
    }

    /** A one-page PDF: the page (object 3) with its resources, its content (object 4), then further objects from 5. */
    private static byte[] pdf(String content, String resources, String... more) {
        List<String> objects = new ArrayList<>(List.of("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                page(resources), stream(content)));
        objects.addAll(List.of(more));
        return assemble(objects, List.of());
    }

    private static String page(String resources) {
        return "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << " + resources + " >> /Contents 4 0 R >>";
    }

    private static String form(String content, String resources) {
        return "<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << " + resources + " >> /Length "
                + content.length() + " >>\nstream\n" + content + "\nendstream";
    }

    private static String stream(String content) {
        return "<< /Length " + content.length() + " >>\nstream\n" + content + "\nendstream";
    }

    /** Objects numbered from 1, with a correct cross-reference table; {@code raw} objects follow as bytes. */
    private static byte[] assemble(List<String> objects, List<byte[]> raw) {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        write(pdf, "%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(pdf.size());
            write(pdf, (i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n");
        }
        for (int i = 0; i < raw.size(); i++) {
            offsets.add(pdf.size());
            pdf.writeBytes(raw.get(i));
        }
        int xref = pdf.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (offsets.size() + 1) + "\n0000000000 65535 f \n");
        offsets.forEach(offset -> table.append(String.format("%010d 00000 n \n", offset)));
        table.append("trailer\n<< /Root 1 0 R /Size ").append(offsets.size() + 1).append(" >>\nstartxref\n").append(xref)
                .append("\n%%EOF\n");
        write(pdf, table.toString());
        return pdf.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** The page draws form 1 (object 5), which draws form 2 (object 6), … down to form {@code depth}. */
    private static byte[] nestedForms(int depth) {
        String[] forms = new String[depth];
        for (int level = 1; level <= depth; level++) {
            forms[level - 1] = form(level < depth ? "/X Do" : "0 0 1 1 re f",
                    level < depth ? "/XObject << /X " + (5 + level) + " 0 R >>" : "");
        }
        return pdf("/X Do", "/XObject << /X 5 0 R >>", forms);
    }

    /** A content stream of {@code inflated} zero bytes (spaces would draw nothing either), a thousandth of
     * that compressed. */
    private static byte[] flateBomb(int inflated) throws IOException {
        byte[] compressed = deflate(inflated, (byte) ' ');
        List<String> objects = List.of("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>");
        byte[] content = concat(("4 0 obj\n<< /Length " + compressed.length + " /Filter /FlateDecode >>\nstream\n")
                .getBytes(StandardCharsets.ISO_8859_1), compressed, "\nendstream\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));
        return assemble(objects, List.of(content));
    }

    /** An inline image that says it is 60 000 × 60 000 grey pixels (3.6 GB), its data the first 64 MB of them, deflated. */
    private static byte[] inlineImageBomb() throws IOException {
        byte[] data = deflate(64 << 20, (byte) 0);
        byte[] content = concat("q 595 0 0 842 0 0 cm BI /W 60000 /H 60000 /BPC 8 /CS /G /F /Fl ID ".getBytes(StandardCharsets.ISO_8859_1),
                data, " EI Q".getBytes(StandardCharsets.ISO_8859_1));
        List<String> objects = List.of("<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>");
        byte[] stream = concat(("4 0 obj\n<< /Length " + content.length + " >>\nstream\n").getBytes(StandardCharsets.ISO_8859_1), content,
                "\nendstream\nendobj\n".getBytes(StandardCharsets.ISO_8859_1));
        return assemble(objects, List.of(stream));
    }

    private static byte[] tinyPages(int pages) {
        List<String> objects = new ArrayList<>(List.of("<< /Type /Catalog /Pages 2 0 R >>"));
        StringBuilder kids = new StringBuilder();
        for (int i = 0; i < pages; i++) {
            kids.append(3 + i).append(" 0 R ");
        }
        objects.add("<< /Type /Pages /Kids [" + kids + "] /Count " + pages + " >>");
        for (int i = 0; i < pages; i++) {
            objects.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 1 1] >>");
        }
        return assemble(objects, List.of());
    }

    /** A cross-reference table whose trailer's /Prev points back at itself. */
    private static byte[] xrefLoop() {
        String text = new String(pdf("0 0 1 1 re f", ""), StandardCharsets.ISO_8859_1);
        int xref = text.lastIndexOf("xref\n");
        return text.replaceFirst("/Size (\\d+) >>", "/Size $1 /Prev " + xref + " >>").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A grey PNG of {@code width} × {@code height} pixels, all zero: a thousandth of what they inflate to. */
    private static byte[] pngBomb(int width, int height) throws IOException {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        header.writeBytes(intBytes(width));
        header.writeBytes(intBytes(height));
        header.writeBytes(new byte[] {8, 0, 0, 0, 0});
        chunk(png, "IHDR", header.toByteArray());
        chunk(png, "IDAT", deflate((long) (width + 1) * height, (byte) 0));
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        png.writeBytes(intBytes(data.length));
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        png.writeBytes(name);
        png.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        png.writeBytes(intBytes((int) crc.getValue()));
    }

    private static byte[] intBytes(int value) {
        return new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    private static byte[] deflate(long bytes, byte value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] block = new byte[1 << 16];
        java.util.Arrays.fill(block, value);
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
            for (long left = bytes; left > 0; left -= block.length) {
                deflater.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

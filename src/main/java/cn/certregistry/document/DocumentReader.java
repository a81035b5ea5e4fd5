package cn.certregistry.document;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.DataBufferByte;
import java.awt.image.Kernel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.contentstream.operator.Operator;
import org.apache.pdfbox.contentstream.operator.OperatorName;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.filter.FlateFilterDecoderStream;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;
import org.apache.pdfbox.pdmodel.graphics.image.PDImage;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.rendering.PageDrawer;
import org.apache.pdfbox.rendering.PageDrawerParameters;
import org.apache.pdfbox.text.PDFTextStripper;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.Result;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.multi.GenericMultipleBarcodeReader;
import com.google.zxing.multi.qrcode.QRCodeMultiReader;
import com.google.zxing.multi.qrcode.detector.MultiDetector;
import com.google.zxing.qrcode.QRCodeReader;

import cn.certregistry.document.DocumentRefused.Reason;

/**
 * Reads a bid file, a PDF, an OFD ({@link OfdReader}) or a photo (JPEG, PNG), within {@link DocumentLimits}: every QR
 * code on every page (PDF pages rendered with PDFBox, codes found with ZXing's multiple-code reader, read again at
 * twice and half the resolution, then smoothed, when something looked like a code but did not read), and the text
 * layer's words that {@code numbers} matches. PDFBox works under the {@link Reading}'s bounds. Free of framework types.
 */
public final class DocumentReader {

    /**
     * What a page holds: its codes' texts, the numbers printed in its text, whether a code-like mark did not read, and its
     * text (at most {@link #MAX_PAGE_TEXT} characters, whole lines; empty for a photo) for what the copy says besides.
     */
    public record Page(int number, List<String> codes, List<String> printedNumbers, boolean unreadableCode, byte[] thumbnail,
            String text) {

        public boolean empty() {
            return codes.isEmpty() && printedNumbers.isEmpty() && !unreadableCode;
        }

        Page withText(String pageText) {
            return new Page(number, codes, printedNumbers, unreadableCode, thumbnail, pageText);
        }
    }

    /** A page of text is some 3 000 characters: a page with more sends only its first lines to the server. */
    public static final int MAX_PAGE_TEXT = 8_000;

    /**
     * A document read: how many pages it has, those on which something was found, a PDF's signatures, and the PDFs
     * attached to it, each read as a document of its own (an attachment has none of its own).
     */
    public record Read(int pages, List<Page> found, List<PdfSignatures.Signature> signatures, List<Attached> attachments) {

        public Read(int pages, List<Page> found) {
            this(pages, found, List.of());
        }

        public Read(int pages, List<Page> found, List<PdfSignatures.Signature> signatures) {
            this(pages, found, signatures, List.of());
        }

        /** Its pages and its attachments' pages: what counts toward the pages read at once. */
        public int allPages() {
            return pages + attachments.stream().mapToInt(attached -> attached.read().pages()).sum();
        }
    }

    /** A PDF attached to a PDF (see {@link PdfAttachments}): the file name it is attached under, and what it holds. */
    public record Attached(String name, Read read) {
    }

    private static final Map<DecodeHintType, Object> HINTS = Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE,
            DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
    private static final int THUMBNAIL_WIDTH = 160;

    private DocumentReader() {
    }

    static {
        CountedFilters.install();
    }

    /**
     * Told of each page as it is read (its number from 1, the file's pages, the codes and numbers on it), so that a long
     * reading can show how far it is.
     */
    @FunctionalInterface
    public interface PageListener {

        PageListener NONE = (page, pages, found) -> {
        };

        void pageRead(int page, int pages, int codesAndNumbers);
    }

    public static Read read(byte[] bytes, DocumentLimits limits, Instant deadline, Pattern numbers) throws DocumentRefused {
        return read(bytes, limits, deadline, numbers, PageListener.NONE);
    }

    public static Read read(byte[] bytes, DocumentLimits limits, Instant deadline, Pattern numbers, PageListener listener)
            throws DocumentRefused {
        if (bytes.length > limits.maxBytes()) {
            throw new DocumentRefused(Reason.TOO_LARGE, "The file has " + bytes.length + " bytes; at most " + limits.maxBytes()
                    + " are read.");
        }
        return Reading.within(limits, deadline, reading -> {
            if (startsWith(bytes, "%PDF-".getBytes())) {
                return pdf(bytes, limits, reading, numbers, listener);
            }
            if (OfdReader.isOfd(bytes)) {
                return OfdReader.read(bytes, limits, reading, numbers);
            }
            if (startsWith(bytes, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF})
                    || startsWith(bytes, new byte[] {(byte) 0x89, 'P', 'N', 'G'})) {
                Page page = page(1, image(bytes, limits), List.of(), limits, reading);
                listener.pageRead(1, 1, page.codes().size() + page.printedNumbers().size());
                return new Read(1, page.empty() ? List.of() : List.of(page));
            }
            throw new DocumentRefused(Reason.NOT_A_DOCUMENT, "The file is not a PDF, OFD, JPEG or PNG.");
        });
    }

    private static Read pdf(byte[] bytes, DocumentLimits limits, Reading reading, Pattern numbers, PageListener listener)
            throws DocumentRefused {
        return pdf(bytes, limits, reading, numbers, listener, true);
    }

    /** A PDF within the reading's bounds, and its attached PDFs if {@code withAttachments} (one level: not theirs). */
    static Read pdf(byte[] bytes, DocumentLimits limits, Reading reading, Pattern numbers, PageListener listener,
            boolean withAttachments) throws DocumentRefused {
        // decoded streams are kept in memory up to four times the file's size, and no more
        MemoryUsageSetting memory = MemoryUsageSetting.setupMainMemoryOnly(4 * limits.maxBytes());
        try (PDDocument document = Loader.loadPDF(new RandomAccessReadBuffer(bytes), "", null, null, memory.streamCache)) {
            if (document.isEncrypted()) {
                throw new DocumentRefused(Reason.ENCRYPTED, "The PDF is encrypted; give it without a password or restrictions.");
            }
            int pages = document.getNumberOfPages();
            if (pages > limits.maxPages()) {
                throw new DocumentRefused(Reason.TOO_MANY_PAGES, "The PDF has " + pages + " pages; at most " + limits.maxPages()
                        + " are read.");
            }
            PDFRenderer renderer = new BoundedRenderer(document, reading);
            renderer.setSubsamplingAllowed(true);
            PDFTextStripper text = new BoundedTextStripper(reading);
            List<Page> found = new ArrayList<>();
            for (int index = 0; index < pages; index++) {
                int pageIndex = index;
                PDPage pdfPage = document.getPage(index);
                long streamed = streamedContent(pdfPage, limits.maxDecodedPerPage() + 1);
                reading.beginPass("the text of page " + (index + 1));
                reading.decoded(streamed);
                text.setStartPage(index + 1);
                text.setEndPage(index + 1);
                String pageText = text.getText(document);
                List<String> printed = printedNumbers(pageText, numbers);
                boolean scanned = pageText.isBlank();
                Rerender render = scale -> {
                    reading.beginPass("page " + (pageIndex + 1));
                    reading.decoded(streamed);
                    BufferedImage image = renderer.renderImageWithDPI(pageIndex, dpi(pdfPage, limits, scale), ImageType.GRAY);
                    reading.check();
                    return image;
                };
                Page page = page(index + 1, render.at(1), printed, scanned, reading, render).withText(boundedText(pageText));
                if (!page.empty()) {
                    found.add(page);
                }
                listener.pageRead(index + 1, pages, page.codes().size() + page.printedNumbers().size());
            }
            List<Attached> attachments = withAttachments
                    ? PdfAttachments.read(document, limits, pages, reading, numbers, listener)
                    : List.of();
            return new Read(pages, found, PdfSignatures.of(document, bytes), attachments);
        } catch (InvalidPasswordException e) {
            throw new DocumentRefused(Reason.ENCRYPTED, "The PDF is encrypted with a password.", e);
        } catch (Reading.Stopped stopped) {
            throw stopped;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new DocumentRefused(Reason.MALFORMED, "The PDF cannot be read: " + String.valueOf(e.getMessage()), e);
        }
    }

    /**
     * The bytes a page's content inflates to when it is one deflated stream, which PDFBox parses as it inflates it, past
     * the filters that count what is decoded (0 otherwise): inflated once, to {@code atMost} bytes, and charged to every
     * pass over the page, as PDFBox inflates it for each.
     */
    private static long streamedContent(PDPage page, long atMost) {
        COSStream content = page.getCOSObject().getCOSStream(COSName.CONTENTS);
        if (content == null || !COSName.FLATE_DECODE.equals(content.getFilters())) {
            return 0;
        }
        long inflated = 0;
        try (InputStream in = new FlateFilterDecoderStream(content.createRawInputStream())) {
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read > 0 && inflated < atMost; read = in.read(buffer)) {
                inflated += read;
            }
        } catch (IOException malformed) {
            // PDFBox parses what inflates, as far as it inflates
        }
        return inflated;
    }

    /** PDFBox's renderer, whose page drawer asks the reading at every operator, form and image. */
    private static final class BoundedRenderer extends PDFRenderer {

        private final Reading reading;

        BoundedRenderer(PDDocument document, Reading reading) {
            super(document);
            this.reading = reading;
        }

        @Override
        protected PageDrawer createPageDrawer(PageDrawerParameters parameters) throws IOException {
            PageDrawer drawer = new PageDrawer(parameters) {

                @Override
                protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
                    bounded(reading, operator, () -> super.processOperator(operator, operands));
                }

                @Override
                public void drawImage(PDImage image) throws IOException {
                    // what the PDF declares is what PDFBox allocates a raster for; the codec's own size is asked later
                    reading.requireSmallImage(image.getWidth(), image.getHeight(), "as the file declares it");
                    super.drawImage(image);
                }
            };
            drawer.setAnnotationFilter(getAnnotationsFilter());
            return drawer;
        }
    }

    /** PDFBox's text stripper, asking the reading at every operator and form. */
    private static final class BoundedTextStripper extends PDFTextStripper {

        private final Reading reading;

        BoundedTextStripper(Reading reading) {
            this.reading = reading;
        }

        @Override
        protected void processOperator(Operator operator, List<COSBase> operands) throws IOException {
            bounded(reading, operator, () -> super.processOperator(operator, operands));
        }
    }

    @FunctionalInterface
    private interface OperatorWork {
        void run() throws IOException;
    }

    /** An operator, within the reading's time; a form drawn ({@code Do}) one level deeper while it is drawn. */
    private static void bounded(Reading reading, Operator operator, OperatorWork work) throws IOException {
        reading.checkInside();
        if (OperatorName.BEGIN_INLINE_IMAGE.equals(operator.getName()) && operator.getImageParameters() != null) {
            // PDFBox decodes an inline image's data as it meets it, for the size it declares
            COSDictionary image = operator.getImageParameters();
            reading.requireSmallImage(image.getInt(COSName.W, COSName.WIDTH, 0), image.getInt(COSName.H, COSName.HEIGHT, 0),
                    "as the file declares it");
        }
        if (!OperatorName.DRAW_OBJECT.equals(operator.getName())) {
            work.run();
            return;
        }
        reading.enterForm();
        try {
            work.run();
        } finally {
            reading.leaveForm();
        }
    }

    /**
     * The resolution a page renders at: the configured one times {@code scale}, lower for a page that would exceed the
     * pixels allowed.
     */
    private static float dpi(PDPage page, DocumentLimits limits, float scale) {
        PDRectangle box = page.getCropBox();
        double squareInches = Math.max(1e-6, (box.getWidth() / 72.0) * (box.getHeight() / 72.0));
        double fitting = Math.sqrt(limits.maxPixels() / squareInches);
        return (float) Math.max(1, Math.min(limits.dpi() * scale, fitting));
    }

    /** A page's render at another scale, for the retries. */
    @FunctionalInterface
    interface Rerender {
        BufferedImage at(float scale) throws IOException, DocumentRefused;
    }

    private static Page page(int number, BufferedImage image, List<String> printed, DocumentLimits limits, Reading reading)
            throws DocumentRefused {
        try {
            return page(number, image, printed, true, reading, scale -> scaled(image, scale, limits));
        } catch (IOException e) {
            throw new DocumentRefused(Reason.MALFORMED, "The image cannot be read.", e);
        }
    }

    /**
     * The codes on a page. A page without text ({@code scanned}: a scan or a photograph, or an image file) on which
     * nothing was read is smoothed even when nothing looked like a code there: a photograph's grain can break a code's
     * finder patterns apart as well as its modules.
     */
    static Page page(int number, BufferedImage image, List<String> printed, boolean scanned, Reading reading,
            Rerender rerender) throws IOException, DocumentRefused {
        Decoded decoded = decode(image);
        // a mark that looked like a code but did not read: twice the resolution for a small code, half for a noisy one
        for (float scale : new float[] {2f, 0.5f}) {
            if (decoded.lookedLike() <= decoded.texts().size()) {
                break;
            }
            reading.check();
            decoded = decoded.with(decode(rerender.at(scale)));
        }
        // still not read: a photographed copy, whose grain breaks the modules apart; the page smoothed over 3, then 5
        // pixels, then the same at twice the resolution, where a module of two or three pixels spans more than the grain
        BufferedImage finer = null;
        for (int side : new int[] {3, 5, -3, -5}) {
            boolean unread = decoded.lookedLike() > decoded.texts().size();
            boolean blank = scanned && side > 0 && decoded.texts().isEmpty() && printed.isEmpty();
            if (!unread && !blank) {
                break;
            }
            reading.check();
            if (side < 0 && finer == null) {
                finer = rerender.at(2f);
            }
            decoded = decoded.with(decode(smoothed(side > 0 ? image : finer, Math.abs(side))));
        }
        boolean unreadable = decoded.lookedLike() > decoded.texts().size();
        boolean found = !decoded.texts().isEmpty() || !printed.isEmpty() || unreadable;
        return new Page(number, List.copyOf(decoded.texts()), printed, unreadable, found ? thumbnail(image) : null, "");
    }

    /** The page in grey, each pixel the mean of the {@code side} × {@code side} around it. */
    private static BufferedImage smoothed(BufferedImage image, int side) {
        BufferedImage gray = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = gray.createGraphics();
        graphics.drawImage(image, 0, 0, null);
        graphics.dispose();
        float[] mean = new float[side * side];
        Arrays.fill(mean, 1f / mean.length);
        return new ConvolveOp(new Kernel(side, side, mean), ConvolveOp.EDGE_NO_OP, null).filter(gray, null);
    }

    /** The texts of the codes found, and how many code-like marks (three finder patterns) were seen. */
    record Decoded(Set<String> texts, int lookedLike) {

        Decoded with(Decoded other) {
            Set<String> all = new LinkedHashSet<>(texts);
            all.addAll(other.texts());
            return new Decoded(all, Math.max(lookedLike, other.lookedLike()));
        }
    }

    static Decoded decode(BufferedImage image) {
        LuminanceSource source = luminance(image);
        Set<String> texts = new LinkedHashSet<>();
        int lookedLike = 0;
        for (BinaryBitmap bitmap : List.of(new BinaryBitmap(new HybridBinarizer(source)),
                new BinaryBitmap(new GlobalHistogramBinarizer(source)))) {
            try {
                for (Result result : new QRCodeMultiReader().decodeMultiple(bitmap, HINTS)) {
                    texts.add(result.getText());
                }
            } catch (NotFoundException none) {
                // none here
            }
            try {
                for (Result result : new GenericMultipleBarcodeReader(new QRCodeReader()).decodeMultiple(bitmap, HINTS)) {
                    texts.add(result.getText());
                }
            } catch (NotFoundException none) {
                // none here
            }
            try {
                lookedLike = Math.max(lookedLike, new MultiDetector(bitmap.getBlackMatrix()).detectMulti(HINTS).length);
            } catch (NotFoundException none) {
                // nothing like a code
            }
            if (!texts.isEmpty() && texts.size() >= lookedLike) {
                break;
            }
        }
        return new Decoded(texts, lookedLike);
    }

    /** The image's grey levels, as ZXing reads them: the luminance plane of a YUV picture is just that. */
    private static LuminanceSource luminance(BufferedImage image) {
        BufferedImage gray = image;
        if (image.getType() != BufferedImage.TYPE_BYTE_GRAY
                || ((DataBufferByte) image.getRaster().getDataBuffer()).getData().length != image.getWidth() * image.getHeight()) {
            gray = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D graphics = gray.createGraphics();
            graphics.drawImage(image, 0, 0, null);
            graphics.dispose();
        }
        byte[] levels = ((DataBufferByte) gray.getRaster().getDataBuffer()).getData();
        return new PlanarYUVLuminanceSource(levels, gray.getWidth(), gray.getHeight(), 0, 0, gray.getWidth(), gray.getHeight(), false);
    }

    /** A page's text with wrapped numbers joined, as {@link #printedNumbers} reads it, cut after the last whole line that fits. */
    static String boundedText(String text) {
        String joined = joinedNumbers(text);
        if (joined.length() <= MAX_PAGE_TEXT) {
            return joined;
        }
        return joined.substring(0, Math.max(0, joined.lastIndexOf('\n', MAX_PAGE_TEXT)));
    }

    /** A narrow column wraps a long number after one of its hyphens: the text layer then breaks the line there. */
    private static String joinedNumbers(String text) {
        return text.replaceAll("-[ \\t]*\\R[ \\t]*", "-");
    }

    static List<String> printedNumbers(String text, Pattern numbers) {
        Set<String> found = new LinkedHashSet<>();
        Matcher matcher = numbers.matcher(joinedNumbers(text));
        while (matcher.find()) {
            found.add(matcher.group().replaceAll("-+$", ""));
        }
        return List.copyOf(found);
    }

    /**
     * A photo, read subsampled when it has more pixels than a page may (its dimensions from its codec, before it is
     * decoded): a decompression bomb costs no more memory, and one larger than a file may decode to is refused.
     */
    private static BufferedImage image(byte[] bytes, DocumentLimits limits) throws DocumentRefused {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new DocumentRefused(Reason.NOT_A_DOCUMENT, "The image is not a JPEG or PNG that can be read.");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > limits.maxDecodedPerFile()) {
                    // read subsampled or not, all of it is inflated or decoded: at a byte a pixel at least
                    throw new DocumentRefused(Reason.TOO_LARGE, "The photo has " + reader.getWidth(0) + "×" + reader.getHeight(0)
                            + " pixels; decoding it would take more than the " + (limits.maxDecodedPerFile() >> 20)
                            + " MiB a file may decode to.");
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = (int) Math.ceil(Math.sqrt((double) pixels / limits.maxPixels()));
                if (step > 1) {
                    param.setSourceSubsampling(step, step, 0, 0);
                }
                return reader.read(0, param);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new DocumentRefused(Reason.MALFORMED, "The image cannot be read.", e);
        }
    }

    private static BufferedImage scaled(BufferedImage image, float scale, DocumentLimits limits) {
        double fitting = Math.sqrt((double) limits.maxPixels() / ((long) image.getWidth() * image.getHeight()));
        double factor = Math.min(scale, fitting);
        int width = Math.max(1, (int) (image.getWidth() * factor));
        int height = Math.max(1, (int) (image.getHeight() * factor));
        BufferedImage scaled = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = scaled.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(image, 0, 0, width, height, null);
        graphics.dispose();
        return scaled;
    }

    /** A small JPEG of the page, for the officer to see which copy said what. */
    private static byte[] thumbnail(BufferedImage page) {
        int height = Math.max(1, page.getHeight() * THUMBNAIL_WIDTH / Math.max(1, page.getWidth()));
        BufferedImage small = new BufferedImage(THUMBNAIL_WIDTH, Math.min(height, 4 * THUMBNAIL_WIDTH), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D graphics = small.createGraphics();
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(page, 0, 0, THUMBNAIL_WIDTH, height, null);
        graphics.dispose();
        try {
            return jpeg(small, 0.6f);
        } catch (IOException e) {
            return null; // a page without its thumbnail is still a page
        }
    }

    static byte[] jpeg(BufferedImage image, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality);
            writer.write(null, new IIOImage(image, null, null), param);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }
}

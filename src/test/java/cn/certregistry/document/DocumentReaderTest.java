package cn.certregistry.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.image.LosslessFactory;

import org.junit.jupiter.api.Test;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;

/** What the reader takes from a page: every code on it, and the numbers of its text layer. */
class DocumentReaderTest {

    private static final DocumentLimits LIMITS = new DocumentLimits(8_000_000, 10, 150, 12_000_000, 40_000_000, 64 << 20, 2L << 30,
            Duration.ofSeconds(30));
    private static final Pattern NUMBERS = Pattern.compile("(?<![A-Za-z0-9-])(?:HXSC-|CQC-)[A-Za-z0-9-]*[0-9][A-Za-z0-9-]*");

    @Test
    void aNumberWrappedAfterAHyphenIsReadWhole() {
        // as Chromium prints a certificate page whose number column is narrow
        assertEquals(List.of("HXSC-ASC-2026-0000057"), DocumentReader.printedNumbers("证书编号 HXSC-ASC-2026-\n0000057\n状态", NUMBERS));
        assertEquals(List.of("HXSC-ASC-2026-0000057"), DocumentReader.printedNumbers("HXSC-ASC-2026- \r\n 0000057", NUMBERS));
    }

    @Test
    void everyCodeOfAPageIsFoundAndAPhotoIsReadAsAPage() throws Exception {
        BufferedImage first = code("HTTPS://CERT.EXAMPLE.CN/V/FIRSTCODE");
        BufferedImage second = code("HTTPS://CERT.EXAMPLE.CN/V/SECONDCODE");
        byte[] pdf;
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.drawImage(LosslessFactory.createFromImage(document, first), 72, 500, 144, 144);
                content.drawImage(LosslessFactory.createFromImage(document, second), 320, 200, 144, 144);
            }
            document.save(out);
            pdf = out.toByteArray();
        }
        DocumentReader.Read read = DocumentReader.read(pdf, LIMITS, Instant.now().plusSeconds(30), NUMBERS);
        assertEquals(1, read.pages());
        assertEquals(Set.of("HTTPS://CERT.EXAMPLE.CN/V/FIRSTCODE", "HTTPS://CERT.EXAMPLE.CN/V/SECONDCODE"),
                Set.copyOf(read.found().get(0).codes()));

        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(second, "png", png);
        DocumentReader.Read photo = DocumentReader.read(png.toByteArray(), LIMITS, Instant.now().plusSeconds(30), NUMBERS);
        assertEquals(List.of("HTTPS://CERT.EXAMPLE.CN/V/SECONDCODE"), photo.found().get(0).codes());
    }

    private static BufferedImage code(String text) throws Exception {
        BufferedImage symbol = MatrixToImageWriter.toBufferedImage(new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 300, 300));
        BufferedImage rgb = new BufferedImage(symbol.getWidth(), symbol.getHeight(), BufferedImage.TYPE_INT_RGB);
        rgb.getGraphics().drawImage(symbol, 0, 0, null);
        return rgb;
    }

    @Test
    void numbersAreTakenOnceEachAndOnlyUnderAPrefix() {
        assertEquals(List.of("HXSC-AS-2024-0000001", "CQC-2025-7"), DocumentReader.printedNumbers(
                "HXSC-AS-2024-0000001 again HXSC-AS-2024-0000001, CQC-2025-7- and XHXSC-AS-1 and HXSC-ONLY", NUMBERS));
    }

    /**
     * Copies photographed with a phone: a page with a code of a long token, tilted 4°, grainy and saved as a JPEG, in a
     * PDF. Four such pages (made the same way every run) are read; the grain breaks the modules apart at the page's
     * resolution, so they read only once the page is smoothed.
     */
    @Test
    void photographedCopiesOfALongCodeAreRead() throws Exception {
        java.util.Random random = new java.util.Random(1);
        int read = 0;
        for (int copy = 0; copy < 4; copy++) {
            StringBuilder token = new StringBuilder("HTTPS://CERT.EXAMPLE.CN/V/");
            for (int i = 0; i < 190; i++) {
                token.append("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".charAt(random.nextInt(32)));
            }
            DocumentReader.Read page = DocumentReader.read(photographedPage(token.toString()), LIMITS, Instant.now().plusSeconds(30),
                    NUMBERS);
            if (!page.found().isEmpty() && page.found().get(0).codes().contains(token.toString())) {
                read++;
            }
        }
        // all four here, none without the smoothing; one may be missed, so that another JDK's JPEG encoder may differ a little
        org.junit.jupiter.api.Assertions.assertTrue(read >= 3, read + " of 4 photographed copies read");
    }

    /** An A4 page at 110 dpi with a 2-inch code and lines of text, as a phone photographs it (as BidFiles photographs one). */
    private static byte[] photographedPage(String text) throws Exception {
        java.util.Map<com.google.zxing.EncodeHintType, Object> hints = java.util.Map.of(com.google.zxing.EncodeHintType.ERROR_CORRECTION,
                com.google.zxing.qrcode.decoder.ErrorCorrectionLevel.M, com.google.zxing.EncodeHintType.MARGIN, 4);
        BufferedImage symbol = MatrixToImageWriter.toBufferedImage(new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0, hints));
        BufferedImage printed = new BufferedImage(910, 1286, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D pen = printed.createGraphics();
        pen.setColor(java.awt.Color.WHITE);
        pen.fillRect(0, 0, 910, 1286);
        pen.setRenderingHint(java.awt.RenderingHints.KEY_INTERPOLATION, java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        pen.drawImage(symbol, 600, 420, 211, 211, null);
        pen.setColor(java.awt.Color.BLACK);
        for (int y = 100; y < 1200; y += 24) {
            pen.drawString("Certificate HXSC-ASC-2026-0000057, line " + y, 60, y);
        }
        pen.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PDDocument bid = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            bid.addPage(page);
            var photo = org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory.createFromByteArray(bid, BidFiles.photographed(printed));
            try (PDPageContentStream content = new PDPageContentStream(bid, page)) {
                content.drawImage(photo, 0, 0, PDRectangle.A4.getWidth(), PDRectangle.A4.getHeight());
            }
            bid.save(out);
        }
        return out.toByteArray();
    }
}

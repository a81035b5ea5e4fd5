package cn.certregistry.document;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;


import org.apache.pdfbox.Loader;
import org.apache.pdfbox.multipdf.LayerUtility;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.graphics.form.PDFormXObject;
import org.apache.pdfbox.pdmodel.graphics.image.JPEGFactory;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.util.Matrix;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.Result;
import com.google.zxing.ResultPoint;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.multi.qrcode.QRCodeMultiReader;

import cn.certregistry.procurement.TextBidFiles;

/**
 * Bid files as bidders make them: the register's certificate pages printed to PDF by headless Chromium, pasted into a
 * bid document rotated, scaled down, photographed (a noisy, tilted JPEG) or with the QR code blotted out, between pages
 * of text.
 */
final class BidFiles {

    /** How a certificate's copy sits on its page. */
    enum Copy {
        STRAIGHT, ROTATED_90, SCALED_60, UPSIDE_DOWN_SCALED_70, PHOTO, QR_BLOTTED
    }

    private final PDDocument bid = new PDDocument();

    /** The certificate's page as Chromium prints it (A4, no header or footer). */
    static byte[] print(String url) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("print");
        Path pdf = dir.resolve("certificate.pdf");
        Process chromium = new ProcessBuilder("/usr/bin/chromium", "--headless=new", "--no-sandbox", "--disable-gpu",
                "--disable-dev-shm-usage", "--no-pdf-header-footer", "--user-data-dir=" + dir.resolve("profile"),
                "--print-to-pdf=" + pdf, url).redirectErrorStream(true).redirectOutput(new File(dir.resolve("log").toString())).start();
        if (!chromium.waitFor(60, TimeUnit.SECONDS) || !Files.exists(pdf)) {
            chromium.destroyForcibly();
            throw new IOException("chromium did not print " + url + ": " + Files.readString(dir.resolve("log")));
        }
        return Files.readAllBytes(pdf);
    }

    /** A page of the bid's own text. */
    void textPage(String text) throws IOException {
        TextBidFiles.textPage(bid, 14, text, "Tender documents, section " + (bid.getNumberOfPages() + 1)
                + ": technical and commercial terms.");
    }

    /** A certificate's printed page, copied onto the bid's next page as {@code copy} says. */
    void certificatePage(byte[] printed, Copy copy) throws IOException {
        try (PDDocument source = Loader.loadPDF(printed)) {
            PDPage page = new PDPage(PDRectangle.A4);
            bid.addPage(page);
            float width = PDRectangle.A4.getWidth();
            float height = PDRectangle.A4.getHeight();
            if (copy == Copy.PHOTO) {
                PDImageXObject photo = JPEGFactory.createFromByteArray(bid, photo(source, qrPage(source)));
                try (PDPageContentStream content = new PDPageContentStream(bid, page)) {
                    content.drawImage(photo, 0, 0, width, height);
                }
                return;
            }
            int printedPage = qrPage(source);
            PDFormXObject form = new LayerUtility(bid).importPageAsForm(source, printedPage);
            try (PDPageContentStream content = new PDPageContentStream(bid, page)) {
                content.saveGraphicsState();
                switch (copy) {
                    case ROTATED_90 -> {
                        // turned a quarter and shrunk to fit the page sideways
                        float scale = width / height;
                        content.transform(new Matrix(0, scale, -scale, 0, width, 0));
                    }
                    case SCALED_60 -> content.transform(new Matrix(0.6f, 0, 0, 0.6f, width * 0.2f, height * 0.35f));
                    case UPSIDE_DOWN_SCALED_70 -> content.transform(new Matrix(-0.7f, 0, 0, -0.7f, width * 0.85f, height * 0.85f));
                    default -> {
                    }
                }
                content.drawForm(form);
                content.restoreGraphicsState();
                if (copy == Copy.QR_BLOTTED) {
                    float[] box = qrBox(source, printedPage);
                    content.setNonStrokingColor(Color.WHITE);
                    content.addRect(box[0], box[1], box[2], box[3]);
                    content.fill();
                    content.setNonStrokingColor(Color.BLACK);
                    content.addRect(box[0] + box[2] * 0.1f, box[1] + box[3] * 0.3f, box[2] * 0.8f, box[3] * 0.4f); // ink over it
                    content.fill();
                }
            }
        }
    }

    /** A printed page copied onto the bid's next page as it is: a bidder's own copy of a certificate, retyped. */
    void printedPage(byte[] printed) throws IOException {
        try (PDDocument source = Loader.loadPDF(printed)) {
            PDPage page = new PDPage(PDRectangle.A4);
            bid.addPage(page);
            PDFormXObject form = new LayerUtility(bid).importPageAsForm(source, 0);
            try (PDPageContentStream content = new PDPageContentStream(bid, page)) {
                content.drawForm(form);
            }
        }
    }

    byte[] bytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        bid.save(out);
        bid.close();
        return out.toByteArray();
    }

    /** Where the QR code sits on a printed page, in PDF points: x, y, width, height, with a margin. */
    /** The printed page that holds the QR code (a certificate with a long history prints it on its second page). */
    private static int qrPage(PDDocument source) throws IOException {
        for (int page = 0; page < source.getNumberOfPages(); page++) {
            try {
                qrBox(source, page);
                return page;
            } catch (IOException none) {
                // not on this page
            }
        }
        throw new IOException("no QR code on the printed pages");
    }

    private static float[] qrBox(PDDocument source, int pageIndex) throws IOException {
        int dpi = 144;
        BufferedImage image = new PDFRenderer(source).renderImageWithDPI(pageIndex, dpi, ImageType.RGB);
        try {
            Result result = new QRCodeMultiReader().decodeMultiple(new BinaryBitmap(new HybridBinarizer(
                    new BufferedImageLuminanceSource(image))), Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE))[0];
            float minX = Float.MAX_VALUE, minY = Float.MAX_VALUE, maxX = 0, maxY = 0;
            for (ResultPoint point : result.getResultPoints()) {
                minX = Math.min(minX, point.getX());
                minY = Math.min(minY, point.getY());
                maxX = Math.max(maxX, point.getX());
                maxY = Math.max(maxY, point.getY());
            }
            float side = maxX - minX;
            float margin = side * 0.35f;
            float scale = 72f / dpi;
            float pageHeight = source.getPage(pageIndex).getMediaBox().getHeight();
            return new float[] {(minX - margin) * scale, pageHeight - (maxY + margin) * scale, (side + 2 * margin) * scale,
                    (maxY - minY + 2 * margin) * scale};
        } catch (com.google.zxing.ReaderException e) {
            throw new IOException("no QR code on the printed page", e);
        }
    }

    /** The printed page as a phone photographs it: tilted a little, grey noise, a JPEG of moderate quality. */
    static byte[] photo(PDDocument source, int pageIndex) throws IOException {
        return photographed(new PDFRenderer(source).renderImageWithDPI(pageIndex, 110, ImageType.RGB));
    }

    /** A page's image as a phone photographs it: tilted 4°, grey noise (the same every time), a JPEG of quality 0.7. */
    static byte[] photographed(BufferedImage page) throws IOException {
        BufferedImage photo = new BufferedImage(page.getWidth(), page.getHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = photo.createGraphics();
        graphics.setColor(new Color(200, 196, 186));
        graphics.fillRect(0, 0, photo.getWidth(), photo.getHeight());
        graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        graphics.drawImage(page, AffineTransform.getRotateInstance(Math.toRadians(4), page.getWidth() / 2.0, page.getHeight() / 2.0),
                null);
        graphics.dispose();
        Random random = new Random(42);
        for (int y = 0; y < photo.getHeight(); y++) {
            for (int x = 0; x < photo.getWidth(); x++) {
                int rgb = photo.getRGB(x, y);
                int noise = (int) (random.nextGaussian() * 18);
                int r = clamp(((rgb >> 16) & 0xff) + noise - 10);
                int g = clamp(((rgb >> 8) & 0xff) + noise - 12);
                int b = clamp((rgb & 0xff) + noise - 20);
                photo.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return DocumentReader.jpeg(photo, 0.7f);
    }

    private static int clamp(int value) {
        return Math.max(0, Math.min(255, value));
    }
}

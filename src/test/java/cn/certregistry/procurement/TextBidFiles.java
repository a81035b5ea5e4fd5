package cn.certregistry.procurement;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Bid files of text pages, some of them showing a certificate's number: long to read, quick to make. */
public final class TextBidFiles {

    private TextBidFiles() {
    }

    /** A bid file of text pages; the pages in {@code numbers} show that certificate's number. */
    public static byte[] pdf(int pages, Map<Integer, String> numbers) throws Exception {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int number = 1; number <= pages; number++) {
                String section = "Tender documents, section " + number + ": technical and commercial terms.";
                if (numbers.containsKey(number)) {
                    textPage(document, 12, section, "Certificate No. " + numbers.get(number));
                } else {
                    textPage(document, 12, section);
                }
            }
            document.save(out);
            return out.toByteArray();
        }
    }

    /** Adds a page of these lines of text (Helvetica of {@code size} points, from the top left) to {@code document}. */
    public static void textPage(PDDocument document, float size, String... lines) throws IOException {
        PDPage page = new PDPage(PDRectangle.A4);
        document.addPage(page);
        try (PDPageContentStream content = new PDPageContentStream(document, page)) {
            content.beginText();
            content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), size);
            content.newLineAtOffset(72, 760);
            for (int line = 0; line < lines.length; line++) {
                if (line > 0) {
                    content.newLineAtOffset(0, -24);
                }
                content.showText(lines[line]);
            }
            content.endText();
        }
    }
}

package cn.certregistry.document;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Calendar;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.junit.jupiter.api.Test;

/**
 * A PDF's signatures as the reader finds them, on files made here: none, and one whose CMS is not a signature; and
 * what the reader's process says of them, read back within bounds.
 */
class PdfSignaturesTest {

    @Test
    void anUnsignedFileHasNoSignatureAndAForgedOneDoesNotVerify() throws IOException {
        byte[] unsigned = pdf(false);
        try (PDDocument document = Loader.loadPDF(unsigned)) {
            assertEquals(List.of(), PdfSignatures.of(document, unsigned));
        }
        byte[] forged = pdf(true);
        try (PDDocument document = Loader.loadPDF(forged)) {
            List<PdfSignatures.Signature> signatures = PdfSignatures.of(document, forged);
            assertEquals(1, signatures.size());
            assertTrue(signatures.get(0).coversWholeFile());
            assertFalse(signatures.get(0).verifies(), "bytes that are no CMS are no signature");
        }
    }

    @Test
    void theReadersAnswerCarriesTheSignaturesAndIsBelievedOnlyWithinBounds() throws IOException {
        byte[] certificate = {0x30, 0x03, 0x02, 0x01, 0x01};
        ReaderProcess.Answer answer = new ReaderProcess.Answer(List.of(new DocumentReader.Read(1, List.of(),
                List.of(new PdfSignatures.Signature(false, true, certificate), new PdfSignatures.Signature(true, false, null)))),
                null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ReaderProcess.writeAnswer(answer, out);
        List<PdfSignatures.Signature> read = ReaderProcess.readAnswer(new ByteArrayInputStream(out.toByteArray()), 300).reads().get(0)
                .signatures();
        assertEquals(2, read.size());
        assertFalse(read.get(0).coversWholeFile());
        assertTrue(read.get(0).verifies());
        assertArrayEquals(certificate, read.get(0).signerCertificate());
        assertEquals(null, read.get(1).signerCertificate());

        List<PdfSignatures.Signature> tooMany = java.util.Collections.nCopies(PdfSignatures.MAX_SIGNATURES + 1,
                new PdfSignatures.Signature(true, true, null));
        out.reset();
        ReaderProcess.writeAnswer(new ReaderProcess.Answer(List.of(new DocumentReader.Read(1, List.of(), tooMany)), null), out);
        assertThrows(IOException.class, () -> ReaderProcess.readAnswer(new ByteArrayInputStream(out.toByteArray()), 300));
    }

    /** A one-page PDF, signed (with bytes that are no CMS) when asked. */
    private static byte[] pdf(boolean signed) throws IOException {
        try (PDDocument document = new PDDocument()) {
            document.addPage(new PDPage());
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!signed) {
                document.save(out);
                return out.toByteArray();
            }
            document.save(out);
            try (PDDocument loaded = Loader.loadPDF(out.toByteArray())) {
                PDSignature signature = new PDSignature();
                signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
                signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
                signature.setSignDate(Calendar.getInstance());
                loaded.addSignature(signature, content -> new byte[] {0x30, 0x00});
                ByteArrayOutputStream signedOut = new ByteArrayOutputStream();
                loaded.saveIncremental(signedOut);
                return signedOut.toByteArray();
            }
        }
    }
}

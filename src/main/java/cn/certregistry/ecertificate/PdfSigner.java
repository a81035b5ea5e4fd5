package cn.certregistry.ecertificate;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.ZonedDateTime;
import java.util.GregorianCalendar;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;

import cn.certregistry.signing.DocumentSigningKey;

/**
 * Signs a PDF as PAdES baseline B-B: an incremental update adds a signature field whose {@code /Contents} is a detached
 * CMS (subfilter {@code ETSI.CAdES.detached}) over every byte of the file but the signature itself, so a reader detects
 * any later change. Framework-free.
 */
final class PdfSigner {

    /** Room for the CMS: an ECDSA signature with its certificate takes under 2 KB. */
    private static final int SIGNATURE_ROOM = 8192;

    private PdfSigner() {
    }

    static byte[] sign(byte[] unsigned, DocumentSigningKey key, ZonedDateTime signedAt, String location) {
        try (PDDocument document = Loader.loadPDF(unsigned)) {
            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(PDSignature.SUBFILTER_ETSI_CADES_DETACHED);
            signature.setName("cert-registry");
            signature.setLocation(location);
            signature.setReason("证书登记簿的记录 The certificate register's record");
            signature.setSignDate(GregorianCalendar.from(signedAt));
            SignatureOptions options = new SignatureOptions();
            options.setPreferredSignatureSize(SIGNATURE_ROOM);
            document.addSignature(signature, content -> key.signDetached(content.readAllBytes()), options);
            ByteArrayOutputStream out = new ByteArrayOutputStream(unsigned.length + 2 * SIGNATURE_ROOM + 4096);
            document.saveIncremental(out);
            options.close();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot sign the e-certificate", e);
        }
    }
}

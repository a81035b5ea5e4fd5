package cn.certregistry.document;

import java.io.IOException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * The digital signatures of a PDF, each checked as far as the file alone allows: the bytes it covers (its byte range,
 * and whether that is the whole file but the signature itself), and its CMS: the digest of those bytes and the
 * signature over them, by the certificate the CMS carries. Whose certificate that is, the caller decides (the reader
 * knows no keys). Runs inside the reader's process on hostile bytes: a few signatures of bounded size, and anything
 * that does not parse is a signature that does not verify. Framework-free.
 */
public final class PdfSignatures {

    /** The most signatures of one file looked at; a real e-certificate has one. */
    public static final int MAX_SIGNATURES = 8;
    /** The largest CMS looked at; the register's is under 2 KB, one with a certificate chain some 20 KB. */
    public static final int MAX_CMS_BYTES = 64 * 1024;

    /**
     * A signature: whether its byte range covers the whole file (nothing was added after signing), whether its CMS
     * verifies over those bytes, and the signer's certificate (DER) as the CMS names it, or null.
     */
    public record Signature(boolean coversWholeFile, boolean verifies, byte[] signerCertificate) {
    }

    private PdfSignatures() {
    }

    public static List<Signature> of(PDDocument document, byte[] file) {
        List<Signature> signatures = new ArrayList<>();
        try {
            for (PDSignature signature : document.getSignatureDictionaries()) {
                if (signatures.size() == MAX_SIGNATURES) {
                    break;
                }
                signatures.add(check(signature, file));
            }
        } catch (RuntimeException e) {
            // a signature field that does not parse is no signature
        }
        return signatures;
    }

    private static Signature check(PDSignature signature, byte[] file) {
        int[] range = signature.getByteRange();
        if (range == null || range.length != 4 || range[0] != 0 || range[1] < 0 || range[2] < range[1] || range[3] < 0
                || (long) range[2] + range[3] > file.length) {
            return new Signature(false, false, null);
        }
        boolean whole = (long) range[2] + range[3] == file.length;
        try {
            byte[] cms = signature.getContents(file);
            if (cms.length == 0 || cms.length > MAX_CMS_BYTES) {
                return new Signature(whole, false, null);
            }
            byte[] signed = signature.getSignedContent(file);
            CMSSignedData data = new CMSSignedData(new CMSProcessableByteArray(signed), cms);
            Collection<SignerInformation> signers = data.getSignerInfos().getSigners();
            if (signers.size() != 1) {
                return new Signature(whole, false, null);
            }
            SignerInformation signer = signers.iterator().next();
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> certificates = data.getCertificates().getMatches(signer.getSID());
            if (certificates.isEmpty()) {
                return new Signature(whole, false, null);
            }
            X509CertificateHolder certificate = certificates.iterator().next();
            return new Signature(whole, verifies(signer, certificate), certificate.getEncoded());
        } catch (IOException | CMSException | RuntimeException e) {
            return new Signature(whole, false, null);
        }
    }

    /**
     * The message digest attribute against the bytes covered, and the signature over the signed attributes; a changed
     * byte fails the first, a changed attribute or a signature by another key the second.
     */
    private static boolean verifies(SignerInformation signer, X509CertificateHolder certificate) {
        try {
            return signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(certificate));
        } catch (CMSException | OperatorCreationException | CertificateException | RuntimeException e) {
            return false;
        }
    }
}

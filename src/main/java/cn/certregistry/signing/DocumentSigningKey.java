package cn.certregistry.signing;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.DefaultSignedAttributeTableGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.util.io.pem.PemObject;

/**
 * A key that signs documents (the e-certificate PDFs) with the X.509 certificate that names its public half: ECDSA
 * P-256, which PDF readers (poppler's NSS, Acrobat) verify. The file form is one PEM file holding the PKCS#8 private
 * key and the certificate. The private half never leaves this object: {@link #toString()} shows the id and state only.
 */
public final class DocumentSigningKey {

    public static final String NOT_A_KEY_FILE = "not a PEM file with a PKCS#8 EC private key and its X.509 certificate";
    private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

    private final String kid;
    private final KeyState state;
    private final PrivateKey privateKey;
    private final X509Certificate certificate;

    private DocumentSigningKey(String kid, KeyState state, PrivateKey privateKey, X509Certificate certificate) {
        this.kid = kid;
        this.state = state;
        this.privateKey = privateKey;
        this.certificate = certificate;
    }

    /** A new key with a self-signed certificate valid from now for {@code validity}; the register publishes it. */
    public static DocumentSigningKey generate(String kid, String registerName, Duration validity) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair pair = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + registerName + " document signing " + kid + ",O=" + registerName);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, new SecureRandom()).abs().add(BigInteger.ONE), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(validity)), name, pair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(pair.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new DocumentSigningKey(kid, KeyState.ACTIVE, pair.getPrivate(), certificate);
        } catch (GeneralSecurityException | OperatorCreationException | IOException e) {
            throw new IllegalStateException("Cannot generate document-signing key " + kid, e);
        }
    }

    public static DocumentSigningKey fromPem(String kid, KeyState state, String pem) {
        PrivateKey privateKey = null;
        X509Certificate certificate = null;
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            for (Object item = parser.readObject(); item != null; item = parser.readObject()) {
                if (item instanceof PrivateKeyInfo info) {
                    privateKey = new JcaPEMKeyConverter().getPrivateKey(info);
                } else if (item instanceof X509CertificateHolder holder) {
                    certificate = new JcaX509CertificateConverter().getCertificate(holder);
                }
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // reported below, without the key material
        }
        if (privateKey == null || certificate == null || !"EC".equals(privateKey.getAlgorithm())) {
            throw new IllegalArgumentException(NOT_A_KEY_FILE + " (key " + kid + ")");
        }
        return new DocumentSigningKey(kid, state, privateKey, certificate);
    }

    public String toPem() {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            // PKCS#8 ("PRIVATE KEY"), as fromPem reads it: given a PrivateKeyInfo, the writer would turn an EC key into
            // SEC1 ("EC PRIVATE KEY") without its curve, which no reader can take back
            writer.writeObject(new PemObject("PRIVATE KEY", privateKey.getEncoded()));
            writer.writeObject(certificate);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode document-signing key " + kid, e);
        }
        return text.toString();
    }

    /** A certificate alone, as PEM: what the register publishes. */
    public static String certificatePem(X509Certificate certificate) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(certificate);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    public DocumentSigningKey withState(KeyState newState) {
        return new DocumentSigningKey(kid, newState, privateKey, certificate);
    }

    /**
     * A detached CMS SignedData over {@code content} (PAdES baseline B-B, subfilter {@code ETSI.CAdES.detached}):
     * SHA-256, the signer's certificate, and the ESS signing-certificate-v2 attribute binding the signature to it. The
     * claimed signing time is the PDF's own (its {@code M} entry), so the CMS carries no signing-time attribute, as
     * PAdES asks.
     */
    public byte[] signDetached(byte[] content) {
        if (state != KeyState.ACTIVE) {
            throw new IllegalStateException("Document-signing key " + kid + " does not sign: it is " + state);
        }
        try {
            X509CertificateHolder holder = new X509CertificateHolder(certificate.getEncoded());
            ESSCertIDv2 certId = new ESSCertIDv2(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()),
                    new IssuerSerial(new GeneralNames(new GeneralName(holder.getIssuer())), holder.getSerialNumber()));
            AttributeTable signingCertificate = new AttributeTable(new Attribute(
                    PKCSObjectIdentifiers.id_aa_signingCertificateV2, new DERSet(new SigningCertificateV2(certId))));
            DefaultSignedAttributeTableGenerator defaults = new DefaultSignedAttributeTableGenerator(signingCertificate);
            CMSAttributeTableGenerator withoutSigningTime = parameters -> defaults.getAttributes(parameters)
                    .remove(CMSAttributes.signingTime);
            ContentSigner signer = new JcaContentSignerBuilder(SIGNATURE_ALGORITHM).build(privateKey);
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                    .setSignedAttributeGenerator(withoutSigningTime).build(signer, holder));
            generator.addCertificates(new JcaCertStore(List.of(certificate)));
            return generator.generate(new CMSProcessableByteArray(content), false).getEncoded();
        } catch (GeneralSecurityException | OperatorCreationException | CMSException | IOException e) {
            throw new IllegalStateException("Cannot sign with document-signing key " + kid, e);
        }
    }

    public String kid() {
        return kid;
    }

    public KeyState state() {
        return state;
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate's DER encoding, by which a signed document names its signer. */
    public byte[] certificateDer() {
        try {
            return certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "DocumentSigningKey[" + kid + ", " + state + "]";
    }
}

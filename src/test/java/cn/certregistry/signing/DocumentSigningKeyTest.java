package cn.certregistry.signing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** A document-signing key as the register generates and keeps it: its file is read back as the same key. */
class DocumentSigningKeyTest {

    @Test
    void aGeneratedKeysFileIsReadBackAsTheSameKey() {
        DocumentSigningKey generated = DocumentSigningKey.generate("k1", "cert-registry", Duration.ofDays(365));
        String pem = generated.toPem();
        assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), "PKCS#8, as the key files are read");

        DocumentSigningKey read = DocumentSigningKey.fromPem("k1", KeyState.ACTIVE, pem);
        assertEquals(generated.certificate(), read.certificate());
        assertArrayEquals(generated.toPem().getBytes(), read.toPem().getBytes());
    }
}

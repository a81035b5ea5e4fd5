package cn.certregistry.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Mode;
import com.google.zxing.qrcode.encoder.QRCode;

import cn.certregistry.signing.SigningKey;
import cn.certregistry.signing.TokenClaims;
import cn.certregistry.signing.Tokens;

/** Measures the symbol for a realistic certificate at each error-correction level (written to target/qr-sizes.txt). */
class QrSizeTest {

    /** A 30-character base URL, as the register's public address would be. */
    static final String BASE_URL = "HTTPS://VERIFY.CERTREGISTRY.CN";

    @Test
    void aRealisticCodeStaysWithinVersion10AtLevelM() throws Exception {
        assertEquals(30, BASE_URL.length());
        TokenClaims claims = new TokenClaims("WZTC-ASC-2026-0012345", "91440106MA59C4XJ7T", "AFTER_SALES_COMPLETENESS",
                "SEVEN_STAR", LocalDate.of(2026, 11, 20), LocalDate.of(2029, 11, 19), 1_795_000_000L);
        String url = BASE_URL + "/V/" + Tokens.sign(claims, SigningKey.generate("k2026a"));
        StringBuilder table = new StringBuilder("URL length " + url.length() + " characters\nECC  version  modules  with quiet zone  mode\n");
        for (ErrorCorrectionLevel ecc : ErrorCorrectionLevel.values()) {
            QRCode code = QrSymbols.encode(url, ecc);
            table.append(String.format("%-4s %7d  %7d  %15d  %s%n", ecc, code.getVersion().getVersionNumber(),
                    code.getMatrix().getWidth(), QrSymbols.sideInModules(code), code.getMode()));
            assertEquals(Mode.ALPHANUMERIC, code.getMode(), "the whole URL is in alphanumeric mode");
            if (ecc == ErrorCorrectionLevel.M) {
                assertTrue(code.getVersion().getVersionNumber() <= 10, table.toString());
            }
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "qr-sizes.txt"), table);
        System.out.print(table);
    }
}

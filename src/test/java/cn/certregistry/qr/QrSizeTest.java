package cn.certregistry.qr;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.decoder.Mode;
import com.google.zxing.qrcode.encoder.QRCode;

import cn.certregistry.signing.SigningKey;
import cn.certregistry.signing.TokenClaims;
import cn.certregistry.signing.Tokens;

/**
 * Measures the symbol for a realistic certificate at each error-correction level (written to target/qr-sizes.txt),
 * and holds it to the versions docs/token-format.md and the README give.
 */
class QrSizeTest {

    /** A 30-character base URL, as the register's public address would be. */
    static final String BASE_URL = "HTTPS://VERIFY.CERTREGISTRY.CN";
    /** A 12-character holder name, a common length: 36 bytes of UTF-8 in the token. */
    static final String HOLDER_NAME = "广州示例家电维修有限公司";
    /** A long one, 30 characters: measured and written down, not held to a version. */
    static final String LONG_HOLDER_NAME = "广州示例家用电器维修服务有限公司天河区第一分公司售后服务中心";
    /** The versions documented for the realistic certificate with {@link #HOLDER_NAME}. */
    static final Map<ErrorCorrectionLevel, Integer> DOCUMENTED = Map.of(ErrorCorrectionLevel.L, 10, ErrorCorrectionLevel.M, 11,
            ErrorCorrectionLevel.Q, 14, ErrorCorrectionLevel.H, 16);

    static String url(String holderName) {
        TokenClaims claims = new TokenClaims("WZTC-ASC-2026-0012345", "91440106MA59C4XJ7T", "AFTER_SALES_COMPLETENESS",
                "SEVEN_STAR", LocalDate.of(2026, 11, 20), LocalDate.of(2029, 11, 19), 1_795_000_000L, holderName, 1_234_567L);
        return BASE_URL + "/V/" + Tokens.sign(claims, SigningKey.generate("k2026a"));
    }

    @Test
    void aRealisticCodeIsVersion11AtLevelM() throws Exception {
        assertEquals(30, BASE_URL.length());
        assertEquals(12, HOLDER_NAME.length());
        assertEquals(30, LONG_HOLDER_NAME.length());
        StringBuilder table = new StringBuilder();
        Map<ErrorCorrectionLevel, Integer> measured = new java.util.EnumMap<>(ErrorCorrectionLevel.class);
        for (String name : new String[] {HOLDER_NAME, LONG_HOLDER_NAME}) {
            String url = url(name);
            table.append("holder name of " + name.length() + " characters: URL length " + url.length() + " characters\n")
                    .append("ECC  version  modules  with quiet zone  mode\n");
            for (ErrorCorrectionLevel ecc : ErrorCorrectionLevel.values()) {
                QRCode code = QrSymbols.encode(url, ecc);
                table.append(String.format("%-4s %7d  %7d  %15d  %s%n", ecc, code.getVersion().getVersionNumber(),
                        code.getMatrix().getWidth(), QrSymbols.sideInModules(code), code.getMode()));
                assertEquals(Mode.ALPHANUMERIC, code.getMode(), "the whole URL is in alphanumeric mode");
                if (name.equals(HOLDER_NAME)) {
                    measured.put(ecc, code.getVersion().getVersionNumber());
                }
            }
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "qr-sizes.txt"), table);
        System.out.print(table);
        assertEquals(DOCUMENTED, measured, "update docs/token-format.md (Size) and the README with:\n" + table);
    }
}

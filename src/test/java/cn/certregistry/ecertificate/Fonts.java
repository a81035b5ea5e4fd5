package cn.certregistry.ecertificate;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * An e-certificate is drawn in a CJK TrueType font that the machine provides (`.ci/run` installs one): on a bare JDK, the
 * tests that draw one are skipped, as the checks by programs that are not installed are.
 */
final class Fonts {

    private Fonts() {
    }

    static void assumeOne(ECertificateConfig config) {
        Assumptions.assumeTrue(config.fonts().stream().anyMatch(font -> Files.isReadable(Path.of(font))),
                "no CJK TrueType font is installed (apt-get install fonts-wqy-zenhei)");
    }
}

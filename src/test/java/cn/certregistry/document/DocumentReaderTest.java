package cn.certregistry.document;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/** What the reader takes from a page's text layer. */
class DocumentReaderTest {

    private static final Pattern NUMBERS = Pattern.compile("(?<![A-Za-z0-9-])(?:HXSC-|CQC-)[A-Za-z0-9-]*[0-9][A-Za-z0-9-]*");

    @Test
    void aNumberWrappedAfterAHyphenIsReadWhole() {
        // as Chromium prints a certificate page whose number column is narrow
        assertEquals(List.of("HXSC-ASC-2026-0000057"), DocumentReader.printedNumbers("证书编号 HXSC-ASC-2026-\n0000057\n状态", NUMBERS));
        assertEquals(List.of("HXSC-ASC-2026-0000057"), DocumentReader.printedNumbers("HXSC-ASC-2026- \r\n 0000057", NUMBERS));
    }

    @Test
    void numbersAreTakenOnceEachAndOnlyUnderAPrefix() {
        assertEquals(List.of("HXSC-AS-2024-0000001", "CQC-2025-7"), DocumentReader.printedNumbers(
                "HXSC-AS-2024-0000001 again HXSC-AS-2024-0000001, CQC-2025-7- and XHXSC-AS-1 and HXSC-ONLY", NUMBERS));
    }
}

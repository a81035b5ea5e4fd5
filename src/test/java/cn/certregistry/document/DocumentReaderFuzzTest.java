package cn.certregistry.document;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * The bid file reader on untrusted bytes: it reads a document or refuses it with a named reason, never throws anything
 * else, and stays within its limits (small ones here, so that each input costs little). Seeds: a blank PDF, a PDF
 * holding a QR code, a PNG of one, an OFD holding one turned 30° and a printed number ({@link OfdFiles}).
 */
class DocumentReaderFuzzTest {

    private static final DocumentLimits SMALL = new DocumentLimits(1_000_000, 3, 50, 500_000, 4_000_000, 8 << 20, 32 << 20,
            Duration.ofSeconds(5));
    private static final Pattern NUMBERS = Pattern.compile("(?<![A-Za-z0-9-])(?:HXSC-)[A-Za-z0-9-]*[0-9][A-Za-z0-9-]*");

    @FuzzTest(maxDuration = "2m")
    void read(byte[] input) {
        try {
            DocumentReader.Read read = DocumentReader.read(input, SMALL, Instant.now().plus(SMALL.maxTime()), NUMBERS);
            assertTrue(read.pages() <= SMALL.maxPages(), "read more pages than allowed: " + read.pages());
        } catch (DocumentRefused refused) {
            assertTrue(refused.reason() != null && refused.getMessage() != null);
        }
    }

    /** The same as a PDF: the input after a PDF header, so that the fuzzer explores the parser rather than the sniffing. */
    @FuzzTest(maxDuration = "2m")
    void pdf(byte[] input) {
        byte[] pdf = new byte[input.length + 9];
        System.arraycopy("%PDF-1.7\n".getBytes(), 0, pdf, 0, 9);
        System.arraycopy(input, 0, pdf, 9, input.length);
        read(pdf);
    }
}

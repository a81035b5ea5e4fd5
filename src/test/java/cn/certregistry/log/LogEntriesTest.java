package cn.certregistry.log;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/** The test vectors of docs/log-format.md, "Entries": the bytes of two entries of one certificate and their leaf hashes. */
class LogEntriesTest {

    static final String ISSUED = "{\"body\":\"CQC\",\"certificate\":\"CQC-AS-2024-000123\",\"effectiveDate\":\"2024-09-14\","
            + "\"expiryDate\":\"2027-09-13\",\"grade\":\"FIVE_STAR\",\"holderCreditCode\":\"91440101MA5CYL2X3R\","
            + "\"holderName\":\"广州瑞丰电器有限公司\",\"holderRegion\":\"440106\",\"issueDate\":\"2024-09-14\",\"kind\":\"ISSUED\","
            + "\"recordedAt\":\"2024-09-14T02:30:00.000000Z\",\"scheme\":\"AFTER_SALES\",\"scope\":\"家用电器的售后服务\",\"score\":\"95.00\","
            + "\"scoreScale\":100,\"siteRegion\":\"440106\",\"v\":1}";
    static final String SUSPENDED = "{\"body\":\"CQC\",\"certificate\":\"CQC-AS-2024-000123\",\"effectiveDate\":\"2025-10-20\","
            + "\"kind\":\"SUSPENDED\",\"previous\":\"ShH5cp9tOQNByoLGnZUg/tpspRm6I+NLHJdp10q5J2k=\",\"reason\":\"未按期接受年度监督审核\","
            + "\"recordedAt\":\"2025-10-20T01:00:00.000000Z\",\"v\":1}";

    @Test
    void anEntryIsItsChangeInCanonicalJsonChainedToTheCertificatesEntryBefore() {
        // the outbox's detail as PostgreSQL's jsonb writes it: keys in its own order, with spaces
        byte[] issued = LogEntries.encode(new LogEntries.Change("ISSUED", "CQC-AS-2024-000123", "CQC",
                "{\"scope\": \"家用电器的售后服务\", \"grade\": \"FIVE_STAR\", \"score\": \"95.00\", \"scheme\": \"AFTER_SALES\","
                        + " \"issueDate\": \"2024-09-14\", \"expiryDate\": \"2027-09-13\", \"holderName\": \"广州瑞丰电器有限公司\","
                        + " \"recordedAt\": \"2024-09-14T02:30:00.000000Z\", \"scoreScale\": 100, \"siteRegion\": \"440106\","
                        + " \"holderRegion\": \"440106\", \"effectiveDate\": \"2024-09-14\", \"holderCreditCode\": \"91440101MA5CYL2X3R\"}"),
                null);
        assertEquals(ISSUED, new String(issued, StandardCharsets.UTF_8));
        assertEquals("0fce54ee9ab608428735a1c0522219822d94bab7c1222e406473657fba2d815b", HexFormat.of().formatHex(Merkle.leafHash(issued)));
        byte[] suspended = LogEntries.encode(new LogEntries.Change("SUSPENDED", "CQC-AS-2024-000123", "CQC",
                "{\"reason\": \"未按期接受年度监督审核\", \"recordedAt\": \"2025-10-20T01:00:00.000000Z\", \"effectiveDate\": \"2025-10-20\"}"),
                issued);
        assertEquals(SUSPENDED, new String(suspended, StandardCharsets.UTF_8));
        assertEquals("00ec07fdd78f259ae27cf4dbe0beb5285151af0dc77f566cbd767ee1ffd35625",
                HexFormat.of().formatHex(Merkle.leafHash(suspended)));
    }

    @Test
    void aDecodedEntryEncodesToTheSameBytes() {
        assertEquals(ISSUED, new String(LogEntries.encodeFields(LogEntries.decode(ISSUED.getBytes(StandardCharsets.UTF_8))),
                StandardCharsets.UTF_8));
    }
}

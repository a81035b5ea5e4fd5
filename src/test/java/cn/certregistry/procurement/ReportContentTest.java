package cn.certregistry.procurement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import cn.certregistry.log.TransparencyLog;
import cn.certregistry.verification.ProcurementVerdict;
import cn.certregistry.verification.VerificationService;

/** A line whose certificate's latest change the checkpoint does not cover yet says so, and proves nothing older. */
class ReportContentTest {

    @Test
    void aLineBehindTheLogIsMarkedAndCarriesNoEntry() throws Exception {
        LocalDate day = LocalDate.of(2026, 11, 15);
        List<VerificationService.Check> checks = List.of(check("A-1"), check("A-2"));
        ProcurementCheck.Outcome outcome = new ProcurementCheck.Outcome(day, OffsetDateTime.of(2026, 11, 15, 8, 0, 0, 0,
                ZoneOffset.ofHours(8)), List.of(new ProcurementCheck.Line(1, "A-1", null), new ProcurementCheck.Line(2, "A-2", null)),
                checks);
        byte[] entry = "{\"certificate\":\"A-1\",\"kind\":\"ISSUED\",\"v\":1}".getBytes();
        TransparencyLog.Receipts receipts = new TransparencyLog.Receipts(new TransparencyLog.Signed(1, new byte[32], "note"),
                Map.of("A-1", new TransparencyLog.Receipt("A-1", 0, entry, List.of(), 0),
                        "A-2", new TransparencyLog.Receipt("A-2", -1, null, null, 1)));

        JsonNode content = new ObjectMapper().readTree(ProcurementPage.reportContent(outcome, receipts, "key", "quorum none\n"));

        JsonNode inLog = content.get("lines").get(0).get("log");
        assertEquals(0, inLog.get("index").asLong());
        assertEquals(Base64.getEncoder().encodeToString(entry), inLog.get("entry").asText());
        JsonNode behind = content.get("lines").get(1).get("log");
        assertEquals(ProcurementPage.NOT_YET_IN_LOG, behind.get("state").asText());
        assertEquals(1, behind.get("pendingChanges").asInt());
        assertNull(behind.get("entry"));
        assertFalse(behind.has("index"));
        assertEquals("note", content.get("log").get("checkpoint").asText());
    }

    private static VerificationService.Check check(String number) {
        return new VerificationService.Check(null, number, null, LocalDate.of(2026, 11, 15), ProcurementVerdict.VALID_ON_DATE,
                ProcurementVerdict.VALID_ON_DATE.label, true, null, null, null, null, "某公司", "AFTER_SALES", "FOUR_STAR", null, null, null);
    }
}

package cn.certregistry.log.monitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import cn.certregistry.log.LogEntries;

/** What the monitor reads in the log's entries: canonical form, each certificate's chain, prefixes and signing keys. */
class EntryRulesTest {

    private static byte[] entry(String kind, String certificate, String body, byte[] previous, Map<String, Object> fields) {
        return LogEntries.encode(new LogEntries.Change(kind, certificate, body, LogEntries.encodeFields(fields).length > 0
                ? new String(LogEntries.encodeFields(fields), StandardCharsets.UTF_8) : "{}"), previous);
    }

    @Test
    void anHonestLogHasNothingToSay() {
        EntryRules rules = new EntryRules();
        rules.accept(0, entry("NUMBER_PREFIX_REGISTERED", null, "CQC", null, Map.of("prefix", "CQC-")));
        byte[] issued = entry("ISSUED", "CQC-1", "CQC", null, Map.of("effectiveDate", "2026-01-01"));
        rules.accept(1, issued);
        rules.accept(2, entry("SUSPENDED", "CQC-1", "CQC", issued, Map.of("effectiveDate", "2026-02-01")));
        rules.accept(3, entry("SIGNING_KEY_ADDED", null, null, null, Map.of("kid", "k1", "publicKey", "AAAA", "state", "ACTIVE")));
        rules.accept(4, entry("SIGNING_KEY_RETIRED", null, null, null, Map.of("kid", "k1", "publicKey", "AAAA", "state", "RETIRED")));
        rules.accept(5, entry("DOCUMENT_SIGNING_KEY_ADDED", null, null, null, Map.of("kid", "d1", "x509Certificate", "AAAA",
                "state", "RETIRED")));
        rules.accept(6, entry("DOCUMENT_SIGNING_KEY_REVOKED", null, null, null, Map.of("kid", "d1", "x509Certificate", "AAAA",
                "state", "REVOKED")));
        assertEquals(List.of(), rules.findings());
        assertEquals(Map.of("k1", "AAAA"), rules.signingKeys());
    }

    @Test
    void eachDishonestyIsNamed() {
        EntryRules rules = new EntryRules();
        rules.accept(0, entry("NUMBER_PREFIX_REGISTERED", null, "CQC", null, Map.of("prefix", "CQC-")));
        byte[] issued = entry("ISSUED", "CQC-1", "CQC", null, Map.of("effectiveDate", "2026-01-01"));
        rules.accept(1, issued);
        // a history rewritten: the suspension follows another entry than the certificate's last
        rules.accept(2, entry("SUSPENDED", "CQC-1", "CQC", "another".getBytes(StandardCharsets.UTF_8),
                Map.of("effectiveDate", "2026-02-01")));
        // a number taken from another body's range
        rules.accept(3, entry("ISSUED", "HXSC-9", "CQC", null, Map.of("effectiveDate", "2026-01-01")));
        // not canonical: a space after a colon
        rules.accept(4, "{\"kind\": \"BODY_CHANGED\",\"v\":1}".getBytes(StandardCharsets.UTF_8));
        // a key that changes its public key
        rules.accept(5, entry("SIGNING_KEY_ADDED", null, null, null, Map.of("kid", "k1", "publicKey", "AAAA", "state", "ACTIVE")));
        rules.accept(6, entry("SIGNING_KEY_REVOKED", null, null, null, Map.of("kid", "k1", "publicKey", "BBBB", "state", "REVOKED")));
        rules.accept(7, "not json".getBytes(StandardCharsets.UTF_8));
        // a document-signing key that changes its certificate, and one brought back after its revocation
        rules.accept(8, entry("DOCUMENT_SIGNING_KEY_ADDED", null, null, null, Map.of("kid", "d1", "x509Certificate", "AAAA",
                "state", "ACTIVE")));
        rules.accept(9, entry("DOCUMENT_SIGNING_KEY_REVOKED", null, null, null, Map.of("kid", "d1", "x509Certificate", "BBBB",
                "state", "REVOKED")));
        rules.accept(10, entry("DOCUMENT_SIGNING_KEY_RETIRED", null, null, null, Map.of("kid", "d1", "x509Certificate", "AAAA",
                "state", "RETIRED")));
        List<String> findings = rules.findings();
        assertEquals(7, findings.size(), findings.toString());
        assertTrue(findings.get(0).startsWith("entry 2 does not follow CQC-1's entry before it"), findings.get(0));
        assertTrue(findings.get(1).startsWith("entry 3 issues HXSC-9 for CQC"), findings.get(1));
        assertTrue(findings.get(2).startsWith("entry 4 is not in canonical form"), findings.get(2));
        assertTrue(findings.get(3).startsWith("entry 6 gives signing key k1 another public key"), findings.get(3));
        assertEquals("entry 7 is not a JSON object", findings.get(4));
        assertTrue(findings.get(5).startsWith("entry 9 gives document-signing key d1 another certificate"), findings.get(5));
        assertEquals("entry 10 makes the revoked document-signing key d1 RETIRED", findings.get(6));
    }
}

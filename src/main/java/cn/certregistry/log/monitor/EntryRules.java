package cn.certregistry.log.monitor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cn.certregistry.common.Hashes;
import cn.certregistry.log.LogEntries;

/**
 * What the log's entries say, read in order from the first (docs/log-format.md): each is canonical JSON of version 1;
 * each certificate's entries form a chain by {@code previous}; a certificate is issued under a number prefix its body
 * had registered by then; a signing key keeps the public key it entered with, a document-signing key its certificate,
 * and a revoked document-signing key stays revoked. Free of I/O: the monitor feeds it the
 * entries it downloads, and reads its findings.
 */
final class EntryRules {

    /** More than this many findings of one run say the same thing about the log; the rest are counted. */
    private static final int MOST = 20;

    private final Map<String, byte[]> lastOfCertificate = new HashMap<>();
    private final Map<String, Set<String>> prefixesOfBody = new HashMap<>();
    private final Map<String, String> keyOfKid = new HashMap<>();
    private final Map<String, Long> addedAtByKey = new HashMap<>();
    private final Map<String, String> certificateOfDocumentKid = new HashMap<>();
    private final Set<String> revokedDocumentKids = new HashSet<>();
    private final List<String> findings = new ArrayList<>();
    private int more;

    /** The next entry of the log, at {@code index}. */
    void accept(long index, byte[] entry) {
        Map<String, Object> fields;
        try {
            fields = LogEntries.decode(entry);
        } catch (RuntimeException e) {
            find("entry " + index + " is not a JSON object");
            return;
        }
        if (!Arrays.equals(LogEntries.encodeFields(fields), entry)) {
            find("entry " + index + " is not in canonical form (sorted keys, no spaces)");
        }
        if (!Integer.valueOf(LogEntries.VERSION).equals(fields.get("v"))) {
            find("entry " + index + " is of version " + fields.get("v") + ", not " + LogEntries.VERSION);
        }
        String kind = String.valueOf(fields.get("kind"));
        Object body = fields.get("body");
        Object certificate = fields.get("certificate");
        if (certificate instanceof String number) {
            chain(index, number, fields.get("previous"), entry);
            if (kind.equals("ISSUED") && body instanceof String code) {
                Set<String> prefixes = prefixesOfBody.getOrDefault(code, Set.of());
                if (!prefixes.isEmpty() && prefixes.stream().noneMatch(number::startsWith)) {
                    find("entry " + index + " issues " + number + " for " + code + ", whose number prefixes then were "
                            + prefixes);
                }
            }
        }
        if (kind.equals("NUMBER_PREFIX_REGISTERED") && body instanceof String code && fields.get("prefix") instanceof String prefix) {
            prefixesOfBody.computeIfAbsent(code, c -> new HashSet<>()).add(prefix);
        }
        if (kind.startsWith("SIGNING_KEY_") && fields.get("kid") instanceof String kid && fields.get("publicKey") instanceof String key) {
            if (kind.equals("SIGNING_KEY_ADDED")) {
                addedAtByKey.putIfAbsent(key, index);
            }
            String known = keyOfKid.putIfAbsent(kid, key);
            if (known != null && !known.equals(key)) {
                find("entry " + index + " gives signing key " + kid + " another public key than it entered the log with");
            }
        }
        if (kind.startsWith("DOCUMENT_SIGNING_KEY_") && fields.get("kid") instanceof String kid
                && fields.get("x509Certificate") instanceof String x509) {
            String known = certificateOfDocumentKid.putIfAbsent(kid, x509);
            if (known != null && !known.equals(x509)) {
                find("entry " + index + " gives document-signing key " + kid + " another certificate than it entered the log with");
            }
            if ("REVOKED".equals(fields.get("state"))) {
                revokedDocumentKids.add(kid);
            } else if (revokedDocumentKids.contains(kid)) {
                find("entry " + index + " makes the revoked document-signing key " + kid + " " + fields.get("state"));
            }
        }
    }

    /** The public keys the log's entries gave each signing key, by kid. */
    Map<String, String> signingKeys() {
        return Map.copyOf(keyOfKid);
    }

    /** The index of the entry that added a signing key (by its public key, base64), or null. */
    Long addedAt(String publicKey) {
        return addedAtByKey.get(publicKey);
    }

    List<String> findings() {
        List<String> all = new ArrayList<>(findings);
        if (more > 0) {
            all.add("and " + more + " more findings about entries");
        }
        return all;
    }

    private void chain(long index, String number, Object previous, byte[] entry) {
        byte[] last = lastOfCertificate.put(number, entry);
        String expected = last == null ? null : Base64.getEncoder().encodeToString(Hashes.sha256().digest(last));
        if (expected == null && previous != null) {
            find("entry " + index + " names a previous entry of " + number + ", which has none before it");
        } else if (expected != null && !expected.equals(previous)) {
            find("entry " + index + " does not follow " + number + "'s entry before it (previous is " + previous + ", not "
                    + expected + ")");
        }
    }

    private void find(String finding) {
        if (findings.size() < MOST) {
            findings.add(finding);
        } else {
            more++;
        }
    }
}

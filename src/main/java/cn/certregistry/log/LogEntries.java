package cn.certregistry.log;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The bytes of a log entry (docs/log-format.md): canonical JSON, its keys sorted and no space, all values
 * strings or small integers, so that anyone re-encodes an entry they decoded to the same bytes. A
 * certificate's entry names the hash of that certificate's previous entry, chaining its history.
 */
public final class LogEntries {

    public static final int VERSION = 1;
    private static final ObjectMapper CANONICAL = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private LogEntries() {
    }

    /** One change as the outbox recorded it: its kind, whom it concerns and what changed. */
    public record Change(String kind, String certificate, String body, String detailJson) {
    }

    public static byte[] encode(Change change, byte[] previous) {
        Map<String, Object> entry = new TreeMap<>(decode(change.detailJson()));
        entry.put("v", VERSION);
        entry.put("kind", change.kind());
        if (change.certificate() != null) {
            entry.put("certificate", change.certificate());
            if (previous != null) {
                entry.put("previous", Base64.getEncoder().encodeToString(sha256(previous)));
            }
        }
        if (change.body() != null) {
            entry.put("body", change.body());
        }
        return encodeFields(entry);
    }

    /** The canonical bytes of an entry's fields: whoever decodes an entry gets its bytes back from this. */
    public static byte[] encodeFields(Map<String, Object> fields) {
        try {
            return CANONICAL.writeValueAsBytes(new TreeMap<>(fields));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An entry's fields, as the feed shows them. */
    public static Map<String, Object> decode(byte[] entry) {
        try {
            return CANONICAL.readValue(entry, MAP);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a log entry: " + e.getMessage(), e);
        }
    }

    private static Map<String, Object> decode(String json) {
        try {
            return CANONICAL.readValue(json, MAP);
        } catch (IOException e) {
            throw new IllegalArgumentException("Not a change's detail: " + e.getMessage(), e);
        }
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

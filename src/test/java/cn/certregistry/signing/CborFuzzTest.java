package cn.certregistry.signing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * CBOR decoding of untrusted token bytes: a refusal is an IllegalArgumentException with one of the
 * decoder's named reasons, and whatever decodes re-encodes (canonically, never longer) to bytes that
 * decode to the same item.
 */
class CborFuzzTest {

    private static final Set<String> REASONS = Set.of(Cbor.TRUNCATED, Cbor.UNSUPPORTED, Cbor.TRAILING, Cbor.TOO_DEEP);

    @FuzzTest(maxDuration = "2m")
    void decode(byte[] input) {
        Object item;
        try {
            item = Cbor.decode(input);
        } catch (IllegalArgumentException e) {
            assertTrue(REASONS.contains(e.getMessage()), () -> "unnamed reason: " + e.getMessage());
            return;
        }
        byte[] canonical = Cbor.encode(item);
        assertTrue(canonical.length <= input.length, "the shortest form is never longer");
        assertTrue(same(item, Cbor.decode(canonical)), "decode(encode(item)) is the item");
        assertTrue(Arrays.equals(canonical, Cbor.encode(Cbor.decode(canonical))), "canonical bytes are a fixed point");
    }

    /** Deep equality with byte strings compared by content. */
    static boolean same(Object a, Object b) {
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!same(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<? extends Map.Entry<?, ?>> i = x.entrySet().iterator();
            Iterator<? extends Map.Entry<?, ?>> j = y.entrySet().iterator();
            while (i.hasNext()) {
                Map.Entry<?, ?> p = i.next();
                Map.Entry<?, ?> q = j.next();
                if (!p.getKey().equals(q.getKey()) || !same(p.getValue(), q.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Cbor.Tagged x && b instanceof Cbor.Tagged y) {
            return x.tag() == y.tag() && same(x.value(), y.value());
        }
        return a.equals(b);
    }

    @FuzzTest(maxDuration = "2m")
    void encodeDecode(com.code_intelligence.jazzer.api.FuzzedDataProvider data) {
        Object item = item(data, 0);
        assertTrue(same(item, Cbor.decode(Cbor.encode(item))));
        assertEquals(Cbor.encode(item).length, Cbor.encode(Cbor.decode(Cbor.encode(item))).length);
    }

    private static Object item(com.code_intelligence.jazzer.api.FuzzedDataProvider data, int depth) {
        int kind = data.consumeInt(0, depth >= 8 ? 2 : 5);
        return switch (kind) {
            case 0 -> data.consumeLong();
            case 1 -> data.consumeBytes(data.consumeInt(0, 64));
            case 2 -> data.consumeString(64);
            case 3 -> {
                int n = data.consumeInt(0, 4);
                java.util.List<Object> list = new java.util.ArrayList<>();
                for (int k = 0; k < n; k++) {
                    list.add(item(data, depth + 1));
                }
                yield list;
            }
            case 4 -> {
                int n = data.consumeInt(0, 4);
                Map<Object, Object> map = new java.util.LinkedHashMap<>();
                for (int k = 0; k < n; k++) {
                    map.put(data.consumeBoolean() ? (Object) data.consumeLong() : data.consumeString(16), item(data, depth + 1));
                }
                yield map;
            }
            default -> new Cbor.Tagged(data.consumeLong(0, Long.MAX_VALUE), item(data, depth + 1));
        };
    }
}

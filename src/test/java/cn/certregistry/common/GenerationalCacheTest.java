package cn.certregistry.common;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GenerationalCacheTest {

    @Test
    void staysWithinItsWeightAndKeepsWhatIsAskedForOften() {
        GenerationalCache<Integer, byte[]> cache = new GenerationalCache<>(1000, bytes -> bytes.length);
        cache.put(-1, new byte[10]);
        for (int i = 0; i < 1000; i++) {
            cache.put(i, new byte[30]);
            assertTrue(cache.weight() <= 1000, "weight " + cache.weight());
            assertEquals(10, cache.get(-1).length, "the often asked for entry is still there after " + i + " others");
        }
        assertNull(cache.get(0), "the first of a thousand others is gone");
        assertEquals(30, cache.get(999).length);
    }

    @Test
    void aValueHeavierThanAGenerationIsNotKept() {
        GenerationalCache<String, byte[]> cache = new GenerationalCache<>(100, bytes -> bytes.length);
        cache.put("big", new byte[51]);
        assertNull(cache.get("big"));
        assertEquals(0, cache.weight());
        cache.put("small", new byte[50]);
        assertEquals(50, cache.get("small").length);
    }

    @Test
    void aRemovedEntryIsGoneFromBothGenerations() {
        GenerationalCache<String, String> cache = GenerationalCache.ofEntries(4);
        cache.put("a", "1");
        cache.put("b", "2");
        cache.put("c", "3");
        cache.remove("a");
        cache.remove("c");
        assertNull(cache.get("a"));
        assertNull(cache.get("c"));
        assertEquals("2", cache.get("b"));
    }
}

package cn.certregistry.region;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;

import cn.certregistry.common.ProblemException;
import cn.certregistry.common.ProblemType;

/**
 * What a user types for a region (a code of 2, 4 or 6 digits, or a name with or without its suffix),
 * against the real GB/T 2260 table: an invalid-parameter problem naming the parameter, or divisions that
 * the input names, each with a code range that holds it and a path from its province down to it.
 */
class RegionFuzzTest {

    private static final RegionService REGIONS = TestRegions.service();

    @FuzzTest(maxDuration = "2m")
    void resolve(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        List<Region> found;
        try {
            found = REGIONS.resolve("region", text);
        } catch (ProblemException e) {
            assertEquals(ProblemType.INVALID_PARAMETER, e.type());
            assertEquals("region", e.parameter());
            return;
        }
        assertFalse(found.isEmpty());
        boolean code = text.matches("[0-9]{2}|[0-9]{4}|[0-9]{6}");
        for (Region region : found) {
            if (code) {
                assertEquals(1, found.size());
                assertEquals((text + "0000").substring(0, 6), region.code);
            } else {
                assertTrue(region.name.equals(text) || text.codePointCount(0, text.length()) >= 2 && region.name.startsWith(text),
                        () -> text + " resolved to " + region.name);
            }
            Region.CodeRange range = region.codeRange();
            assertTrue(range.first().compareTo(region.code) <= 0 && region.code.compareTo(range.last()) <= 0);
            List<Region> path = REGIONS.path(region.code);
            assertEquals(region.code, path.get(path.size() - 1).code);
            assertEquals(null, path.get(0).parentCode);
            for (Region step : path) {
                assertTrue(step.codeRange().first().compareTo(region.code) <= 0 && region.code.compareTo(step.codeRange().last()) <= 0,
                        () -> region.code + " lies outside its ancestor " + step.code);
            }
        }
    }
}

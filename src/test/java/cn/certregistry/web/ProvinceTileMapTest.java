package cn.certregistry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ProvinceTileMapTest {

    @Test
    void thirtyFourProvincesEachOnASquareOfItsOwn() {
        assertEquals(34, ProvinceTileMap.TILES.size());
        Set<String> codes = new HashSet<>();
        Set<String> places = new HashSet<>();
        for (ProvinceTileMap.Tile tile : ProvinceTileMap.TILES) {
            assertTrue(codes.add(tile.code()), tile.code());
            assertTrue(places.add(tile.column() + "," + tile.row()), tile + " shares its square");
            assertTrue(tile.column() >= 0 && tile.column() < 8 && tile.row() >= 0 && tile.row() < 8, tile.toString());
        }
    }

    /** The legend's steps are what the tiles are shaded by: every figure up to the largest lies in its shade's step. */
    @Test
    void theLegendSaysWhichFiguresEachShadeStandsFor() {
        for (long max : List.of(0L, 1L, 2L, 3L, 4L, 5L, 7L, 10L, 99L, 1000L, 123457L)) {
            Map<String, Long> counts = new HashMap<>(Map.of("44", max, "11", 0L));
            List<ProvinceTileMap.Step> legend = ProvinceTileMap.legend(counts);
            for (long value = 0; value <= Math.min(max, 2000); value++) {
                String shade = ProvinceTileMap.SHADES.get(ProvinceTileMap.shade(value, max));
                long figure = value;
                List<ProvinceTileMap.Step> holding = legend.stream().filter(s -> s.from() <= figure && figure <= s.to()).toList();
                assertEquals(1, holding.size(), value + " of " + max + " in " + legend);
                assertEquals(shade, holding.get(0).colour(), value + " of " + max + " in " + legend);
            }
            assertEquals(max, legend.get(legend.size() - 1).to(), "the last step ends at the largest figure");
        }
    }

    @Test
    void eachTileLinksToItsProvinceWithItsFigureAndTheCurrentOneIsOutlined() {
        String svg = ProvinceTileMap.svg("map", Map.of("44", 12L), "44", "?scheme=AFTER_SALES");
        assertTrue(svg.contains("<a href=\"/regions/44?scheme=AFTER_SALES\" id=\"tile-44\" aria-label=\"广东 12\">"), svg);
        assertTrue(svg.contains("<a href=\"/regions/11?scheme=AFTER_SALES\" id=\"tile-11\" aria-label=\"北京 0\">"), svg);
        assertEquals(1, svg.split("stroke=\"#a4161a\"", -1).length - 1, "one outlined tile");
    }
}

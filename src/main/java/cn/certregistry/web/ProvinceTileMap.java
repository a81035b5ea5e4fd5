package cn.certregistry.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The 34 provincial divisions as a tile-grid cartogram: one square each, placed roughly where it lies, shaded by a
 * figure, each a link to its page. No borders are drawn (maps of China with borders need official review; a tile grid
 * shows no border). Inline SVG, readable without script; the page gives the same figures in a table.
 */
public final class ProvinceTileMap {

    /** A province's place on the grid: its two-digit GB/T 2260 code, its short name, its column and row. */
    public record Tile(String code, String name, int column, int row) {
    }

    public static final List<Tile> TILES = List.of(
            new Tile("23", "黑龙江", 7, 0),
            new Tile("15", "内蒙古", 3, 1), new Tile("11", "北京", 5, 1), new Tile("21", "辽宁", 6, 1), new Tile("22", "吉林", 7, 1),
            new Tile("65", "新疆", 0, 2), new Tile("62", "甘肃", 2, 2), new Tile("64", "宁夏", 3, 2), new Tile("14", "山西", 4, 2),
            new Tile("13", "河北", 5, 2), new Tile("12", "天津", 6, 2),
            new Tile("63", "青海", 1, 3), new Tile("61", "陕西", 3, 3), new Tile("41", "河南", 4, 3), new Tile("37", "山东", 5, 3),
            new Tile("54", "西藏", 0, 4), new Tile("51", "四川", 2, 4), new Tile("50", "重庆", 3, 4), new Tile("42", "湖北", 4, 4),
            new Tile("34", "安徽", 5, 4), new Tile("32", "江苏", 6, 4), new Tile("31", "上海", 7, 4),
            new Tile("53", "云南", 2, 5), new Tile("52", "贵州", 3, 5), new Tile("43", "湖南", 4, 5), new Tile("36", "江西", 5, 5),
            new Tile("33", "浙江", 6, 5),
            new Tile("45", "广西", 3, 6), new Tile("44", "广东", 4, 6), new Tile("35", "福建", 5, 6), new Tile("71", "台湾", 6, 6),
            new Tile("46", "海南", 2, 7), new Tile("82", "澳门", 4, 7), new Tile("81", "香港", 5, 7));

    /** Light to dark; a tile's text is white on the two darkest. */
    static final List<String> SHADES = List.of("#eef3fa", "#c6d8ef", "#8fb2de", "#4a7fc1", "#0b4f9c");
    private static final int SIZE = 42;
    private static final int GAP = 2;
    private static final int COLUMNS = 8;
    private static final int ROWS = 8;
    static final int WIDTH = COLUMNS * (SIZE + GAP);

    private ProvinceTileMap() {
    }

    /** The shade of a figure: five equal steps up to the largest (0 has the lightest). */
    static int shade(long value, long max) {
        return value <= 0 ? 0 : (int) Math.min(SHADES.size() - 1, 1 + (value - 1) * (SHADES.size() - 1) / Math.max(1, max));
    }

    /**
     * @param counts   the figure of each province, by two-digit code (absent is 0)
     * @param current  the two-digit code of the province to outline, or null
     * @param query    what each tile's link adds to its address (a scheme filter), or ""
     */
    public static String svg(String title, Map<String, Long> counts, String current, String query) {
        long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
        int height = ROWS * (SIZE + GAP);
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"group\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(height).append("\" aria-label=\"").append(BarChart.escape(title)).append("\"><title>").append(BarChart.escape(title))
                .append("</title>");
        for (Tile tile : TILES) {
            long value = counts.getOrDefault(tile.code(), 0L);
            int shade = shade(value, max);
            int x = tile.column() * (SIZE + GAP);
            int y = tile.row() * (SIZE + GAP);
            String text = shade >= SHADES.size() - 2 ? "#ffffff" : "#1a1a1a";
            svg.append("<a href=\"/regions/").append(tile.code()).append(BarChart.escape(query)).append("\" id=\"tile-")
                    .append(tile.code()).append("\" aria-label=\"").append(tile.name()).append(' ').append(value).append("\">")
                    .append("<title>").append(tile.name()).append(": ").append(value).append("</title>")
                    .append("<rect x=\"").append(x).append("\" y=\"").append(y).append("\" width=\"").append(SIZE)
                    .append("\" height=\"").append(SIZE).append("\" rx=\"3\" fill=\"").append(SHADES.get(shade)).append('"')
                    .append(tile.code().equals(current) ? " stroke=\"#a4161a\" stroke-width=\"3\"" : "").append("/>")
                    .append("<text x=\"").append(x + SIZE / 2).append("\" y=\"").append(y + 17)
                    .append("\" font-size=\"12\" text-anchor=\"middle\" fill=\"").append(text).append("\">").append(tile.name())
                    .append("</text><text x=\"").append(x + SIZE / 2).append("\" y=\"").append(y + 33)
                    .append("\" font-size=\"11\" text-anchor=\"middle\" fill=\"").append(text).append("\">").append(value)
                    .append("</text></a>");
        }
        return svg.append("</svg>").toString();
    }

    /** The legend's steps: each shade with the lowest and highest figure it stands for. */
    public record Step(String colour, long from, long to) {
    }

    public static List<Step> legend(Map<String, Long> counts) {
        long max = counts.values().stream().mapToLong(Long::longValue).max().orElse(0);
        ArrayList<Step> steps = new ArrayList<>();
        steps.add(new Step(SHADES.get(0), 0, 0));
        int bands = SHADES.size() - 1;
        for (int band = 1; band <= bands && max > 0; band++) {
            // shade(v) = 1 + (v - 1) * bands / max, so band b holds v from ceil((b - 1) * max / bands) + 1
            long from = ceilDiv((band - 1) * max, bands) + 1;
            long to = band == bands ? max : ceilDiv(band * max, bands);
            if (from <= to) {
                steps.add(new Step(SHADES.get(band), from, to));
            }
        }
        return steps;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}

package cn.certregistry.web;

import java.util.List;

/**
 * A horizontal bar chart as inline SVG, drawn on the server: no script, prints as it shows. Each bar has its label
 * above it and its number at its end; the chart is drawn at about the width of a phone, so that there its 14 px text
 * is shown at 14 px.
 */
public final class BarChart {

    static final int WIDTH = 340;
    private static final int ROW = 40;
    private static final int BAR_HEIGHT = 14;
    private static final int NUMBER_ROOM = 64;
    static final int FONT_SIZE = 14;

    public record Bar(String label, long value, String colour) {
    }

    private BarChart() {
    }

    public static String svg(String title, List<Bar> bars) {
        long max = Math.max(1, bars.stream().mapToLong(Bar::value).max().orElse(1));
        int height = Math.max(1, bars.size()) * ROW + 4;
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(height).append("\" aria-label=\"").append(escape(title)).append("\"><title>").append(escape(title)).append("</title>");
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = i * ROW + 2;
            int length = (int) Math.round((WIDTH - NUMBER_ROOM) * (double) bar.value() / max);
            svg.append("<text x=\"0\" y=\"").append(y + 15).append("\" font-size=\"").append(FONT_SIZE).append("\" fill=\"#1a1a1a\">")
                    .append(escape(bar.label())).append("</text>")
                    .append("<rect x=\"0\" y=\"").append(y + 21).append("\" width=\"").append(Math.max(length, bar.value() > 0 ? 2 : 0))
                    .append("\" height=\"").append(BAR_HEIGHT).append("\" fill=\"").append(bar.colour()).append("\"/>")
                    .append("<text x=\"").append(length + 6).append("\" y=\"").append(y + 33).append("\" font-size=\"")
                    .append(FONT_SIZE).append("\" fill=\"#1a1a1a\">").append(bar.value()).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

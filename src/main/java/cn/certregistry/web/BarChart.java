package cn.certregistry.web;

import java.util.List;

/** A horizontal bar chart as inline SVG, drawn on the server: no script, prints as it shows. */
public final class BarChart {

    private static final int WIDTH = 480;
    private static final int LABEL_WIDTH = 170;
    private static final int ROW = 26;

    public record Bar(String label, long value, String colour) {
    }

    private BarChart() {
    }

    public static String svg(String title, List<Bar> bars) {
        long max = Math.max(1, bars.stream().mapToLong(Bar::value).max().orElse(1));
        int height = Math.max(ROW, bars.size() * ROW) + 4;
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(height).append("\" aria-label=\"").append(escape(title)).append("\">");
        for (int i = 0; i < bars.size(); i++) {
            Bar bar = bars.get(i);
            int y = i * ROW + 2;
            int length = (int) Math.round((WIDTH - LABEL_WIDTH - 60) * (double) bar.value() / max);
            svg.append("<text x=\"0\" y=\"").append(y + 17).append("\" font-size=\"13\" fill=\"#1a1a1a\">")
                    .append(escape(bar.label())).append("</text>")
                    .append("<rect x=\"").append(LABEL_WIDTH).append("\" y=\"").append(y + 4).append("\" width=\"")
                    .append(Math.max(length, bar.value() > 0 ? 2 : 0)).append("\" height=\"16\" fill=\"").append(bar.colour())
                    .append("\"/><text x=\"").append(LABEL_WIDTH + length + 6).append("\" y=\"").append(y + 17)
                    .append("\" font-size=\"13\" fill=\"#1a1a1a\">").append(bar.value()).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

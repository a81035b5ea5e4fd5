package cn.certregistry.web;

import java.util.List;

/**
 * A series over months as columns in inline SVG, with a value axis (0 and the largest value) and month labels every
 * six months; each column has a title with its month and value, which browsers and screen readers show.
 */
public final class ColumnChart {

    private static final int WIDTH = BarChart.WIDTH;
    private static final int HEIGHT = 150;
    private static final int LEFT = 44;
    private static final int TOP = 10;
    private static final int BOTTOM = 28;
    private static final int LABEL_EVERY = 6;

    public record Column(String label, long value) {
    }

    private ColumnChart() {
    }

    public static String svg(String title, List<Column> columns, String colour) {
        long max = Math.max(1, columns.stream().mapToLong(Column::value).max().orElse(1));
        int plotHeight = HEIGHT - TOP - BOTTOM;
        double step = (WIDTH - LEFT) / (double) Math.max(1, columns.size());
        int font = BarChart.FONT_SIZE - 2;
        StringBuilder svg = new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" viewBox=\"0 0 ")
                .append(WIDTH).append(' ').append(HEIGHT).append("\" aria-label=\"").append(BarChart.escape(title)).append("\"><title>").append(BarChart.escape(title))
                .append("</title>");
        int baseline = TOP + plotHeight;
        svg.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(TOP).append("\" x2=\"").append(LEFT).append("\" y2=\"")
                .append(baseline).append("\" stroke=\"#555\"/><line x1=\"").append(LEFT).append("\" y1=\"").append(baseline)
                .append("\" x2=\"").append(WIDTH).append("\" y2=\"").append(baseline).append("\" stroke=\"#555\"/>");
        axisLabel(svg, max, TOP + font / 2, font);
        axisLabel(svg, 0, baseline, font);
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            int height = (int) Math.round(plotHeight * (double) column.value() / max);
            double x = LEFT + i * step + 1;
            svg.append("<rect x=\"").append(round(x)).append("\" y=\"").append(baseline - height).append("\" width=\"")
                    .append(round(Math.max(1, step - 2))).append("\" height=\"").append(height).append("\" fill=\"").append(colour)
                    .append("\"><title>").append(BarChart.escape(column.label())).append(": ").append(column.value())
                    .append("</title></rect>");
            int fromLast = columns.size() - 1 - i;
            if (fromLast % LABEL_EVERY == 0) {
                // the latest month's label ends at its column, inside the chart
                svg.append("<text x=\"").append(round(fromLast == 0 ? x + step - 2 : x)).append("\" y=\"").append(HEIGHT - 8)
                        .append("\" font-size=\"").append(font).append(fromLast == 0 ? "\" text-anchor=\"end" : "")
                        .append("\" fill=\"#1a1a1a\">").append(BarChart.escape(column.label())).append("</text>");
            }
        }
        return svg.append("</svg>").toString();
    }

    private static void axisLabel(StringBuilder svg, long value, int y, int font) {
        svg.append("<text x=\"").append(LEFT - 4).append("\" y=\"").append(y + font / 3).append("\" font-size=\"").append(font)
                .append("\" text-anchor=\"end\" fill=\"#1a1a1a\">").append(value).append("</text>");
    }

    private static long round(double value) {
        return Math.round(value);
    }
}

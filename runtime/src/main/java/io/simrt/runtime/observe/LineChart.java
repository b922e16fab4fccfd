package io.simrt.runtime.observe;

import java.util.List;
import java.util.Map;

/**
 * Lines over time as SVG: each engine's throughput, or the effective sample size of an SMC run. Names (engine ids)
 * are escaped; colours repeat after eight series.
 */
final class LineChart {
    private static final String[] COLOURS = {
        "#4878a8", "#e07b39", "#3f9e4d", "#c8463c", "#8a63b8", "#8c6b4f", "#d17ab7", "#7f7f7f"
    };
    private static final int W = 640;
    private static final int H = 220;
    private static final int LEFT = 48;
    private static final int BOTTOM = 24;

    private LineChart() {}

    /** @param series name to {@code [x, y]} points, x increasing */
    static String draw(String title, String yLabel, Map<String, List<double[]>> series) {
        StringBuilder s = new StringBuilder(Svg.open(W, H + 16 * series.size(), title));
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y1 = 0;
        for (List<double[]> pts : series.values()) {
            for (double[] p : pts) {
                x0 = Math.min(x0, p[0]);
                x1 = Math.max(x1, p[0]);
                y1 = Math.max(y1, p[1]);
            }
        }
        if (!(x1 > x0)) {
            x0 = 0;
            x1 = Math.max(1, x1);
        }
        y1 = y1 > 0 ? y1 * 1.1 : 1;
        double pw = W - LEFT - 10;
        double ph = H - BOTTOM - 10;
        s.append("<line x1=\"")
                .append(LEFT)
                .append("\" y1=\"")
                .append(Svg.n(10 + ph))
                .append("\" x2=\"")
                .append(W - 10)
                .append("\" y2=\"")
                .append(Svg.n(10 + ph))
                .append("\" stroke=\"#999\"/><line x1=\"")
                .append(LEFT)
                .append("\" y1=\"10\" x2=\"")
                .append(LEFT)
                .append("\" y2=\"")
                .append(Svg.n(10 + ph))
                .append("\" stroke=\"#999\"/>");
        s.append("<text x=\"4\" y=\"16\">")
                .append(Svg.label(y1))
                .append("</text><text x=\"4\" y=\"")
                .append(Svg.n(10 + ph))
                .append("\">0</text><text x=\"")
                .append(LEFT)
                .append("\" y=\"")
                .append(H - 6)
                .append("\">")
                .append(Svg.escape(yLabel))
                .append("</text>");
        int k = 0;
        for (Map.Entry<String, List<double[]>> e : series.entrySet()) {
            String colour = COLOURS[k % COLOURS.length];
            StringBuilder path = new StringBuilder();
            for (double[] p : e.getValue()) {
                double x = LEFT + pw * (p[0] - x0) / (x1 - x0);
                double y = 10 + ph - ph * p[1] / y1;
                path.append(path.length() == 0 ? "M" : " L")
                        .append(Svg.n(x))
                        .append(' ')
                        .append(Svg.n(y));
            }
            if (path.length() > 0) {
                s.append("<path class=\"series\" d=\"")
                        .append(path)
                        .append("\" fill=\"none\" stroke=\"")
                        .append(colour)
                        .append("\" stroke-width=\"1.5\"/>");
            }
            s.append("<text x=\"")
                    .append(LEFT)
                    .append("\" y=\"")
                    .append(H + 12 + 16 * k)
                    .append("\" fill=\"")
                    .append(colour)
                    .append("\">")
                    .append(Svg.escape(e.getKey()))
                    .append("</text>");
            k++;
        }
        return s.append("</svg>").toString();
    }
}

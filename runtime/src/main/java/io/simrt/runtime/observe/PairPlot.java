package io.simrt.runtime.observe;

import java.util.List;

/**
 * A pair plot of a run's current samples as SVG: a histogram of each parameter on the diagonal, a scatter of each
 * pair below it. Drawn on the server, so the page needs no charting code; the page shows it as an image, in which
 * no script runs. Every text (parameter names) is escaped.
 */
final class PairPlot {
    private static final int CELL = 150;
    private static final int PAD = 28;
    private static final int BINS = 20;

    private PairPlot() {}

    static String draw(RunBoard.Points points) {
        List<String> names = points.names();
        double[][] rows = points.rows();
        int n = Math.max(1, names.size());
        int size = PAD + n * CELL;
        StringBuilder s = new StringBuilder(Svg.open(size, size, "pair plot of " + rows.length + " samples"));
        if (names.isEmpty() || rows.length == 0) {
            s.append("<text x=\"10\" y=\"20\">no samples yet</text></svg>");
            return s.toString();
        }
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int p = 0; p < n; p++) {
            lo[p] = Double.POSITIVE_INFINITY;
            hi[p] = Double.NEGATIVE_INFINITY;
            for (double[] r : rows) {
                if (Double.isFinite(r[p])) {
                    lo[p] = Math.min(lo[p], r[p]);
                    hi[p] = Math.max(hi[p], r[p]);
                }
            }
            if (!(hi[p] > lo[p])) {
                double mid = Double.isFinite(lo[p]) ? lo[p] : 0;
                lo[p] = mid - 0.5;
                hi[p] = mid + 0.5;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double x0 = PAD + j * CELL;
                double y0 = i * CELL;
                s.append("<g class=\"cell\"><rect x=\"")
                        .append(Svg.n(x0 + 2))
                        .append("\" y=\"")
                        .append(Svg.n(y0 + 2))
                        .append("\" width=\"")
                        .append(CELL - 4)
                        .append("\" height=\"")
                        .append(CELL - 4)
                        .append("\" fill=\"none\" stroke=\"#ccc\"/>");
                if (i == j) {
                    histogram(s, rows, i, lo[i], hi[i], x0, y0);
                } else {
                    scatter(s, rows, j, i, lo, hi, x0, y0);
                }
                s.append("</g>");
            }
            s.append("<text x=\"")
                    .append(Svg.n(PAD + i * CELL + CELL / 2.0))
                    .append("\" y=\"")
                    .append(Svg.n(n * CELL + 18))
                    .append("\" text-anchor=\"middle\">")
                    .append(Svg.escape(names.get(i)))
                    .append(" [")
                    .append(Svg.label(lo[i]))
                    .append(", ")
                    .append(Svg.label(hi[i]))
                    .append("]</text>");
            s.append("<text x=\"12\" y=\"")
                    .append(Svg.n(i * CELL + CELL / 2.0))
                    .append("\" text-anchor=\"middle\" transform=\"rotate(-90 12 ")
                    .append(Svg.n(i * CELL + CELL / 2.0))
                    .append(")\">")
                    .append(Svg.escape(names.get(i)))
                    .append("</text>");
        }
        return s.append("</svg>").toString();
    }

    private static void histogram(StringBuilder s, double[][] rows, int p, double lo, double hi, double x0, double y0) {
        int[] counts = new int[BINS];
        int max = 1;
        for (double[] r : rows) {
            if (Double.isFinite(r[p])) {
                int b = (int) Math.min(BINS - 1, Math.max(0, (r[p] - lo) / (hi - lo) * BINS));
                max = Math.max(max, ++counts[b]);
            }
        }
        double w = (CELL - 8) / (double) BINS;
        for (int b = 0; b < BINS; b++) {
            double h = (CELL - 8) * counts[b] / (double) max;
            s.append("<rect class=\"bar\" x=\"")
                    .append(Svg.n(x0 + 4 + b * w))
                    .append("\" y=\"")
                    .append(Svg.n(y0 + CELL - 4 - h))
                    .append("\" width=\"")
                    .append(Svg.n(w - 1))
                    .append("\" height=\"")
                    .append(Svg.n(h))
                    .append("\" fill=\"#4878a8\"/>");
        }
    }

    private static void scatter(
            StringBuilder s, double[][] rows, int px, int py, double[] lo, double[] hi, double x0, double y0) {
        for (double[] r : rows) {
            if (!Double.isFinite(r[px]) || !Double.isFinite(r[py])) {
                continue;
            }
            double x = x0 + 4 + (CELL - 8) * (r[px] - lo[px]) / (hi[px] - lo[px]);
            double y = y0 + CELL - 4 - (CELL - 8) * (r[py] - lo[py]) / (hi[py] - lo[py]);
            s.append("<circle cx=\"")
                    .append(Svg.n(x))
                    .append("\" cy=\"")
                    .append(Svg.n(y))
                    .append("\" r=\"1.5\" fill=\"#4878a8\" fill-opacity=\"0.5\"/>");
        }
    }
}

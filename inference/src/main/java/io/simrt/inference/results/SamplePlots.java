package io.simrt.inference.results;

import io.simrt.models.ParameterException;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots of a {@link Sample} with XChart, in the style of ELFI's {@code plot_pairs} and
 * {@code plot_marginals}.
 *
 * <p><b>Pair plot</b> ({@link #pairPlot}): a {@code dim x dim} grid of cells, each
 * {@code cellWidth x cellHeight} pixels, below a title band of {@link #TITLE_HEIGHT} pixels, so the image is
 * {@code dim * cellWidth} wide and {@code TITLE_HEIGHT + dim * cellHeight} high. Cell {@code (i, i)} is the
 * histogram of parameter {@code i}; cell {@code (i, j)} with {@code j < i} is the scatter plot of parameter
 * {@code j} (x) against parameter {@code i} (y); the upper triangle is left white. All cells of a column share
 * the x range of that column's parameter, so the histograms line up with the scatter plots below them.
 *
 * <p><b>Histograms</b> use {@link Options#bins()} equal-width bins (default {@value Options#DEFAULT_BINS},
 * ELFI's default) over {@code [min, max]} of the finite values, the last bin closed as in numpy; a parameter
 * whose finite values are all equal gets the range {@code [v - 0.5, v + 0.5]} (numpy's rule). Unweighted
 * samples plot counts. Weighted samples plot weighted counts: the weight in each bin, with the weights scaled
 * to sum to the number of plotted values, so the bars read on the same scale as counts.
 *
 * <p><b>Scatter plots</b> draw every row of the sample regardless of its weight (as ELFI does), up to
 * {@link Options#maxScatterPoints()} rows, which keeps samples of 100 000 rows and more fast. Above that cap
 * a deterministic, evenly spread subset of exactly {@code maxScatterPoints} rows is drawn (see
 * {@link #thinnedRows(int, int)}): the rows {@code (k * step) mod size}, {@code k < maxScatterPoints}, with
 * {@code step} the integer nearest {@code size / phi} (golden ratio) that is coprime to {@code size}. A plain
 * fixed stride would be simpler, but it aliases with periodic structure in the row order (a stride of 10
 * through a quasi-random or grid-ordered sample keeps only rows with the same last digit, and can show half
 * of the cloud); the golden-ratio step visits all residues.
 *
 * <p><b>Edges.</b> NaN and infinite values are left out of the plots (a row is left out of a scatter plot if
 * either coordinate is not finite). An empty sample cannot be plotted ({@link ParameterException}).
 *
 * <p><b>Headless.</b> Plots are drawn off-screen into a {@link BufferedImage}. This class leaves the JVM-wide
 * {@code java.awt.headless} property alone: that is the application's choice. The {@code simrt} command line sets
 * it to {@code true} unless the user set it; another program that plots on a machine without a display can start
 * with {@code -Djava.awt.headless=true}. A JVM started with {@code -Djava.awt.headless=false} on a machine without
 * a display fails with AWT's own errors.
 *
 * <p><b>Files</b> are written as a whole or not at all (through a temporary file in the same directory); an
 * unwritable path raises an {@link UncheckedIOException} whose message names the absolute path and the reason.
 */
public final class SamplePlots {
    /** Height in pixels of the title band above the pair-plot grid. */
    public static final int TITLE_HEIGHT = 44;

    private static final double GOLDEN_RATIO = (1 + Math.sqrt(5)) / 2;
    private static final Color BLUE = new Color(31, 119, 180);
    private static final Color BAR_FILL = new Color(31, 119, 180, 190);
    private static final Color POINT = new Color(31, 119, 180, 110);
    private static final Color MEAN = new Color(214, 39, 40);
    private static final Color INTERVAL = new Color(90, 90, 90);
    private static final Color TRANSPARENT = new Color(0, 0, 0, 0);
    private static final Color GRID = new Color(225, 225, 225);
    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font HISTOGRAM_TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font AXIS_TITLE_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    private static final Font LEGEND_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private SamplePlots() {}

    /**
     * How plots are drawn.
     *
     * @param bins             histogram bins, {@code >= 1}
     * @param cellWidth        width in pixels of one pair-plot cell and of a histogram image, {@code >= 100}
     * @param cellHeight       height in pixels of one pair-plot cell and of a histogram image, {@code >= 100}
     * @param maxScatterPoints rows drawn at most in one scatter plot, {@code >= 1}; above it an evenly spread,
     *                         deterministic subset is drawn (see the class comment)
     * @param title            the image title; empty for the default, which names the sample size
     */
    public record Options(int bins, int cellWidth, int cellHeight, int maxScatterPoints, Optional<String> title) {
        /** ELFI's default bin count for {@code plot_pairs} and {@code plot_marginals}. */
        public static final int DEFAULT_BINS = 20;

        public static final int DEFAULT_CELL_WIDTH = 420;
        public static final int DEFAULT_CELL_HEIGHT = 340;
        public static final int DEFAULT_MAX_SCATTER_POINTS = 10_000;

        public Options {
            if (bins < 1) {
                throw ParameterException.of("bins", bins, "must be >= 1");
            }
            if (cellWidth < 100) {
                throw ParameterException.of("cellWidth", cellWidth, "must be >= 100 pixels");
            }
            if (cellHeight < 100) {
                throw ParameterException.of("cellHeight", cellHeight, "must be >= 100 pixels");
            }
            if (maxScatterPoints < 1) {
                throw ParameterException.of("maxScatterPoints", maxScatterPoints, "must be >= 1");
            }
            if (title == null) {
                throw ParameterException.because("title must be an Optional, not null");
            }
        }

        public static Options defaults() {
            return new Options(
                    DEFAULT_BINS,
                    DEFAULT_CELL_WIDTH,
                    DEFAULT_CELL_HEIGHT,
                    DEFAULT_MAX_SCATTER_POINTS,
                    Optional.empty());
        }

        public Options withBins(int bins) {
            return new Options(bins, cellWidth, cellHeight, maxScatterPoints, title);
        }

        public Options withCellSize(int width, int height) {
            return new Options(bins, width, height, maxScatterPoints, title);
        }

        public Options withMaxScatterPoints(int max) {
            return new Options(bins, cellWidth, cellHeight, max, title);
        }

        public Options withTitle(String title) {
            return new Options(bins, cellWidth, cellHeight, maxScatterPoints, Optional.of(title));
        }
    }

    /** {@link #plot(Sample, Path, Options)} with {@link Options#defaults()}. */
    public static void plot(Sample sample, Path png) {
        plot(sample, png, Options.defaults());
    }

    /** A {@link #histogram} of the only parameter for a one-parameter sample, a {@link #pairPlot} otherwise. */
    public static void plot(Sample sample, Path png, Options options) {
        if (sample.dim() == 1) {
            histogram(sample, 0, png, options);
        } else {
            pairPlot(sample, png, options);
        }
    }

    /** {@link #pairPlot(Sample, Path, Options)} with {@link Options#defaults()}. */
    public static void pairPlot(Sample sample, Path png) {
        pairPlot(sample, png, Options.defaults());
    }

    /**
     * Writes the pair plot described in the class comment as a PNG.
     *
     * @throws ParameterException   if the sample is empty
     * @throws UncheckedIOException if the file cannot be written (the message names the path and the reason)
     */
    public static void pairPlot(Sample sample, Path png, Options options) {
        writePng(pairPlotImage(sample, options), png);
    }

    /**
     * The pair plot as an image, {@code dim * cellWidth} by {@code TITLE_HEIGHT + dim * cellHeight} pixels.
     *
     * @throws ParameterException if the sample is empty
     */
    public static BufferedImage pairPlotImage(Sample sample, Options options) {
        requireRows(sample);
        int d = sample.dim();
        int w = options.cellWidth();
        int h = options.cellHeight();
        double[][] ranges = new double[d][];
        double[][] columns = new double[d][];
        for (int p = 0; p < d; p++) {
            columns[p] = sample.column(p);
            ranges[p] = finiteRange(columns[p]);
        }
        double[] weights = sample.weights().orElse(null);
        BufferedImage image = new BufferedImage(d * w, TITLE_HEIGHT + d * h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            drawTitle(g, options.title().orElseGet(() -> defaultTitle(sample)), image.getWidth());
            // A cell's left axis is as wide as its tick labels, which differ from row to row; for a column's
            // cells to share both plot edges (and so the x scale) their left axes must be equally wide. XChart's
            // width hint, when it exceeds the labels, gives a width of hint + c with c depending on the labels.
            // Two layout passes without points measure, per cell, the free width and c; the drawing pass then
            // asks each cell for the column's widest free width.
            double[][] offset = new double[d][d];
            double[] columnWidth = new double[d];
            int probe = options.cellWidth() / 2;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    double free = leftAxisWidth(cellChart(sample, i, j, columns, ranges, weights, options, 0, true));
                    offset[i][j] =
                            leftAxisWidth(cellChart(sample, i, j, columns, ranges, weights, options, probe, true))
                                    - probe;
                    columnWidth[j] = Math.max(columnWidth[j], free);
                }
            }
            for (int i = 0; i < d; i++) {
                for (int j = 0; j <= i; j++) {
                    int hint = (int) Math.round(columnWidth[j] + 1 - offset[i][j]);
                    XYChart chart = cellChart(sample, i, j, columns, ranges, weights, options, hint, false);
                    g.drawImage(BitmapEncoder.getBufferedImage(chart), j * w, TITLE_HEIGHT + i * h, null);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** {@link #histogram(Sample, int, Path, Options)} with {@link Options#defaults()}. */
    public static void histogram(Sample sample, int param, Path png) {
        histogram(sample, param, png, Options.defaults());
    }

    /**
     * Writes a {@code cellWidth x cellHeight} PNG: the (weighted) histogram of parameter {@code param}, with
     * the {@linkplain Sample#means() mean} and the {@linkplain Sample#intervals95() 95% interval} marked by
     * vertical lines.
     *
     * @throws ParameterException   if the sample is empty or {@code param} is not in {@code [0, dim)}
     * @throws UncheckedIOException if the file cannot be written (the message names the path and the reason)
     */
    public static void histogram(Sample sample, int param, Path png, Options options) {
        writePng(histogramImage(sample, param, options), png);
    }

    /**
     * The histogram of {@link #histogram(Sample, int, Path, Options)} as a {@code cellWidth x cellHeight} image.
     *
     * @throws ParameterException if the sample is empty or {@code param} is not in {@code [0, dim)}
     */
    public static BufferedImage histogramImage(Sample sample, int param, Options options) {
        requireRows(sample);
        if (param < 0 || param >= sample.dim()) {
            throw ParameterException.of("param", param, "must lie in [0, " + sample.dim() + ")");
        }
        double[] column = sample.column(param);
        double[] weights = sample.weights().orElse(null);
        // The title goes in a band above the chart, wrapped to fit: XChart centres its own over the plot area,
        // to the right of the axis, and cut a long title off at the image's right edge.
        int band = Math.min(TITLE_HEIGHT, options.cellHeight() / 4);
        XYChart chart = histogramChart(
                sample, param, column, weights, finiteRange(column), options, true, 0, options.cellHeight() - band);
        String title = options.title()
                .orElseGet(() -> String.format(
                        Locale.ROOT,
                        "%s: %d samples%s",
                        sample.parameterNames().get(param),
                        sample.size(),
                        weights == null ? "" : " (weighted)"));
        BufferedImage image = new BufferedImage(options.cellWidth(), options.cellHeight(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            drawTitle(g, title, HISTOGRAM_TITLE_FONT, image.getWidth(), band);
            g.drawImage(BitmapEncoder.getBufferedImage(chart), 0, band, null);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void requireRows(Sample sample) {
        if (sample.size() == 0) {
            throw ParameterException.because("cannot plot an empty sample " + sample);
        }
    }

    private static String defaultTitle(Sample sample) {
        return String.format(
                Locale.ROOT,
                "Sample of %d%s, %d parameters",
                sample.size(),
                sample.weights().isPresent() ? " (weighted)" : "",
                sample.dim());
    }

    /**
     * Equal-width bin heights over {@code [lo, hi]}: bin {@code k} holds {@code lo + k (hi - lo) / bins <= x}
     * {@code < lo + (k + 1) (hi - lo) / bins}, the last bin also {@code x == hi}. Non-finite values and values
     * outside {@code [lo, hi]} are skipped. With weights, a bin's height is its weight sum times
     * {@code counted / (sum of counted weights)} (zero heights if that sum is zero).
     *
     * @param weights one per value, or {@code null} for counts
     */
    static double[] binHeights(double[] x, double[] weights, int bins, double lo, double hi) {
        double[] heights = new double[bins];
        double width = hi - lo;
        int counted = 0;
        double wsum = 0;
        for (int i = 0; i < x.length; i++) {
            double v = x[i];
            if (!Double.isFinite(v) || v < lo || v > hi) {
                continue;
            }
            int k = Math.min(bins - 1, (int) ((v - lo) / width * bins));
            double w = weights == null ? 1.0 : weights[i];
            heights[k] += w;
            counted++;
            wsum += w;
        }
        if (weights != null) {
            double scale = wsum > 0 ? counted / wsum : 0;
            for (int k = 0; k < bins; k++) {
                heights[k] *= scale;
            }
        }
        return heights;
    }

    /**
     * The rows a scatter plot draws, ascending: all {@code n} rows if {@code n <= cap}, otherwise the
     * {@code cap} distinct rows {@code (k * step) mod n}, {@code k = 0 .. cap - 1}, where {@code step} is the
     * first integer from {@code round(n / phi)} upwards coprime to {@code n} ({@code phi} the golden ratio).
     * The fractions {@code k step / n} are a golden-ratio (Weyl) sequence, so the rows are spread evenly over
     * the sample and fall on every residue of any small period; the result depends only on {@code n} and
     * {@code cap}.
     */
    static int[] thinnedRows(int n, int cap) {
        if (n <= cap) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        long step = Math.max(1, Math.round(n / GOLDEN_RATIO));
        while (gcd(step, n) != 1) {
            step++;
        }
        int[] rows = new int[cap];
        for (int k = 0; k < cap; k++) {
            rows[k] = (int) ((k * step) % n);
        }
        Arrays.sort(rows);
        return rows;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** {@code [min, max]} of the finite values; {@code [v - 0.5, v + 0.5]} if all equal; {@code [0, 1]} if none. */
    static double[] finiteRange(double[] x) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            if (Double.isFinite(v)) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        if (lo > hi) {
            return new double[] {0, 1};
        }
        return lo == hi ? new double[] {lo - 0.5, hi + 0.5} : new double[] {lo, hi};
    }

    /** The width XChart gives the chart's left axis (title and tick labels), found by painting it once. */
    private static double leftAxisWidth(XYChart chart) {
        BitmapEncoder.getBufferedImage(chart);
        return chart.getYAxisLeftWidth();
    }

    /** Cell {@code (i, j)} of the pair plot; {@code axesOnly} leaves the scatter points out (for layout). */
    private static XYChart cellChart(
            Sample sample,
            int i,
            int j,
            double[][] columns,
            double[][] ranges,
            double[] weights,
            Options options,
            int leftAxisHint,
            boolean axesOnly) {
        return i == j
                ? histogramChart(
                        sample, i, columns[i], weights, ranges[i], options, false, leftAxisHint, options.cellHeight())
                : scatterChart(
                        sample, j, i, columns[j], columns[i], ranges[j], ranges[i], options, leftAxisHint, axesOnly);
    }

    private static XYChart histogramChart(
            Sample sample,
            int param,
            double[] column,
            double[] weights,
            double[] range,
            Options options,
            boolean standalone,
            int leftAxisHint,
            int height) {
        String name = sample.parameterNames().get(param);
        int bins = options.bins();
        double[] heights = binHeights(column, weights, bins, range[0], range[1]);
        // the outline of the bars: up at the left edge, across each bin, down at the right edge
        double[] xs = new double[2 * bins + 2];
        double[] ys = new double[2 * bins + 2];
        double step = (range[1] - range[0]) / bins;
        double top = 0;
        for (int k = 0; k < bins; k++) {
            double left = k == 0 ? range[0] : range[0] + k * step;
            double right = k == bins - 1 ? range[1] : range[0] + (k + 1) * step;
            xs[2 * k + 1] = left;
            ys[2 * k + 1] = heights[k];
            xs[2 * k + 2] = right;
            ys[2 * k + 2] = heights[k];
            top = Math.max(top, heights[k]);
        }
        xs[0] = range[0];
        xs[2 * bins + 1] = range[1];
        top = top > 0 ? top * 1.08 : 1;

        XYChart chart = newChart(options, height, name, weights == null ? "count" : "weighted count", leftAxisHint);
        XYStyler styler = chart.getStyler();
        styler.setXAxisMin(range[0]).setXAxisMax(range[1]);
        styler.setYAxisMin(0.0).setYAxisMax(top);
        XYSeries bars = chart.addSeries("histogram", xs, ys);
        bars.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Area);
        bars.setMarker(SeriesMarkers.NONE);
        bars.setFillColor(BAR_FILL);
        bars.setLineColor(BLUE.darker());
        bars.setLineWidth(1f);
        bars.setShowInLegend(false);
        guardTicks(chart, range, new double[] {0, top});
        if (standalone) {
            double mean = sample.means()[param];
            double[] ci = sample.intervals95().get(param);
            BasicStroke dashed =
                    new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f);
            if (Double.isFinite(mean)) {
                XYSeries m =
                        chart.addSeries("mean " + fourDigits(mean), new double[] {mean, mean}, new double[] {0, top});
                m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                m.setMarker(SeriesMarkers.NONE);
                m.setLineColor(MEAN);
                m.setLineWidth(2f);
            }
            if (Double.isFinite(ci[0]) && Double.isFinite(ci[1])) {
                String label = "95% interval [" + fourDigits(ci[0]) + ", " + fourDigits(ci[1]) + "]";
                for (int e = 0; e < 2; e++) {
                    XYSeries s = chart.addSeries(
                            e == 0 ? label : label + " ", new double[] {ci[e], ci[e]}, new double[] {0, top});
                    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
                    s.setMarker(SeriesMarkers.NONE);
                    s.setLineColor(INTERVAL);
                    s.setLineStyle(dashed);
                    s.setShowInLegend(e == 0);
                }
            }
            styler.setLegendVisible(true);
            styler.setLegendPosition(Styler.LegendPosition.OutsideS);
            styler.setLegendLayout(Styler.LegendLayout.Horizontal);
        }
        return chart;
    }

    private static XYChart scatterChart(
            Sample sample,
            int xParam,
            int yParam,
            double[] x,
            double[] y,
            double[] xRange,
            double[] yRange,
            Options options,
            int leftAxisHint,
            boolean axesOnly) {
        List<String> names = sample.parameterNames();
        int[] rows = axesOnly ? new int[0] : thinnedRows(x.length, options.maxScatterPoints());
        double[] px = new double[rows.length];
        double[] py = new double[rows.length];
        int m = 0;
        for (int i : rows) {
            if (Double.isFinite(x[i]) && Double.isFinite(y[i])) {
                px[m] = x[i];
                py[m] = y[i];
                m++;
            }
        }
        XYChart chart = newChart(options, options.cellHeight(), names.get(xParam), names.get(yParam), leftAxisHint);
        XYStyler styler = chart.getStyler();
        styler.setXAxisMin(xRange[0]).setXAxisMax(xRange[1]);
        styler.setYAxisMin(yRange[0]).setYAxisMax(yRange[1]);
        styler.setMarkerSize(m > 2_000 ? 3 : 5);
        boolean empty = m == 0;
        XYSeries points = empty
                // nothing to draw (or a layout pass): invisible points on two corners keep the axes as they
                // would be with data (XChart needs a series, and lays out a flat one differently)
                ? chart.addSeries("points", new double[] {xRange[0], xRange[1]}, new double[] {yRange[0], yRange[1]})
                : chart.addSeries("points", Arrays.copyOf(px, m), Arrays.copyOf(py, m));
        points.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        points.setMarker(SeriesMarkers.CIRCLE);
        points.setMarkerColor(empty ? TRANSPARENT : POINT);
        points.setShowInLegend(false);
        guardTicks(chart, xRange, yRange);
        return chart;
    }

    /**
     * XChart 3.8 switches an axis to ticks at the data values themselves, printed with all their digits, when
     * the distinct values of the chart on that axis, in insertion order, are equally spaced: always true of
     * histogram bin edges, of a flat histogram's heights, and of a sample stored in grid order. An invisible
     * series at two irregular positions inside both ranges keeps XChart's ordinary round-number ticks.
     */
    private static void guardTicks(XYChart chart, double[] xRange, double[] yRange) {
        XYSeries guard = chart.addSeries("tick guard", irregular(xRange), irregular(yRange));
        guard.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        guard.setMarker(SeriesMarkers.NONE);
        guard.setLineColor(TRANSPARENT);
        guard.setShowInLegend(false);
    }

    private static double[] irregular(double[] range) {
        double width = range[1] - range[0];
        return new double[] {range[0] + width / Math.PI, range[0] + width / Math.E};
    }

    /** An empty chart in the house look; {@code leftAxisHint} is XChart's minimum left-axis width (0: none). */
    private static XYChart newChart(Options options, int height, String xTitle, String yTitle, int leftAxisHint) {
        XYChart chart = new XYChartBuilder()
                .width(options.cellWidth())
                .height(height)
                .xAxisTitle(xTitle)
                .yAxisTitle(yTitle)
                .build();
        XYStyler s = chart.getStyler();
        s.setChartTitleVisible(false);
        s.setLegendVisible(false);
        s.setLegendPosition(Styler.LegendPosition.InsideNE);
        s.setLegendFont(LEGEND_FONT);
        s.setLegendBorderColor(GRID);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(GRID);
        s.setChartFontColor(Color.DARK_GRAY);
        s.setChartTitleFont(TITLE_FONT);
        s.setChartTitleBoxVisible(false);
        s.setAxisTitleFont(AXIS_TITLE_FONT);
        s.setAxisTickLabelsFont(TICK_FONT);
        s.setAxisTickLabelsColor(Color.DARK_GRAY);
        s.setChartPadding(10);
        s.setPlotMargin(4);
        s.setAxisTicksLineVisible(false);
        s.setYAxisLeftWidthHint(leftAxisHint);
        s.setYAxisLabelAlignment(AxesChartStyler.TextAlignment.Right);
        s.setAntiAlias(true);
        return chart;
    }

    /** Four significant digits without trailing zeros: {@code 1.5}, {@code 0.914}, {@code 2.086}, {@code 1.235E+7}. */
    static String fourDigits(double x) {
        BigDecimal d = new BigDecimal(x).round(new MathContext(4)).stripTrailingZeros();
        int exponent = d.precision() - d.scale() - 1;
        return exponent >= -4 && exponent < 7 ? d.toPlainString() : d.toString();
    }

    /** {@code font}, made smaller (down to 9 points) until {@code text} fits in {@code width} pixels. */
    private static void drawTitle(Graphics2D g, String title, int width) {
        drawTitle(g, title, TITLE_FONT, width, TITLE_HEIGHT);
    }

    /**
     * Draws {@code title} centred in a band {@code width x height} at the top: on one line in {@code font} if it
     * fits, else on two lines broken at the space nearest the middle, the font shrunk (to 9 points at least) until
     * both lines fit across and down.
     */
    private static void drawTitle(Graphics2D g, String title, Font font, int width, int height) {
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        List<String> lines = titleLines(g, title, font, width - 20);
        Font f = font;
        while (f.getSize() > 9 && !fits(g.getFontMetrics(f), lines, width - 20, height)) {
            f = f.deriveFont((float) f.getSize() - 1);
        }
        FontMetrics fm = g.getFontMetrics(f);
        g.setFont(f);
        g.setColor(Color.DARK_GRAY);
        int y = (height - lines.size() * fm.getHeight()) / 2 + fm.getAscent();
        for (String line : lines) {
            g.drawString(line, Math.max(10, (width - fm.stringWidth(line)) / 2), y);
            y += fm.getHeight();
        }
    }

    /**
     * {@code title} as one line if it fits {@code width} in {@code font}, else two, broken at a space (after a
     * comma or colon if there is one) so that the longer line is as short as can be.
     */
    static List<String> titleLines(Graphics2D g, String title, Font font, int width) {
        FontMetrics fm = g.getFontMetrics(font);
        if (fm.stringWidth(title) <= width || title.indexOf(' ') < 0) {
            return List.of(title);
        }
        // break after a comma or colon if the title has one ("SMC posterior, precession: 10000 particles"),
        // else at any space; of those, where the longer line is shortest
        boolean punctuated = title.contains(", ") || title.contains(": ");
        int best = -1;
        int bestWidth = Integer.MAX_VALUE;
        for (int i = title.indexOf(' '); i >= 0; i = title.indexOf(' ', i + 1)) {
            if (i == 0 || punctuated && title.charAt(i - 1) != ',' && title.charAt(i - 1) != ':') {
                continue;
            }
            int w = Math.max(
                    fm.stringWidth(title.substring(0, i).strip()),
                    fm.stringWidth(title.substring(i + 1).strip()));
            if (w < bestWidth) {
                best = i;
                bestWidth = w;
            }
        }
        return List.of(
                title.substring(0, best).strip(), title.substring(best + 1).strip());
    }

    private static boolean fits(FontMetrics fm, List<String> lines, int width, int height) {
        return lines.size() * fm.getHeight() <= height && lines.stream().allMatch(l -> fm.stringWidth(l) <= width);
    }

    private static void writePng(BufferedImage image, Path png) {
        AtomicFiles.write(png, out -> {
            Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
            if (!writers.hasNext()) {
                throw new IOException("no PNG encoder in this JVM");
            }
            ImageWriter writer = writers.next();
            // an in-memory stream: ImageIO's default file cache would write to java.io.tmpdir as well
            try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.write(image);
            } finally {
                writer.dispose();
            }
        });
    }
}

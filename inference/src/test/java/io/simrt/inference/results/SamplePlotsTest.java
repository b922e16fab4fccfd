package io.simrt.inference.results;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.ParameterException;
import java.awt.GraphicsEnvironment;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SamplePlotsTest {
    private static final SamplePlots.Options SMALL =
            SamplePlots.Options.defaults().withCellSize(240, 200);
    private static final int W = 240;
    private static final int H = 200;

    @TempDir
    Path dir;

    /** SamplePlots no longer sets the property itself; inference/pom.xml passes it, as the command line sets it. */
    @Test
    void plotsAreDrawnInAHeadlessJvmAsTheCommandLineRunsThem() {
        assertEquals("true", System.getProperty("java.awt.headless"));
        assertTrue(GraphicsEnvironment.isHeadless());
    }

    @Test
    void pairPlotIsADByDGridWithFilledLowerTriangleAndBlankUpperTriangle() throws IOException {
        Sample s = TestSamples.sines(List.of("alpha", "beta", "gamma"), 400);
        Path png = dir.resolve("pairs.png");
        SamplePlots.pairPlot(s, png, SMALL);

        BufferedImage image = decode(png);
        assertEquals(3 * W, image.getWidth());
        assertEquals(SamplePlots.TITLE_HEIGHT + 3 * H, image.getHeight());
        assertTrue(variance(image, 0, 0, image.getWidth(), SamplePlots.TITLE_HEIGHT) > 0, "title band is blank");
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double v = variance(image, j * W, SamplePlots.TITLE_HEIGHT + i * H, W, H);
                if (j <= i) {
                    assertTrue(v > 0, "cell (" + i + ", " + j + ") is blank");
                } else {
                    assertEquals(0.0, v, "cell (" + i + ", " + j + ") should be blank");
                }
            }
        }
    }

    @Test
    void weightedSamplesPlotDifferentlyFromUnweightedOnes() throws IOException {
        Sample plain = TestSamples.sines(List.of("a", "b"), 300);
        Sample weighted = Sample.weighted(
                plain.parameterNames(), plain.size(), plain.toArray(), TestSamples.weights(plain.size()));
        BufferedImage a = SamplePlots.pairPlotImage(plain, SMALL.withTitle("same title"));
        BufferedImage b = SamplePlots.pairPlotImage(weighted, SMALL.withTitle("same title"));
        // the diagonal (histogram) cells differ: the bars are weighted, the y axis says "weighted count"
        assertTrue(differ(a, b, 0, SamplePlots.TITLE_HEIGHT, W, H));
        assertTrue(differ(a, b, W, SamplePlots.TITLE_HEIGHT + H, W, H));
    }

    @Test
    void theCellsOfAColumnShareTheirPlotEdges() {
        // rows with very different tick labels: counts in the hundreds, values near 1e-3 and near 1e4
        int n = 600;
        double[] v = new double[n * 3];
        for (int i = 0; i < n; i++) {
            v[3 * i] = Math.sin(0.37 * i);
            v[3 * i + 1] = 1e-3 * Math.cos(0.21 * i);
            v[3 * i + 2] = 1e4 * (2 + Math.sin(0.05 * i));
        }
        BufferedImage image = SamplePlots.pairPlotImage(Sample.of(List.of("a", "b", "c"), n, v), SMALL);
        for (int j = 0; j < 3; j++) {
            int top = plotLeftEdge(image, j, j);
            for (int i = j + 1; i < 3; i++) {
                assertEquals(
                        top, plotLeftEdge(image, i, j), 1, "cell (" + i + ", " + j + ") vs (" + j + ", " + j + ")");
            }
        }
    }

    /** The first plot-border (grey) pixel from the left, a third of the way down cell (i, j). */
    private static int plotLeftEdge(BufferedImage image, int i, int j) {
        int y = SamplePlots.TITLE_HEIGHT + i * H + H / 3;
        for (int x = j * W + 25; x < j * W + W / 2; x++) {
            if ((image.getRGB(x, y) & 0xffffff) == 0x808080) {
                return x - j * W;
            }
        }
        throw new AssertionError("no plot border in cell (" + i + ", " + j + ")");
    }

    @Test
    void histogramIsOneCellWithContent() throws IOException {
        Sample s = TestSamples.sines(List.of("a", "b"), 500);
        Path png = dir.resolve("hist.png");
        SamplePlots.histogram(s, 1, png, SMALL);
        BufferedImage image = decode(png);
        assertEquals(W, image.getWidth());
        assertEquals(H, image.getHeight());
        assertTrue(variance(image, 0, 0, W, H) > 0);
    }

    @Test
    void aLongHistogramTitleIsWrappedInsideTheImage() throws IOException {
        String title = "SMC posterior, precession: 10000 particles, 100 experiments";
        BufferedImage image = SamplePlots.histogramImage(
                TestSamples.sines(List.of("omega"), 500),
                0,
                SamplePlots.Options.defaults().withTitle(title));
        int w = image.getWidth();
        int band = SamplePlots.TITLE_HEIGHT;
        assertTrue(variance(image, 0, 0, w, band) > 0, "the title band is blank");
        // a title cut off at the edge would reach the last columns; a fitted one leaves the margin white
        assertEquals(0.0, variance(image, w - 8, 0, 8, band));
        assertEquals(0.0, variance(image, 0, 0, 8, band));
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = scratch.createGraphics();
        java.awt.Font bold = new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 15);
        assertEquals(
                List.of("SMC posterior, precession:", "10000 particles, 100 experiments"),
                SamplePlots.titleLines(g, title, bold, 200));
        assertEquals(List.of(title), SamplePlots.titleLines(g, title, bold, 5000));
        g.dispose();
    }

    @Test
    void plotPicksTheHistogramForOneParameterAndThePairPlotOtherwise() throws IOException {
        Path one = dir.resolve("one.png");
        Path two = dir.resolve("two.png");
        SamplePlots.plot(TestSamples.sines(List.of("t1"), 100), one, SMALL);
        SamplePlots.plot(TestSamples.sines(List.of("t1", "t2"), 100), two, SMALL);
        assertEquals(W, decode(one).getWidth());
        assertEquals(H, decode(one).getHeight());
        assertEquals(2 * W, decode(two).getWidth());
        assertEquals(SamplePlots.TITLE_HEIGHT + 2 * H, decode(two).getHeight());
    }

    @Test
    void defaultsGiveTheDocumentedSize() throws IOException {
        Path png = dir.resolve("defaults.png");
        SamplePlots.pairPlot(TestSamples.sines(List.of("a", "b"), 50), png);
        BufferedImage image = decode(png);
        assertEquals(2 * SamplePlots.Options.DEFAULT_CELL_WIDTH, image.getWidth());
        assertEquals(SamplePlots.TITLE_HEIGHT + 2 * SamplePlots.Options.DEFAULT_CELL_HEIGHT, image.getHeight());
        Path hist = dir.resolve("hist.png");
        SamplePlots.histogram(TestSamples.sines(List.of("a"), 50), 0, hist);
        assertEquals(SamplePlots.Options.DEFAULT_CELL_WIDTH, decode(hist).getWidth());
    }

    @Test
    void aLargeSampleIsThinnedAndStillDrawn() throws IOException {
        // 100k rows: the scatter plots draw 10 000 of them (the default cap)
        Sample s = TestSamples.gaussian(List.of("a", "b"), 100_000, new double[] {0, 0}, new double[] {1, 1}, 0.5);
        Path png = dir.resolve("big.png");
        SamplePlots.pairPlot(s, png, SMALL);
        BufferedImage image = decode(png);
        assertTrue(variance(image, 0, SamplePlots.TITLE_HEIGHT + H, W, H) > 0);
        // thinning is deterministic: the same input gives the same pixels
        BufferedImage again = SamplePlots.pairPlotImage(s, SMALL);
        assertTrue(!differ(image, again, 0, 0, image.getWidth(), image.getHeight()));
    }

    @Test
    void nonFiniteValuesAreLeftOutAndAConstantParameterStillPlots() throws IOException {
        int n = 50;
        double[] v = new double[n * 3];
        for (int i = 0; i < n; i++) {
            v[3 * i] = i % 7 == 0 ? Double.NaN : Math.sin(i);
            v[3 * i + 1] = 4.0;
            v[3 * i + 2] = i == 3 ? Double.POSITIVE_INFINITY : Double.NaN;
        }
        Path png = dir.resolve("odd.png");
        SamplePlots.pairPlot(Sample.of(List.of("x", "const", "nan"), n, v), png, SMALL);
        BufferedImage image = decode(png);
        assertEquals(3 * W, image.getWidth());
        assertTrue(variance(image, 0, SamplePlots.TITLE_HEIGHT, W, H) > 0);
        assertTrue(variance(image, W, SamplePlots.TITLE_HEIGHT + H, W, H) > 0);
    }

    @Test
    void anEmptySampleOrABadParameterIndexIsRejected() {
        Sample empty = Sample.of(List.of("a"), 0, new double[0]);
        ParameterException e =
                assertThrows(ParameterException.class, () -> SamplePlots.plot(empty, dir.resolve("e.png")));
        assertTrue(e.getMessage().startsWith("cannot plot an empty sample"), e.getMessage());
        e = assertThrows(
                ParameterException.class,
                () -> SamplePlots.histogram(TestSamples.sines(List.of("a"), 3), 1, dir.resolve("h.png")));
        assertEquals("param = 1: must lie in [0, 1)", e.getMessage());
        assertThrows(
                ParameterException.class, () -> SamplePlots.Options.defaults().withBins(0));
        assertThrows(
                ParameterException.class, () -> SamplePlots.Options.defaults().withCellSize(50, 300));
    }

    @Test
    void unwritablePathsAreNamedInTheError() throws IOException {
        Sample s = TestSamples.sines(List.of("a", "b"), 20);
        Path missing = dir.resolve("missing/plot.png");
        UncheckedIOException e =
                assertThrows(UncheckedIOException.class, () -> SamplePlots.pairPlot(s, missing, SMALL));
        assertEquals(
                "cannot write " + missing + ": directory " + missing.getParent() + " does not exist", e.getMessage());
        Path directory = Files.createDirectory(dir.resolve("plot.png"));
        e = assertThrows(UncheckedIOException.class, () -> SamplePlots.histogram(s, 0, directory, SMALL));
        assertEquals("cannot write " + directory + ": it is a directory", e.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(directory), files.toList());
        }
    }

    @Test
    void binHeightsCountWithTheLastBinClosed() {
        double[] x = {0, 0.1, 0.5, 0.99, 1.0, Double.NaN, 2.0};
        assertArrayEquals(new double[] {2, 3}, SamplePlots.binHeights(x, null, 2, 0, 1));
        assertArrayEquals(new double[] {2, 0, 1, 0, 2}, SamplePlots.binHeights(x, null, 5, 0, 1));
    }

    @Test
    void weightedBinHeightsAreScaledToTheCountedRows() {
        double[] x = {0.1, 0.2, 0.8, Double.NaN};
        double[] w = {1, 1, 2, 100};
        // three values counted, weight 4 among them: scale 3/4
        assertArrayEquals(new double[] {1.5, 1.5}, SamplePlots.binHeights(x, w, 2, 0, 1), 1e-15);
        assertArrayEquals(new double[] {0, 0}, SamplePlots.binHeights(x, new double[] {0, 0, 0, 1}, 2, 0, 1));
    }

    @Test
    void thinningKeepsCapDistinctRowsSpreadOverEveryResidue() {
        assertArrayEquals(new int[] {0, 1, 2}, SamplePlots.thinnedRows(3, 5));
        int n = 100_000;
        int cap = 10_000;
        int[] rows = SamplePlots.thinnedRows(n, cap);
        assertEquals(cap, rows.length);
        int[] perResidue = new int[10];
        int[] perDecile = new int[10];
        for (int k = 0; k < cap; k++) {
            assertTrue(rows[k] >= 0 && rows[k] < n);
            if (k > 0) {
                assertTrue(rows[k] > rows[k - 1], "rows must be distinct and ascending");
            }
            perResidue[rows[k] % 10]++;
            perDecile[rows[k] / (n / 10)]++;
        }
        // a stride of 10 would put all 10 000 rows on one residue; the golden-ratio step spreads them evenly
        for (int r = 0; r < 10; r++) {
            assertTrue(Math.abs(perResidue[r] - cap / 10) <= cap / 50, "residue " + r + ": " + perResidue[r]);
            assertTrue(Math.abs(perDecile[r] - cap / 10) <= 2, "decile " + r + ": " + perDecile[r]);
        }
    }

    @Test
    void thinningAQuasiRandomSampleKeepsItsWholeRange() {
        // the Halton-based sample is where a fixed stride of 10 showed only the lower half of the first parameter
        Sample s = TestSamples.gaussian(List.of("a", "b"), 100_000, new double[] {0, 0}, new double[] {1, 1}, 0);
        double[] a = s.column(0);
        int above = 0;
        for (int row : SamplePlots.thinnedRows(a.length, 10_000)) {
            above += a[row] > 0 ? 1 : 0;
        }
        assertEquals(5_000, above, 100);
    }

    @Test
    void legendNumbersHaveFourSignificantDigits() {
        assertEquals("1.5", SamplePlots.fourDigits(1.5));
        assertEquals("0.914", SamplePlots.fourDigits(0.91400001));
        assertEquals("2.086", SamplePlots.fourDigits(2.08567));
        assertEquals("-0.0001235", SamplePlots.fourDigits(-0.00012346));
        assertEquals("1.235E+7", SamplePlots.fourDigits(12_345_678));
        assertEquals("0", SamplePlots.fourDigits(0));
    }

    @Test
    void rangesFollowNumpy() {
        assertArrayEquals(new double[] {-1, 3}, SamplePlots.finiteRange(new double[] {3, Double.NaN, -1, 0}));
        assertArrayEquals(new double[] {1.5, 2.5}, SamplePlots.finiteRange(new double[] {2, 2}));
        assertArrayEquals(new double[] {0, 1}, SamplePlots.finiteRange(new double[] {Double.NaN}));
    }

    private static BufferedImage decode(Path png) throws IOException {
        assertTrue(Files.isRegularFile(png), png + " missing");
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image, png + " does not decode as an image");
        return image;
    }

    /** Variance of the grey level over a rectangle. */
    private static double variance(BufferedImage image, int x0, int y0, int w, int h) {
        double sum = 0;
        double sq = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int rgb = image.getRGB(x, y);
                double grey = ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3.0;
                sum += grey;
                sq += grey * grey;
            }
        }
        double n = (double) w * h;
        double mean = sum / n;
        return Math.max(0, sq / n - mean * mean);
    }

    private static boolean differ(BufferedImage a, BufferedImage b, int x0, int y0, int w, int h) {
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    return true;
                }
            }
        }
        return false;
    }
}

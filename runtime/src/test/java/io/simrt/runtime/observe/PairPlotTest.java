package io.simrt.runtime.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The dashboard's drawings and run board: points kept, names escaped, paths cut. */
class PairPlotTest {

    @Test
    void drawsEveryPointAndEscapesNames() {
        RunBoard board = new RunBoard(n -> {});
        board.begin("abc", "/home/someone/models/secret-project/model.yaml", List.of("<script>a", "b&\"c"));
        board.batch(3, 0, 2, new double[] {0, 1, 2, 3, 4, 5});
        String svg = PairPlot.draw(board.points());
        assertEquals(3, count(svg, "<circle"), "one scatter cell of 3 points for 2 parameters");
        assertFalse(svg.contains("<script"), svg);
        assertTrue(svg.contains("&lt;script&gt;a") && svg.contains("b&amp;&quot;c"), svg);
        assertEquals("model.yaml", board.snapshot().get("model"), "the model's directory is not shown");
    }

    @Test
    void keepsTheLastThousandRows() {
        RunBoard board = new RunBoard(n -> {});
        board.begin("abc", "ma2", List.of("t1"));
        for (int b = 0; b < 3; b++) {
            double[] rows = new double[600];
            for (int i = 0; i < rows.length; i++) {
                rows[i] = b * 1000 + i;
            }
            board.batch(600, 0, 1, rows);
        }
        double[][] points = board.points().rows();
        assertEquals(RunBoard.MAX_POINTS, points.length);
        assertEquals(2599.0, points[points.length - 1][0], "newest last");
        assertEquals(1200.0, points[0][0], "oldest kept: row 800 of 1800, the second batch's row 200");
    }

    @Test
    void particlesAreDrawnInProportionToTheirWeights() {
        RunBoard board = new RunBoard(n -> {});
        board.begin("smc", "qubit", List.of("x", "y"));
        board.batch(2, 0, 2, new double[] {9, 9, 9, 9});
        // four particles; the third holds half the weight, the first none
        board.particles(new double[] {0, 0, 1, 10, 2, 20, 3, 30}, new double[] {0, 1, 2, 1});
        double[][] rows = board.points().rows();
        assertEquals(4, rows.length, "as many points as particles (below the cap)");
        int[] times = new int[4];
        for (double[] r : rows) {
            assertEquals(r[0] * 10, r[1], "rows are whole particles");
            times[(int) r[0]]++;
        }
        assertEquals(0, times[0], "a particle of weight 0 is never drawn");
        assertEquals(2, times[2], "systematic draws: the half-weight particle twice");
        assertEquals(1, times[1]);
        assertEquals(1, times[3]);

        double[] many = new double[5000 * 2];
        double[] weights = new double[5000];
        for (int i = 0; i < weights.length; i++) {
            many[2 * i] = i;
            many[2 * i + 1] = -i;
            weights[i] = i < 100 ? 1 : 0;
        }
        board.particles(many, weights);
        rows = board.points().rows();
        assertEquals(RunBoard.MAX_POINTS, rows.length, "capped");
        for (double[] r : rows) {
            assertTrue(r[0] < 100, "only particles with weight: " + r[0]);
        }
        board.particles(many, new double[5000]);
        assertEquals(0, board.points().rows().length, "all weights zero: nothing to draw");
    }

    @Test
    void lineChartEscapesSeriesNames() {
        String svg = LineChart.draw("t", "y", Map.of("<b>", List.of(new double[] {0, 1}, new double[] {1, 2})));
        assertFalse(svg.contains("<b>"), svg);
        assertEquals(1, count(svg, "<path"));
    }

    private static int count(String s, String what) {
        int n = 0;
        for (int i = s.indexOf(what); i >= 0; i = s.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }
}

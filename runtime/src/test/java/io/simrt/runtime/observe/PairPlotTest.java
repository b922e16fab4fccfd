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

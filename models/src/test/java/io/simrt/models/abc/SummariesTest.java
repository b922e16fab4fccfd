package io.simrt.models.abc;

import static io.simrt.models.abc.PriorsTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.ma2.Ma2Model;
import org.junit.jupiter.api.Test;

class SummariesTest {
    private static double[] series(int n) {
        double[] x = new double[n];
        double v = 0.37;
        for (int i = 0; i < n; i++) {
            v = (v * 7.13 + 0.29) % 2.0 - 1.0;
            x[i] = v;
        }
        return x;
    }

    /** The very code of the built-in MA2 summaries, for lengths on both sides of numpy's 8- and 128-term blocks. */
    @Test
    void autocovEqualsMa2ModelBitForBit() {
        for (int n : new int[] {3, 9, 10, 100, 129, 130, 300, 1000}) {
            double[] x = series(n);
            double[] out = new double[1];
            for (int lag = 1; lag <= 2; lag++) {
                Ma2Model.autocov(x, 1, n, lag, out);
                assertEquals(out[0], Summaries.autocov(lag).of(x), 0.0, "n " + n + " lag " + lag);
            }
        }
        assertTrue(Double.isNaN(Summaries.autocov(3).of(new double[3])));
        assertMessage(() -> Summaries.autocov(0), "autocov lag = 0", ">= 1");
    }

    /** Against plain two-pass sums: equal to within 1e-14 relative (only the summation order differs). */
    @Test
    void meanAndVariance() {
        assertEquals(2.0, Summaries.mean().of(new double[] {1, 2, 3}), 0.0);
        assertEquals(2.0 / 3, Summaries.variance().of(new double[] {1, 2, 3}), 1e-16);
        for (int n : new int[] {5, 64, 200, 5000}) {
            double[] x = series(n);
            double sum = 0;
            for (double v : x) {
                sum += v;
            }
            double mean = sum / n;
            double ss = 0;
            for (double v : x) {
                ss += (v - mean) * (v - mean);
            }
            assertEquals(mean, Summaries.mean().of(x), 1e-14 * Math.max(1, Math.abs(mean)), "mean n " + n);
            assertEquals(ss / n, Summaries.variance().of(x), 1e-14 * (ss / n), "variance n " + n);
        }
        assertTrue(Double.isNaN(Summaries.mean().of(new double[0])));
    }
}

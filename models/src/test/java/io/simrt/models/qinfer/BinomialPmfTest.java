package io.simrt.models.qinfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.statistics.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

/**
 * {@link BinomialPmf} against an independent implementation, Commons Statistics' {@code BinomialDistribution}.
 * Both are accurate to a few ulps in the log domain; the tolerance is 1e-12 relative, compared where the value
 * is a normal double (above 1e-290, so a relative comparison is meaningful).
 */
class BinomialPmfTest {
    private static final int[] NS = {1, 2, 3, 5, 10, 15, 16, 17, 35, 36, 80, 81, 100, 500, 501, 1000, 12345, 1_000_000};
    private static final double[] PS = {1e-15, 1e-9, 1e-3, 0.05, 0.1, 0.229848847066, 0.5, 0.77, 0.95, 1 - 1e-9};

    @Test
    void agreesWithCommonsStatistics() {
        int compared = 0;
        for (int n : NS) {
            for (double p : PS) {
                BinomialDistribution d = BinomialDistribution.of(n, p);
                for (int k : ks(n, p)) {
                    double expected = d.probability(k);
                    double actual = BinomialPmf.pmf(k, n, p);
                    if (expected > 1e-290) {
                        assertEquals(expected, actual, 1e-12 * expected, "n=" + n + " p=" + p + " k=" + k);
                        compared++;
                    } else {
                        assertTrue(actual < 1e-280, "n=" + n + " p=" + p + " k=" + k + ": " + actual);
                    }
                }
            }
        }
        assertTrue(compared > 500, "compared " + compared);
    }

    /** 0, 1, n−1, n, and a spread around the mean. */
    private static int[] ks(int n, double p) {
        int mean = (int) Math.round(n * p);
        int sd = (int) Math.ceil(Math.sqrt(n * p * (1 - p)));
        int[] ks = new int[15];
        ks[0] = 0;
        ks[1] = Math.min(1, n);
        ks[2] = Math.max(n - 1, 0);
        ks[3] = n;
        for (int i = 0; i < 11; i++) {
            ks[4 + i] = Math.max(0, Math.min(n, mean + (i - 5) * sd));
        }
        return ks;
    }

    @Test
    void edges() {
        assertEquals(0.0, BinomialPmf.pmf(-1, 5, 0.5));
        assertEquals(0.0, BinomialPmf.pmf(6, 5, 0.5));
        assertEquals(1.0, BinomialPmf.pmf(0, 0, 0.3));
        assertEquals(1.0, BinomialPmf.pmf(0, 9, 0.0));
        assertEquals(0.0, BinomialPmf.pmf(1, 9, 0.0));
        assertEquals(1.0, BinomialPmf.pmf(9, 9, 1.0));
        assertEquals(0.0, BinomialPmf.pmf(8, 9, 1.0));
        assertEquals(1.0, BinomialPmf.pmf(0, 9, -1e-17), "rounded just below 0 acts as 0");
        assertEquals(1.0, BinomialPmf.pmf(9, 9, Math.nextUp(1.0)), "rounded just above 1 acts as 1");
        assertTrue(Double.isNaN(BinomialPmf.pmf(2, 9, Double.NaN)));
    }

    /** The table entries are ln(n!) − ln(sqrt(2πn)(n/e)^n); the series must join them smoothly at 15/16. */
    @Test
    void stirlingErrorTableAndSeriesAgree() {
        for (int n = 1; n <= 15; n++) {
            double direct = logFactorial(n) - (n + 0.5) * Math.log(n) + n - 0.5 * Math.log(2 * Math.PI);
            assertEquals(direct, BinomialPmf.stirlerr(n), 1e-13, "n=" + n);
        }
        // Series at 15 (not used there) against the table: the truncation error is below 1e-14.
        double n = 15;
        double series = (1.0 / 12
                        - (1.0 / 360 - (1.0 / 1260 - (1.0 / 1680 - 1.0 / 1188 / (n * n)) / (n * n)) / (n * n))
                                / (n * n))
                / n;
        assertEquals(BinomialPmf.stirlerr(15), series, 1e-14);
    }

    private static double logFactorial(int n) {
        double s = 0;
        for (int i = 2; i <= n; i++) {
            s += Math.log(i);
        }
        return s;
    }
}

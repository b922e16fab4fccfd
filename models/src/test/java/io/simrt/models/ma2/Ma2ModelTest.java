package io.simrt.models.ma2;

import static io.simrt.models.ma2.TrianglePriorTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.NumpyReference;
import io.simrt.models.NumpySums;
import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import org.junit.jupiter.api.Test;

class Ma2ModelTest {
    private static final double S1_OBS = 0.6222141127726671;
    private static final double S2_OBS = 0.16831748769474358;

    /** docs/reference-values.md §2: w = 1..7, nObs = 5, (0.6, 0.2). */
    @Test
    void deterministicSeries() {
        Ma2Model model = Ma2Model.of(5);
        ScriptedStream rng = ScriptedStream.normals(1, 2, 3, 4, 5, 6, 7);
        double[] x = new double[5];
        model.simulate(new double[] {0.6, 0.2}, 1, rng, x);
        assertEquals(7, rng.normalsUsed());
        assertArrayEquals(new double[] {4.4, 6.2, 8.0, 9.8, 11.6}, x, 1e-12);
        double[] s = new double[1];
        Ma2Model.autocov(x, 1, 5, 1, s);
        assertEquals(67.24, s[0], 1e-12);
        double s1 = s[0];
        Ma2Model.autocov(x, 1, 5, 2, s);
        assertEquals(62.92, s[0], 1e-12);
        assertEquals(91.5188672058479, EuclideanDistance.of(S1_OBS, S2_OBS).distance(s1, s[0]), 1e-12);
    }

    /** Rows draw nObs + 2 normals each, in row order (numpy's randn(batch, nObs + 2)). */
    @Test
    void rowsConsumeNormalsInOrder() {
        Ma2Model model = Ma2Model.of(3);
        ScriptedStream rng = ScriptedStream.normals(1, 2, 3, 4, 5, 10, 20, 30, 40, 50);
        double[] x = new double[6];
        model.simulate(new double[] {1, 0, 0, 1}, 2, rng, x);
        assertEquals(10, rng.normalsUsed());
        // row 0, (t1, t2) = (1, 0): w[i+2] + w[i+1] of 1..5; row 1, (0, 1): w[i+2] + w[i] of 10..50
        assertArrayEquals(new double[] {5, 7, 9, 40, 60, 80}, x, 0);
    }

    /** seed_obs = 4 with numpy: the whole series, S1_obs and S2_obs (the sum in numpy's pairwise order). */
    @Test
    void observedDataOfSeed4EqualsElfi() {
        double[] y = new double[100];
        Ma2Model.of(100).simulate(new double[] {0.6, 0.2}, 1, RandomStreams.observed(RngFamily.ELFI, 4), y);
        double[] first = {-0.6858257897, 0.1960434163, -0.2013242013, -1.6968384455, -1.6821134122};
        for (int i = 0; i < 5; i++) {
            assertEquals(first[i], y[i], 1e-10);
        }
        double[] expected = NumpyReference.doubles("ma2.obs4.y");
        for (int i = 0; i < 100; i++) {
            assertEquals(expected[i], y[i], 1e-14 * Math.max(1, Math.abs(expected[i])), "y[" + i + "]");
        }
        double[] s = new double[1];
        Ma2Model.autocov(y, 1, 100, 1, s);
        assertEquals(S1_OBS, s[0], 1e-15);
        Ma2Model.autocov(y, 1, 100, 2, s);
        assertEquals(S2_OBS, s[0], 1e-15);
    }

    /** The pairwise sum agrees with a plain sum to rounding, for lengths around every branch (8, 128, 129). */
    @Test
    void pairwiseSumIsASum() {
        for (int n : new int[] {3, 7, 8, 9, 16, 17, 127, 128, 129, 130, 257, 1000}) {
            double[] x = new double[n];
            RandomStreams.of(RngFamily.FAST, n).block(0).nextGaussians(x, 0, n);
            for (int lag = 1; lag <= 2; lag++) {
                double plain = 0;
                double abs = 0;
                for (int i = 0; i + lag < n; i++) {
                    plain += x[i + lag] * x[i];
                    abs += Math.abs(x[i + lag] * x[i]);
                }
                assertEquals(plain, NumpySums.lagProductSum(x, 0, n - lag, lag), 1e-14 * abs, "n " + n + " lag " + lag);
            }
        }
    }

    /** The one-pass summaries equal the two pairwise sums bit for bit, for every length up to 300. */
    @Test
    void onePassSummariesEqualTheTwoPairwiseSums() {
        double[] x = new double[300];
        RandomStreams.of(RngFamily.FAST, 8).block(1).nextGaussians(x, 0, 300);
        double[] s = new double[3];
        for (int n = 3; n <= 300; n++) {
            Ma2Model.summaries(x, n, s, 1);
            assertEquals(NumpySums.lagProductSum(x, 0, n - 1, 1) / (n - 1), s[1], 0.0, "S1, n " + n);
            assertEquals(NumpySums.lagProductSum(x, 0, n - 2, 2) / (n - 2), s[2], 0.0, "S2, n " + n);
        }
    }

    /** Summaries straight from the noise equal series + summaries bit for bit, for every fusable length. */
    @Test
    void summariesOfNoiseEqualSeriesThenSummaries() {
        double[] w = new double[131];
        RandomStream rng = RandomStreams.of(RngFamily.FAST, 9).block(0);
        double[] x = new double[129];
        double[] expected = new double[2];
        double[] got = new double[2];
        for (int n = 3; n <= 140; n++) {
            if (!Ma2Model.fusable(n)) {
                assertTrue(n < 10 || n > 129, "n " + n);
                continue;
            }
            for (int rep = 0; rep < 20; rep++) {
                rng.nextGaussians(w, 0, n + 2);
                double t1 = 4 * rng.nextDouble() - 2;
                double t2 = 2 * rng.nextDouble() - 1;
                Ma2Model.series(t1, t2, w, n, x, 0);
                Ma2Model.summaries(x, n, expected, 0);
                Ma2Model.summariesOfNoise(w, t1, t2, n, new double[n], got, 0);
                assertArrayEquals(expected, got, "n " + n);
            }
        }
    }

    @Test
    void badInputIsRejected() {
        assertMessage(() -> Ma2Model.of(2), "nObs = 2", ">= 3");
        Ma2Model m = Ma2Model.of(4);
        ScriptedStream rng = ScriptedStream.normals(new double[12]);
        assertMessage(() -> m.simulate(new double[2], 0, rng, new double[4]), "batchSize = 0", "> 0");
        assertMessage(() -> m.simulate(new double[3], 2, rng, new double[8]), "params.length = 3", ">= 2 x 2 = 4");
        assertMessage(() -> m.simulate(new double[4], 2, rng, new double[7]), "out.length = 7", ">= 2 x 4 = 8");
        assertMessage(
                () -> m.simulate(new double[] {0.1, 0.2, 0.3, Double.NaN}, 2, rng, new double[8]),
                "params[1].t2 = NaN",
                "finite");
        assertMessage(
                () -> m.simulate(new double[] {Double.NEGATIVE_INFINITY, 0}, 1, rng, new double[4]),
                "params[0].t1 = -Infinity",
                "finite");
        assertMessage(() -> Ma2Model.autocov(new double[8], 2, 4, 4, new double[2]), "lag = 4", "[1, 3]");
        assertMessage(() -> Ma2Model.autocov(new double[8], 2, 4, 0, new double[2]), "lag = 0");
        assertMessage(() -> Ma2Model.autocov(new double[7], 2, 4, 1, new double[2]), "x.length = 7");
        assertMessage(() -> Ma2Model.autocov(new double[8], 2, 4, 1, new double[1]), "out.length = 1");
    }
}

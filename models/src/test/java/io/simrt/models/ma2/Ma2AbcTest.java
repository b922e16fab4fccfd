package io.simrt.models.ma2;

import static io.simrt.models.ma2.TrianglePriorTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.simrt.models.NumpyReference;
import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.random.RandomStreams;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class Ma2AbcTest {
    private static final double S1_OBS = 0.6222141127726671;
    private static final double S2_OBS = 0.16831748769474358;

    private static Ma2Abc elfiModel() {
        return Ma2Abc.observedFrom(RngFamily.ELFI, 4, 0.6, 0.2, 100);
    }

    @Test
    void observedSummariesOfSeed4() {
        Ma2Abc m = elfiModel();
        assertEquals(S1_OBS, m.s1Obs(), 1e-15);
        assertEquals(S2_OBS, m.s2Obs(), 1e-15);
        assertEquals(100, m.nObs());
        assertEquals("ma2", m.name());
        assertEquals(List.of("t1", "t2"), m.parameterNames());
        assertEquals(2, m.nParams());
    }

    /** docs/reference-values.md §2: ELFI batch 0 of seed 20170530, batch size 2, with the seed_obs = 4 model. */
    @Test
    void elfiBatch0OfSeed20170530() {
        Ma2Abc m = elfiModel();
        RandomStream rng = RandomStreams.of(RngFamily.ELFI, 20170530).block(0);
        double[] p = new double[4];
        m.samplePrior(2, rng, p);
        assertEquals(-0.0746717596, p[0], 1e-10);
        assertEquals(-0.2252150099, p[2], 1e-10);
        assertEquals(-0.2205384404, p[1], 1e-10);
        assertEquals(-0.7718757266, p[3], 1e-10);
        double[] d = new double[2];
        m.simulateDistances(p, 2, rng, d);
        assertEquals(0.9411469287, d[0], 1e-10);
        assertEquals(0.8416668717, d[1], 1e-10);
    }

    /** numpy_reference.py: ELFI batches (0, size 2) and (3, size 50) of seed 20170530, every value to 1e-12. */
    @Test
    void elfiBatchesEqualNumpy() {
        Ma2Abc m = elfiModel();
        for (int[] batch : new int[][] {{0, 2}, {3, 50}}) {
            int n = batch[1];
            String key = "ma2.batch." + batch[0] + "." + n;
            RandomStream rng = RandomStreams.of(RngFamily.ELFI, 20170530).block(batch[0]);
            double[] p = new double[2 * n];
            m.samplePrior(n, rng, p);
            double[] t1 = NumpyReference.doubles(key + ".t1");
            double[] t2 = NumpyReference.doubles(key + ".t2");
            double[] s1 = NumpyReference.doubles(key + ".s1");
            double[] s2 = NumpyReference.doubles(key + ".s2");
            double[] d = NumpyReference.doubles(key + ".d");
            double[] dist = new double[n];
            m.simulateDistances(p, n, rng, dist);
            // the summaries from the same batch stream, replayed: prior uniforms first, then the normals
            RandomStream again = RandomStreams.of(RngFamily.ELFI, 20170530).block(batch[0]);
            m.samplePrior(n, again, new double[2 * n]);
            double[] summaries = new double[2 * n];
            m.simulateSummaries(p, n, again, summaries);
            for (int i = 0; i < n; i++) {
                assertClose(t1[i], p[2 * i], key + " t1[" + i + "]");
                assertClose(t2[i], p[2 * i + 1], key + " t2[" + i + "]");
                assertClose(s1[i], summaries[2 * i], key + " s1[" + i + "]");
                assertClose(s2[i], summaries[2 * i + 1], key + " s2[" + i + "]");
                assertClose(d[i], dist[i], key + " d[" + i + "]");
            }
        }
    }

    private static void assertClose(double expected, double actual, String what) {
        assertEquals(expected, actual, 1e-12 * Math.max(1, Math.abs(expected)), what);
    }

    /**
     * The fused loop gives exactly what simulate + autocov + distance give, on both families and for series
     * lengths on both of its paths (one pass from the noise for 10..129, a scratch series otherwise).
     */
    @ParameterizedTest
    @EnumSource(RngFamily.class)
    void fusedDistancesEqualTheStepByStepPipeline(RngFamily family) {
        for (int nObs : new int[] {3, 9, 10, 100, 129, 130, 250}) {
            Ma2Abc m = Ma2Abc.observedFrom(family, 11, 0.6, 0.2, nObs);
            int n = 500;
            double[] p = new double[2 * n];
            m.samplePrior(n, RandomStreams.of(family, 3).root(), p);

            double[] fused = new double[n];
            m.simulateDistances(p, n, RandomStreams.of(family, 3).block(5), fused);
            double[] fusedSummaries = new double[2 * n];
            m.simulateSummaries(p, n, RandomStreams.of(family, 3).block(5), fusedSummaries);

            double[] x = new double[n * nObs];
            m.simulator().simulate(p, n, RandomStreams.of(family, 3).block(5), x);
            double[] s1 = new double[n];
            double[] s2 = new double[n];
            Ma2Model.autocov(x, n, nObs, 1, s1);
            Ma2Model.autocov(x, n, nObs, 2, s2);
            double[] summaries = new double[2 * n];
            for (int i = 0; i < n; i++) {
                summaries[2 * i] = s1[i];
                summaries[2 * i + 1] = s2[i];
            }
            double[] stepwise = new double[n];
            m.distance().distances(summaries, n, stepwise);
            for (int i = 0; i < n; i++) {
                assertEquals(stepwise[i], fused[i], 1e-12 * Math.abs(stepwise[i]), "nObs " + nObs + ", row " + i);
            }
            assertArrayEquals(stepwise, fused, 0.0, "in fact bit for bit, nObs " + nObs);
            assertArrayEquals(summaries, fusedSummaries, 0.0, "summaries, nObs " + nObs);
        }
    }

    @Test
    void fastObservedDataIsReproducibleAndDiffersFromElfi() {
        Ma2Abc a = Ma2Abc.observedFrom(RngFamily.FAST, 4, 0.6, 0.2, 100);
        assertEquals(a, Ma2Abc.observedFrom(RngFamily.FAST, 4, 0.6, 0.2, 100));
        assertNotEquals(a.s1Obs(), elfiModel().s1Obs());
    }

    @Test
    void priorDensityReadsTheRequestedRow() {
        Ma2Abc m = elfiModel();
        double[] p = {0, 0, 0, 1.5, 1.5, 0.9};
        assertEquals(0.25, m.priorDensity(p, 0), 1e-15);
        assertEquals(0.0, m.priorDensity(p, 1), 0.0);
        assertEquals(0.25, m.priorDensity(p, 2), 1e-15);
        assertMessage(() -> m.priorDensity(p, 3), "row = 3", "[0, 2]");
        assertMessage(() -> m.priorDensity(p, -1), "row = -1");
    }

    @Test
    void specRoundTrips() {
        Ma2Abc m = elfiModel();
        Ma2Abc.Spec spec = m.spec();
        assertEquals(new Ma2Abc.Spec(100, S1_OBS, S2_OBS, 2, 1), spec);
        AbcModel built = spec.build();
        assertEquals(m, built);
        assertEquals(Ma2Abc.Spec.of(5, 1, 2).build(), Ma2Abc.of(5, 1, 2));
        Ma2Abc custom = Ma2Abc.of(10, 1, 2, TrianglePrior.of(3, 1.5));
        assertEquals(custom, custom.spec().build());
        assertSame(Ma2Abc.class, built.getClass());
    }

    @Test
    void badInputIsRejected() {
        Ma2Abc m = elfiModel();
        RandomStream rng = RandomStreams.of(RngFamily.FAST, 1).block(0);
        assertMessage(() -> m.simulateDistances(new double[2], 0, rng, new double[1]), "batchSize = 0", "> 0");
        assertMessage(() -> m.samplePrior(0, rng, new double[2]), "batchSize = 0", "> 0");
        assertMessage(() -> m.samplePrior(3, rng, new double[5]), "paramsOut.length = 5");
        assertMessage(() -> m.simulateDistances(new double[3], 2, rng, new double[2]), "params.length = 3");
        assertMessage(
                () -> m.simulateDistances(new double[4], 2, rng, new double[1]),
                "distancesOut.length = 1",
                ">= batchSize = 2");
        assertMessage(
                () -> m.simulateDistances(new double[] {Double.NaN, 0}, 1, rng, new double[1]),
                "params[0].t1 = NaN",
                "finite");
        assertMessage(() -> m.simulateSummaries(new double[4], 2, rng, new double[3]), "summariesOut.length = 3");
        assertMessage(() -> Ma2Abc.of(2, 0, 0), "nObs = 2", ">= 3");
        assertMessage(() -> Ma2Abc.of(100, Double.NaN, 0), "s1Obs = NaN", "finite");
        assertMessage(() -> Ma2Abc.observedFrom(RngFamily.ELFI, -1, 0.6, 0.2, 100), "seedObs = -1");
        assertMessage(() -> Ma2Abc.observedFrom(RngFamily.FAST, 1, Double.NaN, 0.2, 100), "params[0].t1 = NaN");
        assertMessage(() -> Ma2Abc.ofObservedData(new double[] {1, Double.NaN, 3}), "observed data[1] = NaN");
        assertMessage(() -> Ma2Abc.ofObservedData(new double[2]), "observed data length = 2", ">= 3");
        assertMessage(() -> new Ma2Abc.Spec(100, 0, 0, 0, 1), "b = 0.0");
        assertMessage(() -> new Ma2Abc.Spec(1, 0, 0, 2, 1), "nObs = 1");
    }
}

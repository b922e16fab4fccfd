package io.simrt.inference.smc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.ModelParams;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.models.qubit.DampedRabiModel;
import io.simrt.models.random.RandomStreams;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiuWestResamplerTest {
    /** A 2-parameter model whose validity never matters here (the cloud sits well inside ω > 0, γ >= 0). */
    private static final DampedRabiModel RABI = DampedRabiModel.of();

    /**
     * For the decimal a, h(0.98) = sqrt(0.0396) = 0.19899748742132398 (as a double). QInfer computes
     * {@code np.sqrt(1 - a**2)} on the binary a = 0.98, and 1 - 0.98^2 rounds to 0.03960000000000008 (cancellation:
     * relative error 2e-15), so numpy returns 0.1989974874213242 (checked with numpy 2.x), 8 ulps (2.2e-16) above
     * the decimal value; docs/reference-values.md §1 lists both. Java's {@code Math.sqrt(1 - a * a)} gives numpy's
     * bits exactly; the decimal value is matched to 3e-16, just above that rounding gap.
     */
    @Test
    void defaultHIsQInfersValue() {
        assertEquals(0.1989974874213242, LiuWestResampler.of().h(), 0.0);
        assertEquals(0.19899748742132398, LiuWestResampler.defaultH(0.98), 3e-16);
        assertEquals(0.98, LiuWestResampler.of().a(), 0.0);
        assertEquals(0.5, LiuWestResampler.builder().h(0.5).build().h(), 0.0);
    }

    @Test
    void followsTheFormulaDrawByDraw() {
        // Two particles x = (0, 1), w = (1/4, 3/4): mean 3/4, Cov = 3/4 - 9/16 = 3/16. a = h = 1/2, so
        // S = sqrt(3/16)/2. Uniforms 0.1 and 0.9 pick ancestors 0 and 1; normals 1 then 2 give
        // x0' = 3/8 + S and x1' = 1/2 + 3/8 + 2S = 1.308 > 0.9, invalid: redrawn with the next normal, -2, and
        // the same ancestor (no third uniform is consumed).
        double s = Math.sqrt(3.0 / 16) / 2;
        FunctionModel model = new FunctionModel((x, t) -> 0.5, x -> x < 0.9);
        ScriptedStream rng = ScriptedStream.of(new double[] {0.1, 0.9}, new double[] {1, 2, -2});
        LiuWestResampler lw = LiuWestResampler.builder().a(0.5).h(0.5).build();
        Resampler.Resampled r = lw.resample(model, new double[] {0.25, 0.75}, ModelParams.column(0, 1), rng);
        assertArrayEquals(new double[] {0.375 + s, 0.875 - 2 * s}, r.locations().toArray(), 1e-15);
        assertArrayEquals(new double[] {0.5, 0.5}, r.weights(), 0.0);
        assertArrayEquals(new int[] {2, 3}, rng.used());
    }

    /**
     * A weighted, correlated, non-Gaussian cloud of 20,000 particles is resampled once. Each new particle is an
     * independent draw with the cloud's mean and covariance C (as a^2 + h^2 = 1), so the new sample mean has
     * standard error sqrt(C_pp / n) and the new sample covariance entries about sqrt((C_pp C_qq + C_pq^2) / n)
     * (Gaussian fourth moments; this cloud's tails are lighter). Tolerances: 5 of those standard errors.
     */
    @Test
    void keepsMeanAndCovarianceOfAWeightedCloud() {
        int n = 20_000;
        Cloud cloud = Cloud.make(n, 21);
        Resampler.Resampled r = LiuWestResampler.of()
                .resample(
                        RABI,
                        cloud.weights,
                        cloud.locations,
                        RandomStreams.of(RngFamily.FAST, 22).root());
        double[] uniform = r.weights();
        assertEquals(1.0 / n, uniform[0], 0.0);
        double[] mean0 = WeightedParticles.mean(cloud.weights, cloud.locations);
        double[] cov0 = WeightedParticles.covariance(cloud.weights, cloud.locations);
        double[] mean1 = WeightedParticles.mean(uniform, r.locations());
        double[] cov1 = WeightedParticles.covariance(uniform, r.locations());
        for (int p = 0; p < 2; p++) {
            assertEquals(mean0[p], mean1[p], 5 * Math.sqrt(cov0[p * 2 + p] / n), "mean " + p);
        }
        for (int p = 0; p < 2; p++) {
            for (int q = 0; q < 2; q++) {
                double se = Math.sqrt((cov0[p * 2 + p] * cov0[q * 2 + q] + cov0[p * 2 + q] * cov0[p * 2 + q]) / n);
                assertEquals(cov0[p * 2 + q], cov1[p * 2 + q], 5 * se, "cov " + p + q);
            }
        }
    }

    /**
     * The "iff" half of a^2 + h^2 = 1: with h = 0.5 (a = 0.98) the covariance grows by a^2 + h^2 = 1.2104 in
     * expectation. The variance ratio's standard error is about sqrt(2/n) = 0.01, so 5 of those separate 1.2104
     * from 1 by far.
     */
    @Test
    void inflatesTheCovarianceWhenASquaredPlusHSquaredExceedsOne() {
        int n = 20_000;
        Cloud cloud = Cloud.make(n, 23);
        Resampler.Resampled r = LiuWestResampler.builder()
                .h(0.5)
                .build()
                .resample(
                        RABI,
                        cloud.weights,
                        cloud.locations,
                        RandomStreams.of(RngFamily.FAST, 24).root());
        double[] cov0 = WeightedParticles.covariance(cloud.weights, cloud.locations);
        double[] cov1 = WeightedParticles.covariance(r.weights(), r.locations());
        double expected = 0.98 * 0.98 + 0.25;
        for (int p = 0; p < 2; p++) {
            assertEquals(expected, cov1[p * 3] / cov0[p * 3], 5 * expected * Math.sqrt(2.0 / n), "var ratio " + p);
        }
    }

    @Test
    void postSelectionLeavesNoInvalidParticle() {
        // 1000 particles on (0, 0.05]: Liu-West kernels around them cross omega = 0 often enough that, without
        // post-selection, some new particles are invalid for SimplePrecessionModel (omega > 0).
        int n = 1000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.05 * (i + 1) / n;
        }
        double[] w = new double[n];
        Arrays.fill(w, 1.0 / n);
        SimplePrecessionModel model = SimplePrecessionModel.of();
        ModelParams without = LiuWestResampler.builder()
                .postselect(false)
                .build()
                .resample(
                        model,
                        w,
                        ModelParams.column(x),
                        RandomStreams.of(RngFamily.FAST, 3).root())
                .locations();
        assertTrue(countFalse(model.areModelsValid(without)) > 0, "the test needs invalid proposals to reject");
        ModelParams with = LiuWestResampler.of()
                .resample(
                        model,
                        w,
                        ModelParams.column(x),
                        RandomStreams.of(RngFamily.FAST, 3).root())
                .locations();
        assertEquals(0, countFalse(model.areModelsValid(with)));
    }

    @Test
    void warnsWhenPostSelectionGivesUp() {
        FunctionModel never = new FunctionModel((x, t) -> 0.5, x -> false);
        try (LogCapture log = LogCapture.of(LiuWestResampler.class)) {
            Resampler.Resampled r = LiuWestResampler.builder()
                    .maxIter(3)
                    .build()
                    .resample(
                            never,
                            new double[] {0.5, 0.5},
                            ModelParams.column(0, 1),
                            RandomStreams.of(RngFamily.FAST, 4).root());
            assertEquals(2, r.locations().nModels());
            assertEquals(
                    List.of("Liu-West resampling failed to find valid models for 2 particles within 3 iterations."),
                    log.warnings());
        }
    }

    @Test
    void zeroCovarianceIsReplacedByATinyOneWithAWarning() {
        // All weight on x = 0.5: mean 0.5 and Cov = 0.25 - 0.25 = 0 exactly.
        try (LogCapture log = LogCapture.of(LiuWestResampler.class)) {
            Resampler.Resampled r = LiuWestResampler.of()
                    .resample(
                            SimplePrecessionModel.of(),
                            new double[] {1, 0, 0},
                            ModelParams.column(0.5, 0.7, 0.9),
                            RandomStreams.of(RngFamily.FAST, 5).root());
            assertEquals(1, log.warnings().size());
            assertTrue(
                    log.warnings().get(0).startsWith("Covariance has zero norm"),
                    log.warnings().get(0));
            // New particles: 0.5 + h sqrt(1e-10) z, i.e. within 0.2 * 1e-5 * |z| of 0.5, |z| < 10 surely.
            for (double v : r.locations().toArray()) {
                assertEquals(0.5, v, 2e-5);
            }
            assertFalse(Arrays.stream(r.locations().toArray()).allMatch(v -> v == 0.5), "the kernel still spreads");
        }
    }

    @Test
    void sameStreamGivesTheSameCloud() {
        Cloud cloud = Cloud.make(500, 6);
        Resampler.Resampled a = LiuWestResampler.of()
                .resample(
                        RABI,
                        cloud.weights,
                        cloud.locations,
                        RandomStreams.of(RngFamily.FAST, 7).root());
        Resampler.Resampled b = LiuWestResampler.of()
                .resample(
                        RABI,
                        cloud.weights,
                        cloud.locations,
                        RandomStreams.of(RngFamily.FAST, 7).root());
        assertEquals(a.locations(), b.locations());
    }

    @Test
    void rejectsBadOptionsAndShapes() {
        assertThrows(ParameterException.class, () -> LiuWestResampler.of(1.5));
        assertThrows(ParameterException.class, () -> LiuWestResampler.builder().h(-1));
        assertThrows(ParameterException.class, () -> LiuWestResampler.builder().maxIter(0));
        assertThrows(ParameterException.class, () -> LiuWestResampler.builder().zeroCovComp(0));
        assertThrows(
                ParameterException.class,
                () -> LiuWestResampler.of()
                        .resample(
                                RABI,
                                new double[] {1},
                                ModelParams.of(2, 2, 1, 0, 1, 0),
                                RandomStreams.of(RngFamily.FAST, 0).root()));
    }

    @Test
    void nonFiniteCovarianceIsAnSmcException() {
        assertThrows(
                SmcException.class,
                () -> LiuWestResampler.of()
                        .resample(
                                SimplePrecessionModel.of(),
                                new double[] {Double.NaN, 0.5},
                                ModelParams.column(0.5, 0.7),
                                RandomStreams.of(RngFamily.FAST, 0).root()));
    }

    private static int countFalse(boolean[] flags) {
        int c = 0;
        for (boolean f : flags) {
            if (!f) {
                c++;
            }
        }
        return c;
    }

    /** x0 ~ U[0.5, 1.5], x1 = 0.3 + 0.2 x0 + 0.1 U[0, 1] (correlated), weights proportional to exp(2 x0). */
    private record Cloud(double[] weights, ModelParams locations) {
        static Cloud make(int n, long seed) {
            RandomStream rng = RandomStreams.of(RngFamily.FAST, seed).root();
            double[] x = new double[2 * n];
            double[] w = new double[n];
            double total = 0;
            for (int i = 0; i < n; i++) {
                x[2 * i] = 0.5 + rng.nextDouble();
                x[2 * i + 1] = 0.3 + 0.2 * x[2 * i] + 0.1 * rng.nextDouble();
                w[i] = Math.exp(2 * x[2 * i]);
                total += w[i];
            }
            for (int i = 0; i < n; i++) {
                w[i] /= total;
            }
            return new Cloud(w, ModelParams.of(n, 2, x));
        }
    }
}

package io.simrt.inference.smc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.inference.results.Sample;
import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import io.simrt.models.ParameterException;
import io.simrt.models.RngFamily;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.models.qubit.DampedRabiModel;
import io.simrt.models.random.RandomStreams;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmcUpdaterTest {
    private static final ExpParams T1 = ExpParams.times(1.0);

    private static SmcUpdater.Builder precession(int n, long seed) {
        return SmcUpdater.builder(SimplePrecessionModel.of(), n, UniformPrior.of(0, 2))
                .seed(seed);
    }

    // ----------------------------------------------------------------------- docs/reference-values.md §1

    /**
     * docs/reference-values.md §1: 1000 particles from U[0, 2], outcome 0 at t = 1. With
     * L(omega) = cos^2(omega/2) = (1 + cos omega)/2:
     * <ul>
     *   <li>normalisation = mean of L over the particles, expectation E[L] = 1/2 + sin(2)/4 = 0.727324; Var(L) =
     *       E[L^2] - E[L]^2 with E[L^2] = 3/8 + sin(2)/4 + sin(4)/32 = 0.578674, so Var(L) = 0.049674 and the
     *       Monte-Carlo standard error of a 1000-particle mean is sqrt(0.049674/1000) = 0.00705. Tolerance 4 SE.
     *       (QInfer's run with np.random.seed(0) gave 0.730474.)</li>
     *   <li>n_ess = (sum L)^2 / sum L^2, about N E[L]^2 / E[L^2] = 914.16 (QInfer: 912.94). Over seeds 0..29 this
     *       test's value ranged 908.2..920.8 (sd about 3.4); tolerance 15, about 4.5 sd.</li>
     *   <li>posterior mean E[omega L]/E[L] = (2 + 2 sin 2 + cos 2 - 1)/4 / E[L] = 0.82579 (QInfer: 0.815068); over
     *       seeds 0..29 it ranged 0.800..0.849 (sd about 0.013); tolerance 0.05.</li>
     *   <li>n_ess is far above N/2 = 500, so no resampling.</li>
     * </ul>
     */
    @Test
    void oneUpdateMatchesTheReferenceValues() {
        SmcUpdater u = precession(1000, 0).build();
        u.update(0, T1);
        double expectedNorm = 0.5 + Math.sin(2) / 4;
        double el2 = 3.0 / 8 + Math.sin(2) / 4 + Math.sin(4) / 32;
        double se = Math.sqrt((el2 - expectedNorm * expectedNorm) / 1000);
        assertEquals(0.72732, expectedNorm, 5e-6);
        assertEquals(1, u.normalizationRecord().length);
        assertEquals(expectedNorm, u.normalizationRecord()[0], 4 * se);
        assertEquals(1000 * expectedNorm * expectedNorm / el2, u.nEss(), 15);
        assertEquals(914.16, 1000 * expectedNorm * expectedNorm / el2, 0.005);
        double expectedMean = (2 + 2 * Math.sin(2) + Math.cos(2) - 1) / 4 / expectedNorm;
        assertEquals(expectedMean, u.estMean()[0], 0.05);
        assertEquals(0, u.resampleCount());
        assertFalse(u.justResampled());
        assertEquals(u.nEss(), u.minEss(), 0.0);
        assertArrayEquals(new int[] {0}, u.dataRecord());
        assertEquals(Math.log(u.normalizationRecord()[0]), u.logTotalLikelihood(), 0.0);
    }

    @Test
    void uniformWeightsHaveEssExactlyN() {
        for (int n : new int[] {1, 3, 1000, 4096}) {
            SmcUpdater u = precession(n, 1).build();
            assertEquals(n, u.nEss(), 0.0, "n = " + n);
            assertEquals(n, u.minEss(), 0.0);
            assertEquals(Math.log(n), u.estEntropy(), 1e-12);
        }
    }

    @Test
    void startsFromThePrior() {
        SmcUpdater u = precession(10, 2).build();
        assertEquals(
                UniformPrior.of(0, 2)
                        .sample(10, RandomStreams.of(RngFamily.FAST, 2).root()),
                u.particleLocations());
        double[] w = new double[10];
        Arrays.fill(w, 0.1);
        assertArrayEquals(w, u.particleWeights(), 0.0);
        assertEquals(0, u.logTotalLikelihood(), 0.0);
        assertEquals(0, u.dataRecord().length);
    }

    // ------------------------------------------------------------------------------------- likelihood calls

    /** The contract a parallelised model relies on: one likelihood call per datum, with every particle. */
    @Test
    void callsTheLikelihoodOncePerUpdateWithAllParticles() {
        CountingModel model = new CountingModel(SimplePrecessionModel.of());
        SmcUpdater u =
                SmcUpdater.builder(model, 300, UniformPrior.of(0, 2)).seed(3).build();
        for (int k = 0; k < 3; k++) {
            u.update(k % 2, ExpParams.times(1 + k));
        }
        double[] t = new double[17];
        int[] outcomes = new int[17];
        for (int k = 0; k < t.length; k++) {
            t[k] = 2 + 0.5 * k;
            outcomes[k] = (k * 7) % 3 == 0 ? 1 : 0;
        }
        u.batchUpdate(outcomes, ExpParams.times(t));
        assertEquals(20, model.likelihoodCalls.size());
        for (int[] shape : model.likelihoodCalls) {
            assertArrayEquals(new int[] {1, 300, 1}, shape);
        }
        assertTrue(u.resampleCount() > 0, "the data should have forced a resampling");
        assertEquals(u.resampleCount(), model.clearCacheCalls, "clearCache once per resampling");

        model.likelihoodCalls.clear();
        u.hypotheticalUpdate(new int[] {0, 1}, ExpParams.times(1, 2, 3));
        assertEquals(1, model.likelihoodCalls.size());
        assertArrayEquals(new int[] {2, 300, 3}, model.likelihoodCalls.get(0));
    }

    @Test
    void aFailingClearCacheIsOnlyAWarning() {
        CountingModel model = new CountingModel(SimplePrecessionModel.of()) {
            @Override
            public void clearCache() {
                super.clearCache();
                throw new IllegalStateException("engines gone");
            }
        };
        SmcUpdater u =
                SmcUpdater.builder(model, 50, UniformPrior.of(0, 2)).seed(4).build();
        try (LogCapture log = LogCapture.of(SmcUpdater.class)) {
            u.resample();
            assertEquals(1, model.clearCacheCalls);
            assertEquals(
                    List.of("Exception raised when clearing model cache: "
                            + "java.lang.IllegalStateException: engines gone. Ignoring."),
                    log.warnings());
        }
    }

    // ------------------------------------------------------------------------------------- batch update

    @Test
    void batchUpdateNeedsOneOutcomePerExperiment() {
        SmcUpdater u = precession(10, 5).build();
        ParameterException e =
                assertThrows(ParameterException.class, () -> u.batchUpdate(new int[] {0, 1}, ExpParams.times(1, 2, 3)));
        assertTrue(e.getMessage().contains("2 outcomes but 3 experiments"), e.getMessage());
        assertThrows(ParameterException.class, () -> u.batchUpdate(new int[] {0}, T1, 0));
        assertThrows(ParameterException.class, () -> u.update(0, ExpParams.times(1, 2)));
        assertEquals(0, u.dataRecord().length);
    }

    @Test
    void batchUpdateChecksForResamplingOnlyEveryIntervalData() {
        // Outcome 0 of the step model at t = 0.1 keeps the ~10% of particles below 0.1: n_ess ~ 0.1 N < N/2.
        SmcUpdater batch = SmcUpdater.builder(FunctionModel.step(), 1000, UniformPrior.of(0, 1))
                .seed(6)
                .build();
        batch.batchUpdate(new int[] {0}, ExpParams.times(0.1));
        assertTrue(batch.nEss() < 500);
        assertEquals(0, batch.resampleCount(), "one datum is not a multiple of the interval 5");
        batch.batchUpdate(new int[] {0}, ExpParams.times(0.1), 1);
        assertEquals(1, batch.resampleCount());

        SmcUpdater single = SmcUpdater.builder(FunctionModel.step(), 1000, UniformPrior.of(0, 1))
                .seed(6)
                .build();
        single.update(0, ExpParams.times(0.1));
        assertEquals(1, single.resampleCount());
        assertTrue(single.justResampled());
        assertEquals(1000, single.nEss(), 1e-9);
    }

    @Test
    void batchUpdateEqualsTheSameUpdatesOneByOne() {
        double[] t = {1, 2, 3, 4, 5, 6, 7};
        int[] o = {0, 1, 1, 0, 1, 0, 0};
        SmcUpdater a = precession(500, 8).build();
        a.batchUpdate(o, ExpParams.times(t), 1);
        SmcUpdater b = precession(500, 8).build();
        for (int k = 0; k < t.length; k++) {
            b.update(o[k], ExpParams.times(t[k]));
        }
        assertEquals(a.particleLocations(), b.particleLocations());
        assertArrayEquals(a.particleWeights(), b.particleWeights(), 0.0);
        assertArrayEquals(a.normalizationRecord(), b.normalizationRecord(), 0.0);
    }

    // ------------------------------------------------------------------------------------- zero weights

    /**
     * Outcome 0 of the step model at t = 0 says x < 0, impossible for every particle of U[0, 1) and, as the model
     * is valid only for x >= 0, for every particle Liu-West post-selection lets through.
     */
    private static SmcUpdater stepUpdater(ZeroWeightPolicy policy, long seed) {
        return SmcUpdater.builder(FunctionModel.step(), 100, UniformPrior.of(0, 1))
                .seed(seed)
                .zeroWeightPolicy(policy)
                .build();
    }

    private static final ExpParams IMPOSSIBLE_AT = ExpParams.times(0.0);

    @Test
    void zeroWeightErrorThrowsNamingPolicyAndThresholdAndChangesNothing() {
        SmcUpdater u = stepUpdater(ZeroWeightPolicy.ERROR, 9);
        assertSame(
                ZeroWeightPolicy.ERROR,
                SmcUpdater.builder(FunctionModel.step(), 1, UniformPrior.of(0, 1))
                        .seed(0)
                        .build()
                        .zeroWeightPolicy(),
                "ERROR is the default");
        ModelParams before = u.particleLocations();
        double[] w = u.particleWeights();
        SmcException e = assertThrows(SmcException.class, () -> u.update(0, IMPOSSIBLE_AT));
        assertTrue(e.getMessage().contains("zeroWeightPolicy ERROR"), e.getMessage());
        assertTrue(
                e.getMessage().contains("zeroWeightThreshold " + SmcUpdater.DEFAULT_ZERO_WEIGHT_THRESHOLD),
                e.getMessage());
        assertEquals(10 * Math.ulp(1.0), u.zeroWeightThreshold(), 0.0);
        assertSame(before, u.particleLocations());
        assertArrayEquals(w, u.particleWeights(), 0.0);
        assertEquals(0, u.dataRecord().length);
        assertEquals(0, u.normalizationRecord().length);
    }

    @Test
    void zeroWeightSkipLeavesTheCloudAndNormalizationsUntouched() {
        SmcUpdater u = stepUpdater(ZeroWeightPolicy.SKIP, 10);
        u.update(0, ExpParams.times(0.5)); // a possible outcome first
        ModelParams before = u.particleLocations();
        double[] w = u.particleWeights();
        double[] norms = u.normalizationRecord();
        try (LogCapture log = LogCapture.of(SmcUpdater.class)) {
            u.update(0, IMPOSSIBLE_AT);
            assertEquals(List.of(), log.warnings());
        }
        assertSame(before, u.particleLocations());
        assertArrayEquals(w, u.particleWeights(), 0.0);
        assertArrayEquals(norms, u.normalizationRecord(), 0.0);
        assertArrayEquals(new int[] {0, 0}, u.dataRecord(), "the datum is recorded, as QInfer does");
    }

    @Test
    void zeroWeightResetRestoresThePrior() {
        SmcUpdater u = stepUpdater(ZeroWeightPolicy.RESET, 11);
        u.update(0, ExpParams.times(0.5));
        ModelParams before = u.particleLocations();
        try (LogCapture log = LogCapture.of(SmcUpdater.class)) {
            u.update(0, IMPOSSIBLE_AT);
            assertEquals(1, log.warnings().size());
            assertTrue(
                    log.warnings().get(0).endsWith("Resetting from initial prior."),
                    log.warnings().get(0));
        }
        assertNotEquals(before, u.particleLocations(), "fresh prior draws");
        assertEquals(100, u.nEss(), 1e-9);
        for (double x : u.particleLocations().toArray()) {
            assertTrue(x >= 0 && x < 1);
        }
        assertEquals(1, u.normalizationRecord().length, "no normalisation for the reset update");
        assertEquals(2, u.dataRecord().length);
    }

    @Test
    void zeroWeightWarnAndIgnoreKeepTheZeroWeights() {
        for (ZeroWeightPolicy policy : new ZeroWeightPolicy[] {ZeroWeightPolicy.WARN, ZeroWeightPolicy.IGNORE}) {
            SmcUpdater u = stepUpdater(policy, 12);
            try (LogCapture log = LogCapture.of(SmcUpdater.class)) {
                u.update(0, IMPOSSIBLE_AT);
                List<String> zeroWarnings = log.warnings().stream()
                        .filter(m -> m.startsWith("All particle weights"))
                        .toList();
                assertEquals(policy == ZeroWeightPolicy.WARN ? 1 : 0, zeroWarnings.size(), policy.name());
            }
            assertArrayEquals(new double[100], u.particleWeights(), 0.0);
            assertArrayEquals(new double[] {0}, u.normalizationRecord(), 0.0);
            assertEquals(Double.NEGATIVE_INFINITY, u.logTotalLikelihood());
            assertEquals(Double.POSITIVE_INFINITY, u.nEss());
            assertThrows(ParameterException.class, u::posterior, "a sample needs some weight");
        }
    }

    @Test
    void negativeWeightsAreClippedWithAWarning() {
        // Pr(0 | x) = x - 0.2 is negative below 0.2: a broken model; the filter clips rather than propagates.
        FunctionModel broken = new FunctionModel((x, t) -> x - 0.2, x -> true);
        SmcUpdater u = SmcUpdater.builder(broken, 200, UniformPrior.of(0, 1))
                .seed(13)
                .resampleThreshold(0)
                .build();
        try (LogCapture log = LogCapture.of(SmcUpdater.class)) {
            u.update(0, T1);
            assertEquals(1, log.warnings().size());
            assertTrue(
                    log.warnings().get(0).startsWith("Negative or NaN weights occurred"),
                    log.warnings().get(0));
        }
        for (double w : u.particleWeights()) {
            assertTrue(w >= 0 && w <= 1);
        }
    }

    // ------------------------------------------------------------------------------------- estimates

    @Test
    void sampleInvertsTheCumulativeWeights() {
        // Locations 1/8, 0, 3/8, 1/2 with Pr(0 | x) = x and uniform weights 1/4 give posterior weights 1/8, 0, 3/8,
        // 1/2, all exact in binary: cumsum = 1/8, 1/8, 1/2, 1. searchsorted(u, 'right') is the first index with
        // cdf > u, so it never lands on the zero-weight particle and a u equal to a cdf value moves on.
        ScriptedStream rng = ScriptedStream.uniforms(0.0, 0.124999, 0.125, 0.3, 0.49999, 0.5, 0.75, 0.9999999);
        SmcUpdater u = SmcUpdater.builder(FunctionModel.linear(), 4, FixedPrior.column(0.125, 0, 0.375, 0.5))
                .rng(rng)
                .resampleThreshold(0)
                .build();
        u.update(0, T1);
        assertArrayEquals(new double[] {0.125, 0, 0.375, 0.5}, u.particleWeights(), 0.0);
        ModelParams drawn = u.sample(8);
        assertArrayEquals(new double[] {0.125, 0.125, 0.375, 0.375, 0.375, 0.5, 0.5, 0.5}, drawn.toArray(), 0.0);
        assertEquals(0, u.sample(0).nModels());
        assertThrows(ParameterException.class, () -> u.sample(-1));
    }

    @Test
    void searchRightClipsToTheLastParticle() {
        double[] cdf = {0.3, 0.6, 0.9999999}; // rounding left the total just below 1
        assertEquals(0, WeightedParticles.searchRight(cdf, 0.0));
        assertEquals(1, WeightedParticles.searchRight(cdf, 0.3));
        assertEquals(2, WeightedParticles.searchRight(cdf, 0.99999995));
        assertEquals(2, WeightedParticles.searchRight(new double[] {0, 0, 0}, 0.5));
    }

    @Test
    void meanCovarianceAndEntropyOfAKnownCloud() {
        // Weights 1/8, 0, 3/8, 1/2 at 1/8, 0, 3/8, 1/2 (as above).
        SmcUpdater u = SmcUpdater.builder(FunctionModel.linear(), 4, FixedPrior.column(0.125, 0, 0.375, 0.5))
                .seed(0)
                .resampleThreshold(0)
                .build();
        u.update(0, T1);
        double[] w = {0.125, 0, 0.375, 0.5};
        double mean = 0;
        double second = 0;
        for (double x : w) { // weights equal locations here
            mean += x * x;
            second += x * x * x;
        }
        assertEquals(mean, u.estMean()[0], 1e-15);
        assertEquals(second - mean * mean, u.estCovariance()[0], 1e-15);
        assertEquals(-(0.125 * Math.log(0.125) + 0.375 * Math.log(0.375) + 0.5 * Math.log(0.5)), u.estEntropy(), 1e-15);
        assertEquals(1 / (0.125 * 0.125 + 0.375 * 0.375 + 0.25), u.nEss(), 1e-12);
        // norm = mean of x over the 4 uniform-weight particles = 1 / 4.
        assertArrayEquals(new double[] {0.25}, u.normalizationRecord(), 0.0);
    }

    @Test
    void covarianceWarnsWhenRoundingBreaksPositiveSemiDefiniteness() {
        // Three particles at 0.011 with weights 1/3: sum w x^2 - (sum w x)^2 rounds to -2.7e-20 (found by search).
        SmcUpdater u = SmcUpdater.builder(SimplePrecessionModel.of(), 3, FixedPrior.column(0.011, 0.011, 0.011))
                .seed(0)
                .build();
        try (LogCapture log = LogCapture.of(WeightedParticles.class)) {
            double c = u.estCovariance()[0];
            assertTrue(c < 0, "rounded covariance " + c);
            assertEquals(1, log.warnings().size());
            assertTrue(log.warnings().get(0).startsWith("Numerical error in covariance estimation"));
        }
        try (LogCapture log = LogCapture.of(WeightedParticles.class)) {
            precession(100, 0).build().estCovariance();
            assertEquals(List.of(), log.warnings(), "a well-spread cloud does not warn");
        }
    }

    @Test
    void twoParameterCovarianceIsSymmetricAndMatchesTheSampleCovariance() {
        ModelParams x =
                ModelParams.rows(new double[] {1, 2}, new double[] {3, 1}, new double[] {2, 5}, new double[] {0, 0});
        SmcUpdater u = SmcUpdater.builder(DampedRabiModel.of(), 4, new FixedPrior(x))
                .seed(0)
                .build();
        double[] c = u.estCovariance();
        Sample s = Sample.of(List.of("a", "b"), 4, x.toArray());
        assertArrayEquals(s.covariance(), c, 1e-14);
        assertEquals(c[1], c[2], 0.0);
    }

    @Test
    void hypotheticalUpdateIsWhatUpdateWouldDo() {
        SmcUpdater u = precession(400, 14).resampleThreshold(0).build();
        u.update(1, ExpParams.times(2.0));
        HypotheticalUpdate h = u.hypotheticalUpdate(new int[] {0, 1}, ExpParams.times(1.5, 3.0));
        assertArrayEquals(new int[] {2, 2, 400}, h.weights().shape());
        for (int e = 0; e < 2; e++) {
            assertEquals(1, h.normalization(0, e) + h.normalization(1, e), 1e-12, "outcome probabilities sum to 1");
        }
        double[] expected = h.weights().slice(0, 1, 2).slice(1, 1, 2).toArray(); // outcome 1, experiment t = 3
        double norm = h.normalization(1, 1);
        u.update(1, ExpParams.times(3.0));
        assertArrayEquals(expected, u.particleWeights(), 0.0);
        assertEquals(norm, u.normalizationRecord()[1], 0.0);
    }

    @Test
    void posteriorIsTheWeightedCloud() {
        SmcUpdater u = precession(300, 15).resampleThreshold(0).build();
        u.update(0, T1);
        Sample s = u.posterior();
        assertEquals(List.of("omega"), s.parameterNames());
        assertEquals(300, s.size());
        assertArrayEquals(u.particleWeights(), s.weights().orElseThrow(), 0.0);
        assertArrayEquals(u.particleLocations().toArray(), s.toArray(), 0.0);
        assertEquals(u.estMean()[0], s.means()[0], 1e-12);
    }

    // ------------------------------------------------------------------------------------- resampling, options

    @Test
    void resamplingTwiceWithoutDataWarns() {
        SmcUpdater u = precession(100, 16).build();
        try (LogCapture log = LogCapture.of(SmcUpdater.class)) {
            u.resample();
            assertEquals(List.of(), log.warnings());
            u.resample();
            assertEquals(
                    List.of("Resampling without additional data; this may not perform as desired."), log.warnings());
        }
        assertEquals(2, u.resampleCount());
    }

    @Test
    void canonicalizerAppliesAfterPriorDrawsAndResampling() {
        SmcUpdater u = SmcUpdater.builder(SimplePrecessionModel.of(), 200, UniformPrior.of(-1, 1))
                .seed(17)
                .canonicalizer(SmcUpdaterTest::abs)
                .resampler(LiuWestResampler.builder().postselect(false).build())
                .build();
        assertTrue(Arrays.stream(u.particleLocations().toArray()).allMatch(x -> x >= 0));
        u.resample();
        assertTrue(Arrays.stream(u.particleLocations().toArray()).allMatch(x -> x >= 0));
    }

    @Test
    void builderValidates() {
        SimplePrecessionModel m = SimplePrecessionModel.of();
        assertThrows(ParameterException.class, () -> SmcUpdater.builder(m, 0, UniformPrior.of(0, 2)));
        ParameterException dims = assertThrows(
                ParameterException.class,
                () -> SmcUpdater.builder(m, 10, UniformPrior.of(new double[] {0, 0}, new double[] {1, 1})));
        assertTrue(dims.getMessage().contains("2 parameters"), dims.getMessage());
        ParameterException noRng = assertThrows(
                ParameterException.class,
                () -> SmcUpdater.builder(m, 10, UniformPrior.of(0, 2)).build());
        assertTrue(noRng.getMessage().contains("random stream"), noRng.getMessage());
        assertThrows(ParameterException.class, () -> precession(10, 0).resampleThreshold(1.5));
        assertThrows(ParameterException.class, () -> precession(10, 0).zeroWeightThreshold(-1));
        assertThrows(
                ParameterException.class,
                () -> precession(10, 0).build().update(2, T1),
                "outcome 2 is not an outcome of a two-outcome model");
    }

    // ------------------------------------------------------------------------------------- determinism

    @Test
    void sameSeedGivesABitIdenticalPosterior() {
        double[] t = new double[40];
        int[] o = new int[40];
        for (int k = 0; k < t.length; k++) {
            t[k] = 1 + 0.25 * k;
            double c = Math.cos(0.8 * t[k] / 2);
            o[k] = c * c > 0.5 ? 0 : 1; // the likelier outcome for omega = 0.8
        }
        SmcUpdater a = precession(2000, 18).build();
        a.batchUpdate(o, ExpParams.times(t));
        SmcUpdater b = precession(2000, 18).build();
        b.batchUpdate(o, ExpParams.times(t));
        assertTrue(a.resampleCount() > 0, "the run should include resamplings");
        assertEquals(a.particleLocations(), b.particleLocations());
        assertArrayEquals(a.particleWeights(), b.particleWeights(), 0.0);
        assertArrayEquals(a.normalizationRecord(), b.normalizationRecord(), 0.0);
        assertEquals(a.minEss(), b.minEss(), 0.0);

        SmcUpdater c = precession(2000, 19).build();
        c.batchUpdate(o, ExpParams.times(t));
        assertNotEquals(a.particleLocations(), c.particleLocations(), "another seed, another cloud");
    }

    private static ModelParams abs(ModelParams x) {
        double[] v = x.toArray();
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]);
        }
        return ModelParams.of(x.nModels(), x.nParams(), v);
    }
}

package io.simrt.inference.abc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.NativeClient;
import io.simrt.inference.results.Sample;
import io.simrt.models.ParameterException;
import io.simrt.models.RngFamily;
import io.simrt.models.ma2.Ma2Abc;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class AbcSmcTest {
    private static final Ma2Abc MODEL = Ma2Abc.observedFrom(RngFamily.ELFI, 4, 0.6, 0.2, 100);

    private static AbcSmc smc(int maxParallel) {
        return AbcSmc.builder(MODEL, NativeClient.create())
                .seed(2024)
                .batchSize(1000)
                .maxParallelBatches(maxParallel)
                .build();
    }

    @Test
    void roundsShrinkTheThresholdAndKeepWeightsInsideThePrior() {
        AbcResult r = smc(1).sample(300, List.of(0.5, 0.25, 0.1), Progress.NONE);
        assertEquals("SMC", r.method());
        assertEquals(3, r.populations().size());
        double[] thresholds = {0.5, 0.25, 0.1};
        long sims = 0;
        for (int i = 0; i < 3; i++) {
            Population p = r.populations().get(i);
            assertEquals(thresholds[i], p.roundThreshold());
            assertEquals(300, p.sample().size());
            double t = thresholds[i];
            assertTrue(Arrays.stream(p.distances()).allMatch(d -> d <= t), "round " + i);
            double[] w = p.sample().weights().orElseThrow();
            assertTrue(Arrays.stream(w).allMatch(x -> x >= 0 && Double.isFinite(x)));
            double[] params = p.sample().toArray();
            for (int row = 0; row < 300; row++) {
                assertTrue(MODEL.priorDensity(params, row) > 0, "row " + row + " of round " + i + " outside the prior");
            }
            if (i == 0) {
                assertTrue(Arrays.stream(w).allMatch(x -> x == 1.0), "round 0 weights are ones");
            }
            sims += p.simulations();
        }
        assertEquals(sims, r.simulations());
        assertEquals(r.populations().get(2).threshold(), r.threshold());
        // With ELFI's observed data for seed_obs 4 the posterior sits near (0.6, 0.2); the 0.1-threshold population
        // is a few hundred draws, so its weighted mean is within 0.1 of that (a loose bound, several posterior
        // s.d./sqrt(n)).
        double[] means = r.sample().means();
        assertEquals(0.6, means[0], 0.1);
        assertEquals(0.2, means[1], 0.1);
    }

    @Test
    void resultDoesNotDependOnBatchesInFlight() {
        AbcResult one = smc(1).sample(100, List.of(0.5, 0.2), Progress.NONE);
        AbcResult three = smc(3).sample(100, List.of(0.5, 0.2), Progress.NONE);
        assertArrayEquals(one.sample().toArray(), three.sample().toArray(), 0.0);
        assertArrayEquals(
                one.sample().weights().orElseThrow(), three.sample().weights().orElseThrow(), 0.0);
        assertEquals(one.batches(), three.batches());
    }

    @Test
    void quantileRoundsUseTheWeightedQuantileOfThePreviousDistances() {
        AbcResult r = smc(1).sampleQuantiles(100, List.of(0.1, 0.5), Progress.NONE);
        Population first = r.populations().get(0);
        Population second = r.populations().get(1);
        assertEquals(1000, first.simulations()); // ceil(100 / 0.1) = 1000 = one batch
        double expected = Sample.weighted(
                        List.of("d"),
                        100,
                        first.distances(),
                        first.sample().weights().orElseThrow())
                .quantile(0, 0.5);
        assertEquals(expected, second.roundThreshold());
        assertTrue(Arrays.stream(second.distances()).allMatch(d -> d <= expected));
    }

    @Test
    void proposalCovarianceIsTwiceTheReliabilityWeightedVariance() {
        // x = 1, 2, 3, 4 with weights 1, 1, 2, 0: V1 = 4, V2 = 6, mean = (1 + 2 + 6) / 4 = 2.25,
        // num = (1.5625 + 0.0625 + 2 * 0.5625) = 2.75, s2 = 2.75 / (4 - 1.5) = 1.1
        double[] cov = AbcSmc.proposalCovariance(new double[] {1, 2, 3, 4}, new double[] {1, 1, 2, 0}, 4, 1);
        assertEquals(2.2, cov[0], 1e-12);
        // one row: V1 = V2 -> 0/0 -> identity
        assertArrayEquals(
                new double[] {1, 0, 0, 1}, AbcSmc.proposalCovariance(new double[] {1, 2}, new double[] {1}, 1, 2), 0.0);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(ParameterException.class, () -> smc(1).sample(10, List.of(), Progress.NONE));
        assertThrows(ParameterException.class, () -> smc(1).sample(10, List.of(0.5, Double.NaN), Progress.NONE));
        assertThrows(ParameterException.class, () -> smc(1).sampleQuantiles(10, List.of(0.0), Progress.NONE));
        assertThrows(ParameterException.class, () -> smc(1).sample(0, List.of(0.5), Progress.NONE));
    }
}

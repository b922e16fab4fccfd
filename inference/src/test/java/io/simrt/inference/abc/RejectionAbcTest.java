package io.simrt.inference.abc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.BatchRequest;
import io.simrt.api.BatchWork;
import io.simrt.api.NativeClient;
import io.simrt.api.RemoteException;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.ma2.Ma2Abc;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RejectionAbcTest {
    private static final NativeClient NATIVE = NativeClient.create();

    private static Ma2Abc elfiModel() {
        return Ma2Abc.observedFrom(RngFamily.ELFI, 4, 0.6, 0.2, 100);
    }

    /**
     * docs/reference-values.md §2: {@code Rejection(m, 'd', batch_size=3, seed=123).sample(3, n_sim=9)} with ELFI's
     * MA2, seed_obs 4.
     */
    @Test
    void tinyRejectionRunEqualsElfi() {
        AbcResult r = RejectionAbc.builder(elfiModel(), NATIVE)
                .rng(RngFamily.ELFI)
                .seed(123)
                .batchSize(3)
                .build()
                .sample(3, Objective.simulations(9));
        assertArrayEquals(
                new double[] {0.6233025896, 0.8561201399, 0.1898977402},
                r.sample().column(0),
                1e-9);
        assertArrayEquals(
                new double[] {0.3006157443, 0.0644774166, 0.7576052659},
                r.sample().column(1),
                1e-9);
        assertArrayEquals(new double[] {0.0978225191, 0.2421281118, 0.565433179}, r.distances(), 1e-9);
        assertEquals(9, r.simulations());
        assertEquals(3, r.batches());
        assertEquals(0.565433179, r.threshold(), 1e-9);
        assertEquals(1.0 / 3, r.acceptRate(), 1e-15);
        assertEquals("Rejection", r.method());
    }

    /**
     * The kept rows are exactly the nSamples nearest of all simulations, sorted: recomputed here from the batches
     * themselves.
     */
    @Test
    void keepsTheNearestSamplesOfAllBatches() {
        Ma2Abc model = elfiModel();
        AbcResult r = RejectionAbc.builder(model, NATIVE)
                .seed(7)
                .batchSize(100)
                .build()
                .sample(25, Objective.simulations(1000));
        double[] all = new double[1000];
        for (int b = 0; b < 10; b++) {
            System.arraycopy(
                    BatchWork.run(model, BatchRequest.fromPrior(RngFamily.FAST, 7, b, 100))
                            .distances(),
                    0,
                    all,
                    b * 100,
                    100);
        }
        Arrays.sort(all);
        assertArrayEquals(Arrays.copyOf(all, 25), r.distances(), 0.0);
        assertEquals(all[24], r.threshold());
    }

    @Test
    void quantileSetsTheSimulations() {
        AbcResult r = RejectionAbc.builder(elfiModel(), NATIVE)
                .seed(1)
                .batchSize(64)
                .build()
                .sample(10, Objective.quantile(0.05));
        // n_sim = ceil(10 / 0.05) = 200 -> ceil(200 / 64) = 4 batches
        assertEquals(4, r.batches());
        assertEquals(256, r.simulations());
        assertEquals(10.0 / 256, r.acceptRate(), 1e-15);
    }

    @Test
    void thresholdRunAcceptsOnlyBelowTheThresholdAndStopsWhenEnough() {
        AbcResult r = RejectionAbc.builder(elfiModel(), NATIVE)
                .seed(3)
                .batchSize(500)
                .build()
                .sample(50, Objective.threshold(0.2));
        assertEquals(50, r.sample().size());
        assertTrue(Arrays.stream(r.distances()).allMatch(d -> d <= 0.2));
        // ELFI's estimate: enough batches for 50 acceptances, a few at most beyond the first that reached them.
        assertTrue(r.batches() >= 1 && r.batches() < 100, "batches " + r.batches());
    }

    @Test
    void sameSeedSameResultAndDifferentSeedsDiffer() {
        RejectionAbc a = RejectionAbc.builder(elfiModel(), NATIVE)
                .seed(11)
                .batchSize(200)
                .build();
        AbcResult r1 = a.sample(20, Objective.simulations(2000));
        AbcResult r2 = a.sample(20, Objective.simulations(2000));
        assertArrayEquals(r1.sample().toArray(), r2.sample().toArray(), 0.0);
        AbcResult r3 = RejectionAbc.builder(elfiModel(), NATIVE)
                .seed(12)
                .batchSize(200)
                .build()
                .sample(20, Objective.simulations(2000));
        assertTrue(r3.distances()[0] != r1.distances()[0]);
    }

    @Test
    void maxParallelBatchesDoesNotChangeTheResult() {
        AbcResult one = RejectionAbc.builder(elfiModel(), NATIVE)
                .seed(5)
                .batchSize(50)
                .maxParallelBatches(1)
                .build()
                .sample(30, Objective.threshold(0.3));
        AbcResult four = RejectionAbc.builder(elfiModel(), NATIVE)
                .seed(5)
                .batchSize(50)
                .maxParallelBatches(4)
                .build()
                .sample(30, Objective.threshold(0.3));
        assertArrayEquals(one.sample().toArray(), four.sample().toArray(), 0.0);
        assertEquals(one.batches(), four.batches());
    }

    /**
     * ELFI's own accuracy test (docs/python-semantics.md §7): ELFI's observed data for seed_obs 4, quantile 0.01, 1000
     * samples, batch 20000; means within 0.05 of the truth, with both stream families for the simulations.
     */
    @ParameterizedTest
    @EnumSource(RngFamily.class)
    void elfisAccuracyScenario(RngFamily family) {
        AbcResult r = RejectionAbc.builder(elfiModel(), NATIVE)
                .rng(family)
                .seed(20170530)
                .batchSize(20000)
                .build()
                .sample(1000, Objective.quantile(0.01));
        assertEquals(100_000, r.simulations());
        assertEquals(0.01, r.acceptRate(), 1e-15);
        double[] means = r.sample().means();
        assertEquals(0.6, means[0], 0.05);
        assertEquals(0.2, means[1], 0.05);
        Set<Double> distinct = new HashSet<>();
        for (double d : r.distances()) {
            distinct.add(d);
        }
        assertEquals(1000, distinct.size());
    }

    @Test
    void badObjectivesAreRejected() {
        RejectionAbc abc =
                RejectionAbc.builder(elfiModel(), NATIVE).seed(1).batchSize(10).build();
        ParameterException e = assertThrows(ParameterException.class, () -> abc.sample(100, Objective.simulations(50)));
        assertEquals("samples (100) must not exceed simulations (50)", e.getMessage());
        assertThrows(ParameterException.class, () -> abc.sample(0));
        assertThrows(ParameterException.class, () -> Objective.quantile(0));
        assertThrows(ParameterException.class, () -> Objective.quantile(1.5));
        assertThrows(ParameterException.class, () -> Objective.threshold(Double.NaN));
        assertThrows(ParameterException.class, () -> Objective.simulations(-1));
        assertThrows(
                ParameterException.class,
                () -> RejectionAbc.builder(elfiModel(), NATIVE).batchSize(0));
        ParameterException seed = assertThrows(
                ParameterException.class,
                () -> RejectionAbc.builder(elfiModel(), NATIVE)
                        .rng(RngFamily.ELFI)
                        .seed(-1)
                        .build());
        assertTrue(seed.getMessage().contains("seed"), seed.getMessage());
    }

    @Test
    void aFailingSimulatorReachesTheCallerWithItsEngine() {
        AbcModel broken = new AbcModelStub() {
            @Override
            public void simulateDistances(double[] params, int batchSize, RandomStream rng, double[] distancesOut) {
                throw new IllegalStateException("simulator exploded");
            }
        };
        RemoteException e = assertThrows(
                RemoteException.class,
                () -> RejectionAbc.builder(broken, NATIVE)
                        .seed(1)
                        .batchSize(10)
                        .build()
                        .sample(5));
        assertEquals("native", e.engineId());
        assertTrue(e.getMessage().contains("simulator exploded"), e.getMessage());
    }

    @Test
    void rebindingYieldsACompleteNewInference() {
        RejectionAbc a = RejectionAbc.builder(elfiModel(), NATIVE)
                .seed(9)
                .batchSize(30)
                .maxParallelBatches(3)
                .build();
        NativeClient other = NativeClient.create();
        RejectionAbc b = a.withClient(other);
        assertTrue(b != a);
        assertEquals(other, b.client());
        assertEquals(NATIVE, a.client());
        assertEquals(a.seed(), b.seed());
        assertEquals(3, b.maxParallelBatches());
        assertArrayEquals(
                a.sample(5, Objective.simulations(90)).distances(),
                b.sample(5, Objective.simulations(90)).distances(),
                0.0);
    }

    @Test
    void summaryFollowsElfisTable() {
        AbcResult r = RejectionAbc.builder(elfiModel(), NATIVE)
                .rng(RngFamily.ELFI)
                .seed(123)
                .batchSize(3)
                .build()
                .sample(3, Objective.simulations(9));
        String[] lines = r.summary().split("\n");
        assertEquals("Method: Rejection", lines[0]);
        assertEquals("Number of samples: 3", lines[1]);
        assertEquals("Number of simulations: 9", lines[2]);
        assertEquals("Threshold: 0.565", lines[3]);
        assertEquals("Parameter                Mean               2.5%              97.5%", lines[4]);
        // means: t1 (0.6233025896 + 0.8561201399 + 0.1898977402) / 3 = 0.556440157; 2.5% -> smallest; 97.5% -> largest
        assertEquals(
                String.format("%-10s %18.3f %18.3f %18.3f", "t1:", 0.5564401566, 0.1898977402, 0.8561201399), lines[5]);
        assertEquals(6 + 1, lines.length);
    }
}

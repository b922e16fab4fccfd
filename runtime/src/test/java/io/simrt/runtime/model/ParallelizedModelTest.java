package io.simrt.runtime.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ParameterException;
import io.simrt.models.RngFamily;
import io.simrt.models.Tensor3;
import io.simrt.models.qinfer.BinomialModel;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.models.qubit.DampedRabiModel;
import io.simrt.models.random.RandomStreams;
import io.simrt.runtime.TestConfigs;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.protocol.Work;
import io.simrt.runtime.testmodels.ProbeModel;
import java.time.Duration;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** A parallelized model equals the serial model, on three local engines (messages serialized as if remote). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ParallelizedModelTest {
    private RuntimeClient client;

    @BeforeAll
    void start() {
        client = RuntimeClient.local(3, 1, TestConfigs.base());
    }

    @AfterAll
    void stop() {
        client.close();
    }

    private static ModelParams omegas(int n) {
        double[] w = new double[n];
        for (int i = 0; i < n; i++) {
            w[i] = 0.1 + 1.7 * i / n;
        }
        return ModelParams.column(w);
    }

    @Test
    void defaultSerialThresholdIsTenPerEngine() {
        ParallelizedModel pm = ParallelizedModel.of(SimplePrecessionModel.of(), client);
        assertEquals(3, pm.nEngines());
        assertEquals(30, pm.serialThreshold());
    }

    @Test
    void likelihoodEqualsSerialForUnevenSplits() {
        Model serial = SimplePrecessionModel.of();
        ParallelizedModel pm = ParallelizedModel.of(SimplePrecessionModel.of(), client, 0);
        ExpParams eps = ExpParams.times(1.0, 2.0, Math.PI);
        for (int n : new int[] {1, 2, 3, 4, 10, 11, 100, 1001}) {
            ModelParams mps = omegas(n);
            assertEquals(
                    serial.likelihood(new int[] {0, 1}, mps, eps),
                    pm.likelihood(new int[] {0, 1}, mps, eps),
                    n + " models");
        }
        // QInfer's chunk sizes for 10 models on 3 engines: 4, 3, 3 (docs/reference-values.md §1)
        assertEquals(3, ParallelizedModel.partition(10, 3).size());
        assertArrayEquals(new int[] {0, 4}, ParallelizedModel.partition(10, 3).get(0));
        assertArrayEquals(new int[] {4, 7}, ParallelizedModel.partition(10, 3).get(1));
        assertArrayEquals(new int[] {7, 10}, ParallelizedModel.partition(10, 3).get(2));
    }

    @Test
    void expensiveModelIsBitIdenticalAcrossEngines() {
        DampedRabiModel serial = DampedRabiModel.of();
        ParallelizedModel pm = ParallelizedModel.of(DampedRabiModel.of(), client, 0);
        double[] rows = new double[40];
        for (int i = 0; i < 20; i++) {
            rows[2 * i] = 0.5 + 0.05 * i;
            rows[2 * i + 1] = 0.01 * i;
        }
        ModelParams mps = ModelParams.of(20, 2, rows);
        ExpParams eps = ExpParams.times(0.5, 1.5, 3.0);
        assertEquals(serial.likelihood(new int[] {0, 1}, mps, eps), pm.likelihood(new int[] {0, 1}, mps, eps));
    }

    @Test
    void nonConstantOutcomesAcrossEngines() {
        Model binomial = BinomialModel.of(SimplePrecessionModel.of());
        ParallelizedModel pm = ParallelizedModel.of(binomial, client, 0);
        ExpParams eps = ExpParams.columns(binomial.expLayout(), new double[] {1, 2}, new double[] {3, 10});
        ModelParams mps = omegas(7);
        assertEquals(binomial.likelihood(new int[] {0, 3, 7}, mps, eps), pm.likelihood(new int[] {0, 3, 7}, mps, eps));
    }

    /**
     * docs/python-semantics.md §2: QInfer joined simulation shards on axis 0, so 3 engines and 9 models gave shape
     * (6, 3, 2) for repeat 2 and 2 experiments. simrt joins on the model axis (by models) or the experiment axis
     * (by experiments).
     */
    @Test
    void simulationShardsJoinOnTheRightAxis() {
        Model serial = SimplePrecessionModel.of();
        ParallelizedModel pm = ParallelizedModel.of(SimplePrecessionModel.of(), client, 0, 2);
        ModelParams nine = omegas(9);
        ExpParams two = ExpParams.times(1, 2);
        Tensor3 byModels = pm.simulateExperiment(
                nine, two, 2, RandomStreams.of(RngFamily.FAST, 1).root(), true);
        assertArrayEquals(new int[] {2, 9, 2}, byModels.shape());
        long key = RandomStreams.of(RngFamily.FAST, 1).root().nextLong();
        assertEquals(Work.simulateBlocks(serial, nine, two, 2, RngFamily.FAST, key, 0, 2, true), byModels);

        ExpParams twelve = ExpParams.times(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        ModelParams twoModels = omegas(2);
        Tensor3 byExps = pm.simulateExperiment(
                twoModels, twelve, 2, RandomStreams.of(RngFamily.FAST, 2).root(), false);
        assertArrayEquals(new int[] {2, 2, 12}, byExps.shape());
        long key2 = RandomStreams.of(RngFamily.FAST, 2).root().nextLong();
        assertEquals(Work.simulateBlocks(serial, twoModels, twelve, 2, RngFamily.FAST, key2, 0, 2, false), byExps);
    }

    @Test
    void simulationDoesNotDependOnTheSerialThreshold() {
        ParallelizedModel parallel = ParallelizedModel.of(SimplePrecessionModel.of(), client, 0, 16);
        ParallelizedModel serial = ParallelizedModel.of(SimplePrecessionModel.of(), client, 1_000_000, 16);
        ModelParams mps = omegas(100);
        ExpParams eps = ExpParams.times(1, 2, 3);
        for (RngFamily f : RngFamily.values()) {
            assertEquals(
                    serial.simulateExperiment(
                            mps, eps, 3, RandomStreams.of(f, 5).root()),
                    parallel.simulateExperiment(
                            mps, eps, 3, RandomStreams.of(f, 5).root()),
                    f.id());
        }
    }

    @Test
    void countersCountOnceOnTheCallersSide() {
        ParallelizedModel pm = ParallelizedModel.of(SimplePrecessionModel.of(), client, 0);
        pm.likelihood(new int[] {0, 1}, omegas(9), ExpParams.times(1, 2));
        assertEquals(36, pm.likelihoodCallCount());
        pm.simulateExperiment(
                omegas(9),
                ExpParams.times(1, 2),
                2,
                RandomStreams.of(RngFamily.FAST, 3).root());
        assertEquals(36, pm.simulationCount());
    }

    @Test
    void atTheThresholdTheCallStaysHere() {
        Model local = SimplePrecessionModel.of();
        ParallelizedModel pm = ParallelizedModel.of(local, client, 30); // QInfer's rule, no adaptivity
        pm.likelihood(new int[] {0}, omegas(30), ExpParams.times(1));
        assertEquals(30, local.likelihoodCallCount(), "30 <= 30: evaluated here");
        pm.likelihood(new int[] {0}, omegas(31), ExpParams.times(1));
        assertEquals(30, local.likelihoodCallCount(), "31 > 30: evaluated by the engines");
    }

    @Test
    void adaptiveDefaultLearnsTheCostHereFirstAndProbesTheEnginesForAnExpensiveOne() {
        Model cheap = SimplePrecessionModel.of();
        ParallelizedModel pm = ParallelizedModel.of(cheap, client);
        assertTrue(pm.adaptive());
        ModelParams mps = omegas(2000);
        for (int i = 0; i < 40; i++) {
            assertEquals(
                    SimplePrecessionModel.of().likelihood(new int[] {0}, mps, ExpParams.times(1)),
                    pm.likelihood(new int[] {0}, mps, ExpParams.times(1)));
        }
        // The first call runs here, to learn the cost here; where the later ones go depends on measured times (a
        // cold first call, before the JIT compiled the model, can make the engines look cheaper for a while), so on
        // the machine's load: AdaptivePolicyTest.aCheapModelStaysHereButForTheRefreshes checks that decision from
        // given timings.
        assertTrue(cheap.likelihoodCallCount() >= 2000L, "calls here: " + cheap.likelihoodCallCount() / 2000);

        // An expensive model (~45 us per particle at t = 5): after its first call here, the policy probes the
        // engines, and every answer is the serial one wherever it ran. Where the later calls go depends on the
        // measured times, so on this machine's load: AdaptivePolicyTest checks those decisions from given timings.
        try (RuntimeClient two = RuntimeClient.local(2, 1, TestConfigs.base())) {
            Model expensive = DampedRabiModel.of();
            ParallelizedModel epm = ParallelizedModel.of(expensive, two);
            double[] rows = new double[8000];
            for (int i = 0; i < 4000; i++) {
                rows[2 * i] = 0.5 + i * 0.00025;
                rows[2 * i + 1] = 0.1;
            }
            ModelParams particles = ModelParams.of(4000, 2, rows);
            Tensor3 serial = DampedRabiModel.of().likelihood(new int[] {0}, particles, ExpParams.times(5));
            for (int i = 0; i < 5; i++) {
                assertEquals(serial, epm.likelihood(new int[] {0}, particles, ExpParams.times(5)));
            }
            long here = expensive.likelihoodCallCount() / 4000;
            assertTrue(here <= 5 - AdaptivePolicy.PROBES, "the probes went to the engines: " + here + " of 5 here");
        }
    }

    @Test
    void workRunsOnTheEngineDispatcher() {
        ProbeModel.THREADS.clear();
        ParallelizedModel pm = ParallelizedModel.of(ProbeModel.of(0, 0), client, 0);
        pm.likelihood(new int[] {0}, omegas(30), ExpParams.times(1));
        assertTrue(!ProbeModel.THREADS.isEmpty());
        for (String thread : ProbeModel.THREADS) {
            assertTrue(thread.contains("simrt.engine-dispatcher"), thread);
        }
    }

    @Test
    void badShapesAreRejectedBeforeAnythingIsSent() {
        ParallelizedModel pm = ParallelizedModel.of(SimplePrecessionModel.of(), client, 0);
        ParameterException cols = assertThrows(
                ParameterException.class,
                () -> pm.likelihood(new int[] {0}, ModelParams.of(2, 2, 1, 2, 3, 4), ExpParams.times(1)));
        assertTrue(cols.getMessage().contains("has 2 columns"), cols.getMessage());
        assertThrows(ParameterException.class, () -> pm.likelihood(new int[] {2}, omegas(5), ExpParams.times(1)));
        assertThrows(ParameterException.class, () -> pm.likelihood(new int[] {0}, omegas(5), ExpParams.empty(1)));
        assertThrows(ParameterException.class, () -> ModelParams.column(1, Double.NaN));
        assertThrows(
                ParameterException.class,
                () -> pm.simulateExperiment(
                        omegas(5),
                        ExpParams.times(1),
                        0,
                        RandomStreams.of(RngFamily.FAST, 1).root()));
        // and the engines are fine afterwards
        assertEquals(
                SimplePrecessionModel.of().likelihood(new int[] {0}, omegas(50), ExpParams.times(1)),
                pm.likelihood(new int[] {0}, omegas(50), ExpParams.times(1)));
    }

    @Test
    void clearCachePurgesEnginesAndTheNextCallReinstalls() {
        ParallelizedModel pm = ParallelizedModel.of(SimplePrecessionModel.of(0.01), client, 0);
        pm.likelihood(new int[] {0}, omegas(60), ExpParams.times(1));
        var report = client.purge();
        assertEquals(3, report.engines().size());
        assertTrue(report.engines().stream().mapToInt(p -> p.models()).sum() >= 3, report.toString());
        assertTrue(report.unanswered().isEmpty());
        pm.likelihood(new int[] {0}, omegas(60), ExpParams.times(1));
        pm.clearCache(); // asks the engines to purge, without waiting
        TestProbe.create(client.home()).awaitAssert(Duration.ofSeconds(10), () -> {
            assertEquals(
                    0,
                    client.engineStatuses().stream()
                            .mapToInt(s -> s.models().size())
                            .sum());
            return null;
        });
        assertEquals(
                SimplePrecessionModel.of(0.01).likelihood(new int[] {1}, omegas(60), ExpParams.times(2)),
                pm.likelihood(new int[] {1}, omegas(60), ExpParams.times(2)));
    }
}

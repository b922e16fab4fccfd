package io.simrt.models.external;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcBuilder;
import io.simrt.models.abc.AbcDefinition;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.abc.AbcModels;
import io.simrt.models.abc.Priors;
import io.simrt.models.abc.Summaries;
import io.simrt.models.random.RandomStreams;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/external-simulators.md's Java example: ELFI's MA2 in Python (examples/external/python/ma2_worker.py) inside an
 * {@link AbcDefinition}, rebuilt from its spec as an engine does, reusing the JVM's workers and giving the same
 * distances.
 */
class Ma2PythonDefinitionTest {

    /** The definition of the documentation, with the examples directory of this repository. */
    public static final class Ma2Python implements AbcDefinition {
        static final WorkerCommand COMMAND = WorkerCommand.of(List.of("python3", "ma2_worker.py"))
                .withDirectory(ExternalSimulatorTest.HELPER)
                .withTimeouts(Duration.ofSeconds(60), Duration.ofSeconds(60));

        @Override
        public AbcBuilder define() {
            return AbcModels.builder("ma2-python")
                    .parameter("t1", Priors.uniform(-2, 2))
                    .parameter("t2", Priors.uniform(-1, 1))
                    .simulatorBatch(2, ExternalSimulator.of(COMMAND, 2, 2))
                    .summary("S1", Summaries.element(0))
                    .summary("S2", Summaries.element(1))
                    .observed(0.6222141127726671, 0.16831748769474358);
        }
    }

    @BeforeAll
    static void pythonWithNumpy() throws Exception {
        ExternalSimulatorTest.pythonWithNumpy();
    }

    private static double[] distances(AbcModel model, long block) {
        int n = 500;
        double[] params = new double[n * 2];
        double[] d = new double[n];
        var rng = RandomStreams.of(RngFamily.FAST, 2017).block(block);
        model.samplePrior(n, rng, params);
        model.simulateDistances(params, n, rng, d);
        return d;
    }

    @Test
    void theRebuiltModelGivesTheSameDistancesOnTheSameWorkers() {
        ExternalSimulator sim = ExternalSimulator.of(Ma2Python.COMMAND, 2, 2);
        try {
            AbcModel here = AbcModels.fromDefinition(Ma2Python.class);
            AbcModel there = here.spec().build();
            double[] d = distances(here, 3);
            assertArrayEquals(d, distances(there, 3));
            assertTrue(Arrays.stream(d).allMatch(x -> Double.isFinite(x) && x >= 0), Arrays.toString(d));
            assertEquals(1, sim.workerPids().size(), "both models ran on this JVM's one worker for the command");
            ((AutoCloseable) here).close();
            ((AutoCloseable) there).close();
            assertEquals(1, sim.workerPids().size(), "held by the handle still open");
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            sim.close();
        }
        assertEquals(0, sim.workerPids().size(), "the last handle let go: the worker ended");
    }
}

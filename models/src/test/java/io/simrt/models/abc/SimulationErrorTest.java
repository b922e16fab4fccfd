package io.simrt.models.abc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import org.junit.jupiter.api.Test;

/** A simulator that throws for {@code beta > 0.8}: FAIL names the row and its values, SKIP makes its distance NaN. */
class SimulationErrorTest {
    static AbcBuilder throwing(OnSimulationError onError) {
        return AbcModels.builder("flaky")
                .parameter("beta", Priors.uniform(0, 1))
                .parameter("gamma", Priors.uniform(0, 0.5))
                .simulator((theta, rng) -> {
                    if (theta[0] > 0.8) {
                        throw new IllegalStateException("rate too high");
                    }
                    return new double[] {theta[0] + rng.nextGaussian() * 0.01, theta[1]};
                })
                .summary("a", x -> x[0])
                .summary("b", x -> x[1])
                .observed(0.3, 0.1)
                .onSimulationError(onError);
    }

    @Test
    void failNamesTheRowAndItsParameters() {
        AbcModel m = throwing(OnSimulationError.FAIL).build();
        double[] p = {0.3, 0.1, 0.5, 0.2, 0.9, 0.25};
        SimulationException e = assertThrows(
                SimulationException.class,
                () -> m.simulateDistances(
                        p, 3, RandomStreams.of(RngFamily.FAST, 1).block(0), new double[3]));
        assertEquals("simulator threw at row 2 of the batch (beta=0.9, gamma=0.25): rate too high", e.getMessage());
        assertEquals(2, e.row());
        assertTrue(e.getCause() instanceof IllegalStateException);
    }

    @Test
    void skipGivesNaNForThatRowOnly() {
        AbcModel m = throwing(OnSimulationError.SKIP).build();
        double[] p = {0.3, 0.1, 0.9, 0.2, 0.5, 0.25};
        double[] d = new double[3];
        m.simulateDistances(p, 3, RandomStreams.of(RngFamily.FAST, 1).block(0), d);
        assertTrue(Double.isFinite(d[0]) && Double.isFinite(d[2]));
        assertTrue(Double.isNaN(d[1]));
    }

    @Test
    void aThrowingSummaryIsNamed() {
        AbcModel m = throwing(OnSimulationError.FAIL)
                .summary("c", x -> {
                    if (x[1] > 0.2) {
                        throw new ArithmeticException("bad c");
                    }
                    return 0;
                })
                .build();
        SimulationException e = assertThrows(
                SimulationException.class,
                () -> m.simulateDistances(
                        new double[] {0.1, 0.1, 0.2, 0.3},
                        2,
                        RandomStreams.of(RngFamily.FAST, 1).block(0),
                        new double[2]));
        assertEquals("summary 'c' threw at row 1 of the batch (beta=0.2, gamma=0.3): bad c", e.getMessage());
    }

    @Test
    void aThrowingBatchSimulatorFailsOrSkipsItsBatch() {
        RuntimeException boom = new RuntimeException("boom");
        AbcBuilder b = AbcModels.builder("batch")
                .parameter("beta", Priors.uniform(0, 1))
                .simulatorBatch(1, (params, n, rng, out) -> {
                    throw boom;
                })
                .summary("a", x -> x[0])
                .observed(0.5);
        SimulationException e = assertThrows(
                SimulationException.class,
                () -> b.build()
                        .simulateDistances(
                                new double[2],
                                2,
                                RandomStreams.of(RngFamily.FAST, 1).block(0),
                                new double[2]));
        assertEquals("batch simulator threw on a batch of 2 rows: boom", e.getMessage());
        assertSame(boom, e.getCause());
        double[] d = new double[2];
        b.onSimulationError(OnSimulationError.SKIP)
                .build()
                .simulateDistances(
                        new double[2], 2, RandomStreams.of(RngFamily.FAST, 1).block(0), d);
        assertTrue(Double.isNaN(d[0]) && Double.isNaN(d[1]));
    }
}

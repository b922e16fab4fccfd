package io.simrt.inference.abc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.BatchOutput;
import io.simrt.api.BatchRequest;
import io.simrt.api.BatchWork;
import io.simrt.api.NativeClient;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.abc.AbcModels;
import io.simrt.models.abc.OnSimulationError;
import io.simrt.models.abc.Priors;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A simulator that throws for {@code beta > 0.8} (a fifth of the prior): under SKIP those rows get NaN distances,
 * are never accepted, and the result counts them; under FAIL the run fails naming the row.
 */
class SkippedSimulationsTest {
    private static final NativeClient NATIVE = NativeClient.create();
    private static final int BATCH = 100;
    private static final long SEED = 17;

    static AbcModel flaky(OnSimulationError onError) {
        return AbcModels.builder("flaky")
                .parameter("beta", Priors.uniform(0, 1))
                .parameter("gamma", Priors.uniform(0, 0.5))
                .simulator((theta, rng) -> {
                    if (theta[0] > 0.8) {
                        throw new IllegalStateException("rate too high");
                    }
                    return new double[] {theta[0] + 0.02 * rng.nextGaussian(), theta[1] + 0.02 * rng.nextGaussian()};
                })
                .summary("a", x -> x[0])
                .summary("b", x -> x[1])
                .observed(0.3, 0.1)
                .onSimulationError(onError)
                .build();
    }

    /** Rows of batches {@code 0 .. batches - 1} with {@code beta > 0.8}, recomputed batch by batch. */
    private static long throwingRows(AbcModel model, long batches) {
        long n = 0;
        for (long i = 0; i < batches; i++) {
            BatchOutput out = BatchWork.run(model, BatchRequest.fromPrior(RngFamily.FAST, SEED, i, BATCH));
            for (int r = 0; r < BATCH; r++) {
                n += out.param(r, 0) > 0.8 ? 1 : 0;
                assertEquals(out.param(r, 0) > 0.8, Double.isNaN(out.distance(r)));
            }
        }
        return n;
    }

    @Test
    void quantileRunNeverAcceptsSkippedRowsAndCountsThem() {
        AbcModel model = flaky(OnSimulationError.SKIP);
        AbcResult r = RejectionAbc.builder(model, NATIVE)
                .seed(SEED)
                .batchSize(BATCH)
                .build()
                .sample(100, Objective.quantile(0.1));
        assertEquals(1000, r.simulations());
        long expected = throwingRows(model, r.batches());
        assertTrue(expected > 100, "about a fifth of 1000 rows throw: " + expected);
        assertEquals(expected, r.skipped());
        assertAcceptedAreClean(r);
        assertTrue(Double.isFinite(r.threshold()));
        assertTrue(
                r.summary()
                        .contains("skipped: " + expected
                                + " simulations (the simulator threw or the distance was NaN)\n"),
                r.summary());
    }

    @Test
    void thresholdRunNeverAcceptsSkippedRows() {
        AbcModel model = flaky(OnSimulationError.SKIP);
        AbcResult r = RejectionAbc.builder(model, NATIVE)
                .seed(SEED)
                .batchSize(BATCH)
                .build()
                .sample(50, Objective.threshold(0.1));
        assertEquals(throwingRows(model, r.batches()), r.skipped());
        assertTrue(r.skipped() > 0);
        assertAcceptedAreClean(r);
        for (double d : r.distances()) {
            assertTrue(d <= 0.1);
        }
    }

    @Test
    void abcSmcCountsSkippedRowsOfEveryRound() {
        AbcResult r = AbcSmc.builder(flaky(OnSimulationError.SKIP), NATIVE)
                .seed(SEED)
                .batchSize(BATCH)
                .build()
                .sample(100, List.of(0.3, 0.1), Progress.NONE);
        assertTrue(r.skipped() > 0);
        assertAcceptedAreClean(r);
        for (double w : r.sample().weights().orElseThrow()) {
            assertTrue(Double.isFinite(w) && w >= 0);
        }
    }

    @Test
    void noSkippedLineWhenNothingWasSkipped() {
        AbcResult r = RejectionAbc.builder(flaky(OnSimulationError.SKIP), NATIVE)
                .seed(SEED)
                .batchSize(BATCH)
                .build()
                .sample(5, Objective.simulations(10));
        assertTrue(r.skipped() == 0 || r.summary().contains("skipped:"));
        assertTrue(r.skipped() > 0 || !r.summary().contains("skipped"));
    }

    @Test
    void failRunFailsNamingTheRowTheBatchAndTheEngine() {
        RejectionAbc abc = RejectionAbc.builder(flaky(OnSimulationError.FAIL), NATIVE)
                .seed(SEED)
                .batchSize(BATCH)
                .build();
        RuntimeException e = assertThrows(RuntimeException.class, () -> abc.sample(10, Objective.simulations(200)));
        assertTrue(
                e.getMessage()
                        .matches("on engine native: \\S+SimulationException: in batch \\d+: simulator threw at row.*"),
                e.getMessage());
        StringBuilder chain = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            chain.append(t.getMessage()).append('\n');
        }
        assertTrue(
                chain.toString()
                        .matches("(?s).*simulator threw at row \\d+ of the batch \\(beta=0\\.[89]\\d*, gamma=.*"
                                + "rate too high.*"),
                chain.toString());
    }

    /** NaN rows are not kept even while fewer than nSamples rows are, and never become the threshold. */
    @Test
    void stateKeepsNoNaNRows() {
        RejectionState state = new RejectionState(3, 4, 1, Objective.simulations(8), 1);
        state.merge(BatchOutput.of(0, 4, new double[] {1, 2, 3, 4}, new double[] {Double.NaN, 0.5, Double.NaN, 0.2}));
        assertEquals(2, state.filled());
        assertEquals(Double.POSITIVE_INFINITY, state.currentThreshold());
        assertEquals(List.of(0.2, 0.5), List.of(state.distances()[0], state.distances()[1]));
        state.merge(BatchOutput.of(1, 4, new double[] {5, 6, 7, 8}, new double[] {Double.NaN, Double.NaN, 0.1, 0.9}));
        assertEquals(3, state.filled());
        assertEquals(0.5, state.currentThreshold());
        assertEquals(List.of(7.0, 4.0, 2.0), List.of(state.params()[0], state.params()[1], state.params()[2]));
        assertEquals(4, state.skipped());
        assertEquals(8, state.nSim());
    }

    private static void assertAcceptedAreClean(AbcResult r) {
        for (double d : r.distances()) {
            assertTrue(Double.isFinite(d), "accepted distance " + d);
        }
        for (double beta : r.sample().column(0)) {
            assertTrue(beta <= 0.8, "accepted beta " + beta);
        }
    }
}

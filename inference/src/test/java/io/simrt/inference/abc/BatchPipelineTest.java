package io.simrt.inference.abc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.BatchOutput;
import io.simrt.api.BatchRequest;
import io.simrt.api.BatchSimulator;
import io.simrt.api.SimrtException;
import io.simrt.models.RngFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

class BatchPipelineTest {
    private static final LongFunction<BatchRequest> PRIOR = i -> BatchRequest.fromPrior(RngFamily.FAST, 1, i, 1);

    /** Fails the batches in {@code failures} at once; the others complete at once if {@code done}, else never. */
    private static final class ScriptedSimulator implements BatchSimulator {
        final List<Long> submitted = new ArrayList<>();
        final List<CompletableFuture<BatchOutput>> futures = new ArrayList<>();
        private final Map<Long, Throwable> failures;
        private final boolean done;

        ScriptedSimulator(Map<Long, Throwable> failures, boolean done) {
            this.failures = failures;
            this.done = done;
        }

        @Override
        public CompletableFuture<BatchOutput> submit(BatchRequest request) {
            long index = request.index();
            submitted.add(index);
            CompletableFuture<BatchOutput> f = new CompletableFuture<>();
            if (failures.containsKey(index)) {
                f.completeExceptionally(failures.get(index));
            } else if (done) {
                f.complete(BatchOutput.of(index, 1, new double[] {0.5}, new double[] {0.1}));
            }
            futures.add(f);
            return f;
        }

        @Override
        public int parallelism() {
            return 1;
        }

        boolean allCancelledFrom(int first) {
            return futures.subList(first, futures.size()).stream().allMatch(CompletableFuture::isCancelled);
        }
    }

    @Test
    void aBatchThatFailedWithASimrtExceptionRethrowsItAsItIsAndCancelsEveryPendingBatch() {
        SimrtException lost = new SimrtException("engine e1 was lost");
        ScriptedSimulator sim = new ScriptedSimulator(Map.of(0L, lost), false);
        BatchPipeline pipeline = new BatchPipeline(sim, 3);
        assertSame(lost, assertThrows(SimrtException.class, () -> pipeline.next(0, 10, PRIOR)));
        assertEquals(List.of(0L, 1L, 2L), sim.submitted);
        assertTrue(sim.allCancelledFrom(1));
    }

    @Test
    void aBatchThatFailedOutsideTheFamilyIsWrappedInOneNamingTheBatch() {
        IllegalStateException broken = new IllegalStateException("codec broke");
        ScriptedSimulator sim = new ScriptedSimulator(Map.of(0L, broken), false);
        BatchPipeline pipeline = new BatchPipeline(sim, 2);
        SimrtException e = assertThrows(SimrtException.class, () -> pipeline.next(0, 10, PRIOR));
        assertEquals("batch 0 failed: java.lang.IllegalStateException: codec broke", e.getMessage());
        assertSame(broken, e.getCause());
        assertTrue(sim.allCancelledFrom(1));
    }

    @Test
    void anInterruptedWaitCancelsEveryBatchIncludingTheAwaitedOneAndKeepsTheInterrupt() {
        ScriptedSimulator sim = new ScriptedSimulator(Map.of(), false);
        BatchPipeline pipeline = new BatchPipeline(sim, 3);
        Thread.currentThread().interrupt();
        SimrtException e;
        try {
            e = assertThrows(SimrtException.class, () -> pipeline.next(0, 10, PRIOR));
        } finally {
            assertTrue(Thread.interrupted(), "the interrupt flag was not set again");
        }
        assertEquals("interrupted while waiting for batch 0", e.getMessage());
        assertEquals(3, sim.futures.size());
        assertTrue(sim.allCancelledFrom(0));
    }

    @Test
    void cancelledBatchesGiveTheirIndicesToTheNextObjective() {
        ScriptedSimulator sim = new ScriptedSimulator(Map.of(), true);
        BatchPipeline pipeline = new BatchPipeline(sim, 3);
        assertEquals(0, pipeline.next(0, 10, PRIOR).output().index());
        pipeline.cancelPending();
        assertEquals(1, pipeline.next(1, 10, PRIOR).output().index());
        assertEquals(List.of(0L, 1L, 2L, 1L, 2L, 3L), sim.submitted);
    }
}

package io.simrt.inference.abc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.BatchOutput;
import io.simrt.api.BatchRequest;
import io.simrt.api.BatchSimulator;
import io.simrt.api.BatchWork;
import io.simrt.api.Client;
import io.simrt.api.ClientKind;
import io.simrt.api.NativeClient;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.abc.OnSimulationError;
import io.simrt.models.ma2.Ma2Abc;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Rejection ABC asks each batch to leave out the rows it cannot use (its current k-th nearest distance, or its
 * threshold). The answer, the records a run store keeps, and the counts must be exactly those of the same run given
 * every row; and the rows left out must be exactly those beyond the cut.
 */
class BatchCutTest {
    private static final Ma2Abc MA2 = Ma2Abc.observedFrom(RngFamily.FAST, 4, 0.6, 0.2, 100);

    /** The native client, each request's cut either removed ({@code strip}) or kept; counts the rows sent back. */
    private static final class Counting implements Client {
        final boolean strip;
        final AtomicLong rowsBack = new AtomicLong();
        final AtomicLong rowsRun = new AtomicLong();

        Counting(boolean strip) {
            this.strip = strip;
        }

        @Override
        public ClientKind kind() {
            return ClientKind.NATIVE;
        }

        @Override
        public int engines() {
            return 1;
        }

        @Override
        public int parallelism() {
            return 4;
        }

        @Override
        public BatchSimulator simulator(AbcModel model) {
            BatchSimulator inner = NativeClient.create().simulator(model);
            return new BatchSimulator() {
                @Override
                public CompletableFuture<BatchOutput> submit(BatchRequest request) {
                    return inner.submit(strip ? request.withCut(Double.POSITIVE_INFINITY) : request)
                            .thenApply(o -> {
                                rowsBack.addAndGet(o.kept());
                                rowsRun.addAndGet(o.size());
                                return o;
                            });
                }

                @Override
                public int parallelism() {
                    return 4;
                }
            };
        }

        @Override
        public void close() {}
    }

    /** Keeps the records of the batches that ran. */
    private static final class Recording implements BatchJournal {
        final List<BatchRecord> records = new ArrayList<>();

        @Override
        public Optional<BatchRecord> stored(long index) {
            return Optional.empty();
        }

        @Override
        public void ran(BatchRecord record) {
            records.add(record);
        }
    }

    private record Run(AbcResult result, List<BatchRecord> records, long rowsBack, long rowsRun) {}

    private static Run run(AbcModel model, boolean strip, int samples, Objective objective) {
        Counting client = new Counting(strip);
        Recording journal = new Recording();
        AbcResult r = RejectionAbc.builder(model, client)
                .seed(11)
                .batchSize(1000)
                .journal(journal)
                .build()
                .sample(samples, objective);
        return new Run(r, journal.records, client.rowsBack.get(), client.rowsRun.get());
    }

    private static void assertSameRun(Run cut, Run all) {
        assertArrayEquals(all.result().sample().toArray(), cut.result().sample().toArray());
        assertArrayEquals(all.result().distances(), cut.result().distances());
        assertEquals(all.result().threshold(), cut.result().threshold());
        assertEquals(all.result().simulations(), cut.result().simulations());
        assertEquals(all.result().skipped(), cut.result().skipped());
        assertEquals(all.records(), cut.records(), "the run store's records");
        assertEquals(all.rowsRun(), cut.rowsRun());
        assertEquals(all.rowsBack(), all.rowsRun(), "without a cut every row comes back");
    }

    @Test
    void aQuantileRunGivesTheSameAnswerAndRecordsFromAFractionOfTheRows() {
        Run cut = run(MA2, false, 100, Objective.simulations(100_000));
        Run all = run(MA2, true, 100, Objective.simulations(100_000));
        assertSameRun(cut, all);
        assertTrue(cut.rowsBack() < cut.rowsRun() / 10, cut.rowsBack() + " of " + cut.rowsRun() + " rows came back");
    }

    @Test
    void aThresholdRunCountsEveryAcceptedRowAsBefore() {
        Run cut = run(MA2, false, 200, Objective.threshold(0.3));
        Run all = run(MA2, true, 200, Objective.threshold(0.3));
        assertSameRun(cut, all);
        assertTrue(cut.rowsBack() < cut.rowsRun() / 2, cut.rowsBack() + " of " + cut.rowsRun() + " rows came back");
    }

    @Test
    void skippedRowsAreStillCountedWhenRowsAreLeftOut() {
        AbcModel flaky = SkippedSimulationsTest.flaky(OnSimulationError.SKIP);
        Run cut = run(flaky, false, 50, Objective.simulations(20_000));
        Run all = run(flaky, true, 50, Objective.simulations(20_000));
        assertSameRun(cut, all);
        assertTrue(cut.result().skipped() > 0);
        assertTrue(cut.rowsBack() < cut.rowsRun() / 2, cut.rowsBack() + " of " + cut.rowsRun() + " rows came back");
    }

    @Test
    void aBatchKeepsExactlyTheRowsNotBeyondItsCutAndNaNRows() {
        AbcModel flaky = SkippedSimulationsTest.flaky(OnSimulationError.SKIP);
        BatchRequest request = BatchRequest.fromPrior(RngFamily.FAST, 5, 3, 400);
        BatchOutput whole = BatchWork.run(flaky, request);
        assertNull(whole.rows(), "no cut: every row, unlisted");
        double cut = 0.15;
        BatchOutput part = BatchWork.run(flaky, request.withCut(cut));
        int j = 0;
        for (int i = 0; i < whole.size(); i++) {
            double d = whole.distance(i);
            if (!(d > cut)) {
                assertEquals(i, part.row(j));
                assertEquals(Double.doubleToRawLongBits(d), Double.doubleToRawLongBits(part.distance(j)));
                assertEquals(whole.param(i, 0), part.param(j, 0));
                assertEquals(whole.param(i, 1), part.param(j, 1));
                j++;
            }
        }
        assertEquals(j, part.kept());
        assertTrue(j > 0 && j < whole.size(), j + " rows kept");
        assertEquals(400, part.size());
        assertEquals(2, part.nParams());

        BatchOutput none = BatchWork.run(MA2, request.withCut(-1));
        assertEquals(0, none.kept());
        assertEquals(2, none.nParams());
        BatchOutput every = BatchWork.run(MA2, request.withCut(1e300));
        assertNull(every.rows(), "a cut that keeps every row hands them over as a whole batch");
    }

    @Test
    void aBatchThatKeepsEveryRowMustNotBeCut() {
        RejectionState state = new RejectionState(10, 400, 2, Objective.simulations(4000), 4);
        BatchOutput part = BatchWork.run(
                MA2, BatchRequest.fromPrior(RngFamily.FAST, 5, 0, 400).withCut(0.5));
        assertThrows(IllegalStateException.class, () -> state.merge(part, true));
        assertThrows(
                io.simrt.models.ParameterException.class,
                () -> BatchRequest.fromPrior(RngFamily.FAST, 5, 0, 400).withCut(Double.NaN));
    }
}

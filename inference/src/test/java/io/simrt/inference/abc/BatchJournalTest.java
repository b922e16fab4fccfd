package io.simrt.inference.abc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.NativeClient;
import io.simrt.models.RngFamily;
import io.simrt.models.ma2.Ma2Abc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongPredicate;
import org.junit.jupiter.api.Test;

/**
 * A run that merges some of its batches from records (a resumed run, or one reusing another's batches) ends with the
 * same bits as the run that simulated them all, and simulates only the batches it was not given.
 */
class BatchJournalTest {
    private static final Ma2Abc MODEL = Ma2Abc.observedFrom(RngFamily.ELFI, 4, 0.6, 0.2, 100);

    /** An in-memory journal: records what runs, serves what it was given (those {@code offered} lets through). */
    private static final class MemoryJournal implements BatchJournal {
        final Map<Long, BatchRecord> given;
        final LongPredicate offered;
        final boolean keepAll;
        final Map<Long, BatchRecord> ran = new TreeMap<>();
        final List<Long> reused = new ArrayList<>();
        final List<Population> populations = new ArrayList<>();

        MemoryJournal(Map<Long, BatchRecord> given, LongPredicate offered, boolean keepAll) {
            this.given = given;
            this.offered = offered;
            this.keepAll = keepAll;
        }

        static MemoryJournal empty(boolean keepAll) {
            return new MemoryJournal(Map.of(), i -> false, keepAll);
        }

        @Override
        public Optional<BatchRecord> stored(long index) {
            return offered.test(index) ? Optional.ofNullable(given.get(index)) : Optional.empty();
        }

        @Override
        public boolean keepsSimulations() {
            return keepAll;
        }

        @Override
        public void ran(BatchRecord record) {
            ran.put(record.index(), record);
        }

        @Override
        public void reused(BatchRecord record) {
            reused.add(record.index());
        }

        @Override
        public void population(int round, Population population) {
            populations.add(population);
        }
    }

    private static RejectionAbc rejection(BatchJournal journal) {
        return RejectionAbc.builder(MODEL, NativeClient.create())
                .seed(11)
                .batchSize(500)
                .maxParallelBatches(3)
                .journal(journal)
                .build();
    }

    private static void assertSame(AbcResult expected, AbcResult actual) {
        assertArrayEquals(expected.sample().toArray(), actual.sample().toArray());
        assertArrayEquals(expected.distances(), actual.distances());
        assertEquals(expected.simulations(), actual.simulations());
        assertEquals(expected.batches(), actual.batches());
        assertEquals(expected.skipped(), actual.skipped());
        assertEquals(Double.doubleToLongBits(expected.threshold()), Double.doubleToLongBits(actual.threshold()));
    }

    @Test
    void aRunResumedFromPartOfItsBatchesEndsWithTheSameBitsAndRunsOnlyTheRest() {
        MemoryJournal first = MemoryJournal.empty(false);
        AbcResult whole = rejection(first).sample(200, Objective.simulations(20_000));
        assertEquals(40, first.ran.size());
        assertTrue(first.ran.values().stream().allMatch(r -> r.kept() <= 200), "candidates only");
        assertTrue(first.ran.get(39L).kept() < 20, "late batches keep few rows: " + first.ran.get(39L));

        MemoryJournal resumed = new MemoryJournal(first.ran, i -> i < 25, false); // died after 25 batches
        assertSame(whole, rejection(resumed).sample(200, Objective.simulations(20_000)));
        assertEquals(25, resumed.reused.size());
        assertEquals(15, resumed.ran.size());
        assertEquals(first.ran.keySet().stream().filter(i -> i >= 25).toList(), List.copyOf(resumed.ran.keySet()));
        for (BatchRecord r : resumed.ran.values()) {
            assertEquals(first.ran.get(r.index()), r, "a re-run batch is recorded as it was the first time");
        }
    }

    @Test
    void aThresholdRunResumesToTheSameBits() {
        MemoryJournal first = MemoryJournal.empty(false);
        AbcResult whole = rejection(first).sample(100, Objective.threshold(0.3));
        MemoryJournal resumed = new MemoryJournal(first.ran, i -> i % 2 == 0, false); // every other batch stored
        assertSame(whole, rejection(resumed).sample(100, Objective.threshold(0.3)));
        assertTrue(resumed.reused.size() > 0 && resumed.ran.size() > 0);
    }

    @Test
    void fewerSamplesOrASmallerQuantileReuseTheStoredBatchesAndRunOnlyTheMissingOnes() {
        MemoryJournal first = MemoryJournal.empty(false);
        rejection(first).sample(200, Objective.simulations(20_000));

        AbcResult fresh = rejection(BatchJournal.NONE).sample(100, Objective.quantile(0.002)); // 50,000 simulations
        MemoryJournal reuse = new MemoryJournal(first.ran, i -> true, false);
        assertSame(fresh, rejection(reuse).sample(100, Objective.quantile(0.002)));
        assertEquals(40, reuse.reused.size());
        assertEquals(60, reuse.ran.size(), "only the 60 batches past the stored 40 ran");
    }

    @Test
    void aRunThatKeptEverySimulationServesMoreSamplesThanItKept() {
        MemoryJournal first = MemoryJournal.empty(true);
        rejection(first).sample(50, Objective.simulations(10_000));
        assertTrue(first.ran.values().stream().allMatch(r -> r.complete() && r.kept() == 500));
        BatchRecord r0 = first.ran.get(0L);
        assertEquals(2, r0.nSummaries(), "a run keeping every simulation keeps its summaries (S1, S2)");
        double[] s = r0.summaries();
        double[] d = r0.distances();
        for (int i = 0; i < 500; i++) {
            double e1 = s[2 * i] - MODEL.s1Obs();
            double e2 = s[2 * i + 1] - MODEL.s2Obs();
            assertEquals(Math.sqrt(e1 * e1 + e2 * e2), d[i], 1e-12, "row " + i + "'s distance is its summaries'");
        }

        AbcResult fresh = rejection(BatchJournal.NONE).sample(400, Objective.simulations(10_000));
        MemoryJournal reuse = new MemoryJournal(first.ran, i -> true, false);
        assertSame(fresh, rejection(reuse).sample(400, Objective.simulations(10_000)));
        assertEquals(0, reuse.ran.size());
    }

    private static AbcSmc smc(BatchJournal journal) {
        return AbcSmc.builder(MODEL, NativeClient.create())
                .seed(2024)
                .batchSize(1000)
                .maxParallelBatches(2)
                .journal(journal)
                .build();
    }

    @Test
    void abcSmcResumedMidRoundEndsWithTheSamePopulations() {
        MemoryJournal first = MemoryJournal.empty(false);
        AbcResult whole = smc(first).sample(300, List.of(0.5, 0.25, 0.1), Progress.NONE);
        assertEquals(3, first.populations.size());
        long total = whole.batches();
        long cut = total * 2 / 3; // inside the last round
        MemoryJournal resumed = new MemoryJournal(first.ran, i -> i < cut, false);
        AbcResult again = smc(resumed).sample(300, List.of(0.5, 0.25, 0.1), Progress.NONE);
        assertSame(whole, again);
        assertArrayEquals(
                whole.sample().weights().orElseThrow(), again.sample().weights().orElseThrow());
        for (int r = 0; r < 3; r++) {
            assertArrayEquals(
                    whole.populations().get(r).sample().toArray(),
                    again.populations().get(r).sample().toArray(),
                    "population " + r);
        }
        assertEquals(cut, resumed.reused.size());
        assertEquals(total - cut, resumed.ran.size());
    }
}

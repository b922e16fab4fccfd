package io.simrt.inference.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.inference.abc.AbcResult;
import io.simrt.inference.abc.BatchJournal;
import io.simrt.inference.abc.BatchRecord;
import io.simrt.inference.abc.Objective;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What every run store does, whatever the database: runs, batches and results round-trip; a run whose coordinator
 * died resumes to the same bits without running a stored batch again; a later run reuses stored batches.
 */
abstract class RunStoreContract {
    /** A new, empty store for one test. */
    abstract StoreLocation store() throws Exception;

    static void assertSameResult(AbcResult expected, AbcResult actual) {
        assertArrayEquals(expected.sample().toArray(), actual.sample().toArray());
        assertArrayEquals(expected.distances(), actual.distances());
        assertEquals(expected.simulations(), actual.simulations());
        assertEquals(expected.batches(), actual.batches());
    }

    @Test
    void aRunItsBatchesAndItsResultRoundTrip() throws Exception {
        StoreLocation location = store();
        AbcResult result;
        String id;
        try (RunStore s = RunStore.open(location)) {
            StoredRun run =
                    s.start(StoreRuns.info(200, "simulations 20000", "", false), true, RunStore.FailurePolicy.FAIL);
            id = run.id();
            result = StoreRuns.run(run, 200, Objective.simulations(20_000));
            run.result(result);
            run.finish(RunStatus.DONE, "");
            assertEquals(40, run.batchesRun());
            assertEquals(0, run.batchesReused());
        }
        try (RunStore s = RunStore.open(location)) {
            RunInfo info = s.find(id.substring(0, 5)).orElseThrow();
            assertEquals(RunStatus.DONE, info.status());
            assertEquals(40, info.batchesRun());
            assertEquals(List.of("t1", "t2"), info.parameterNames());
            assertTrue(info.endedAt().isPresent());
            List<BatchRecord> batches = s.batches(id);
            assertEquals(40, batches.size());
            StoredPopulation p = s.populations(id).get(0);
            assertArrayEquals(result.sample().toArray(), p.sample().toArray());
            assertArrayEquals(result.distances(), p.distances());
            assertEquals(Double.doubleToLongBits(result.threshold()), Double.doubleToLongBits(p.threshold()));
        }
    }

    /**
     * Each batch is stored as the run recorded it, whether its record has the length of the one before (a run keeping
     * every simulation: the store encodes them into one buffer it reuses) or not (candidates).
     */
    @Test
    void everyBatchIsStoredAsItsRunRecordedItKeepingCandidatesOrEverySimulation() throws Exception {
        StoreLocation location = store();
        for (boolean keepAll : new boolean[] {false, true}) {
            List<BatchRecord> recorded = new ArrayList<>();
            String id;
            try (RunStore s = RunStore.open(location)) {
                StoredRun run = s.start(
                        StoreRuns.info(200, "simulations 5000", "", keepAll), false, RunStore.FailurePolicy.FAIL);
                id = run.id();
                StoreRuns.run(recording(run, recorded), 200, Objective.simulations(5_000));
                run.finish(RunStatus.DONE, "");
            }
            try (RunStore s = RunStore.open(location)) {
                List<BatchRecord> stored = s.batches(id);
                assertEquals(10, stored.size());
                assertEquals(recorded, stored, keepAll ? "every simulation" : "candidates");
                assertEquals(keepAll, stored.get(9).complete());
            }
        }
    }

    /** A journal that passes everything on to {@code run} and keeps the records it ran in {@code ran}. */
    private static BatchJournal recording(StoredRun run, List<BatchRecord> ran) {
        return new BatchJournal.Forwarding(run) {
            @Override
            public void ran(BatchRecord record) {
                ran.add(record);
                super.ran(record);
            }
        };
    }

    @Test
    void aRunWhoseCoordinatorDiedResumesToTheSameBitsRunningNoStoredBatchAgain() throws Exception {
        StoreLocation location = store();
        AbcResult whole = StoreRuns.run(BatchJournal.NONE, 200, Objective.simulations(20_000));
        for (boolean keepAll : new boolean[] {false, true}) {
            String id = diedAt23(location, keepAll);
            resumeToTheEnd(location, id, whole, keepAll ? "every simulation" : "candidates");
        }
    }

    /** Starts a run of 40 batches whose coordinator dies at batch 23, after 0 to 22 are stored; its id. */
    static String diedAt23(StoreLocation location, boolean keepAll) {
        try (RunStore s = RunStore.open(location)) {
            StoredRun run =
                    s.start(StoreRuns.info(200, "simulations 20000", "", keepAll), false, RunStore.FailurePolicy.FAIL);
            assertThrows(
                    StoreRuns.Died.class,
                    () -> StoreRuns.run(StoreRuns.dyingAt(run, 23), 200, Objective.simulations(20_000)));
            return run.id();
        }
    }

    /** Resumes run {@link #diedAt23}'s run {@code id}: it ends as {@code whole} did, running only batches 23 to 39. */
    static void resumeToTheEnd(StoreLocation location, String id, AbcResult whole, String what) {
        try (RunStore s = RunStore.open(location)) {
            assertEquals(RunStatus.RUNNING, s.find(id).orElseThrow().status(), "a dead run stays running");
            StoredRun resumed = s.resume(s.find(id).orElseThrow(), RunStore.FailurePolicy.FAIL);
            assertEquals(23, resumed.storedBatches(), what);
            AbcResult again = StoreRuns.run(resumed, 200, Objective.simulations(20_000));
            resumed.result(again);
            resumed.finish(RunStatus.DONE, "");
            assertSameResult(whole, again);
            assertEquals(17, resumed.batchesRun(), "only the batches that were not stored ran: " + what);
            assertEquals(23, resumed.batchesReused(), what);
            List<BatchRecord> stored = s.batches(id);
            assertEquals(40, stored.size(), "each batch stored once: " + what);
            for (int i = 0; i < stored.size(); i++) {
                assertEquals(i, stored.get(i).index(), what);
            }
        }
    }

    @Test
    void aNewRunWithFewerSamplesReusesTheStoredBatches() throws Exception {
        StoreLocation location = store();
        try (RunStore s = RunStore.open(location)) {
            StoredRun first =
                    s.start(StoreRuns.info(200, "simulations 20000", "", false), true, RunStore.FailurePolicy.FAIL);
            first.result(StoreRuns.run(first, 200, Objective.simulations(20_000)));
            first.finish(RunStatus.DONE, "");

            AbcResult fresh = StoreRuns.run(BatchJournal.NONE, 100, Objective.simulations(30_000));
            StoredRun second =
                    s.start(StoreRuns.info(100, "simulations 30000", "", false), true, RunStore.FailurePolicy.FAIL);
            assertEquals(first.id(), second.reusing().orElseThrow());
            assertSameResult(fresh, StoreRuns.run(second, 100, Objective.simulations(30_000)));
            second.finish(RunStatus.DONE, "");
            assertEquals(40, second.batchesReused());
            assertEquals(20, second.batchesRun());
            RunInfo stored = s.find(second.id()).orElseThrow();
            assertEquals(20, stored.batchesRun());
            assertEquals(40, stored.batchesReused());

            StoredRun more =
                    s.start(StoreRuns.info(300, "simulations 20000", "", false), true, RunStore.FailurePolicy.FAIL);
            assertFalse(more.reusing().isPresent(), "300 samples need rows the 200- and 100-sample runs did not keep");
            more.close();
        }
    }
}

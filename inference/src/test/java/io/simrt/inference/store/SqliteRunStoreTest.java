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
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run store on an SQLite file: runs, batches and results round-trip; resume and reuse; the store's faults. */
class SqliteRunStoreTest {
    @TempDir
    Path dir;

    private StoreLocation store() {
        return StoreLocation.sqlite(dir.resolve("runs.db"));
    }

    private static void assertSameResult(AbcResult expected, AbcResult actual) {
        assertArrayEquals(expected.sample().toArray(), actual.sample().toArray());
        assertArrayEquals(expected.distances(), actual.distances());
        assertEquals(expected.simulations(), actual.simulations());
        assertEquals(expected.batches(), actual.batches());
    }

    @Test
    void aRunItsBatchesAndItsResultRoundTrip() {
        AbcResult result;
        String id;
        try (RunStore s = RunStore.open(store())) {
            StoredRun run =
                    s.start(StoreRuns.info(200, "simulations 20000", "", false), true, RunStore.FailurePolicy.FAIL);
            id = run.id();
            result = StoreRuns.run(run, 200, Objective.simulations(20_000));
            run.result(result);
            run.finish(RunStatus.DONE, "");
            assertEquals(40, run.batchesRun());
            assertEquals(0, run.batchesReused());
        }
        try (RunStore s = RunStore.open(store())) {
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

    @Test
    void aStoredResultLoadsBackAsTheRunGaveItAndAMissingPopulationOrRunIsNamed() {
        AbcResult result;
        String id;
        try (RunStore s = RunStore.open(store())) {
            StoredRun run =
                    s.start(StoreRuns.info(200, "simulations 20000", "", false), true, RunStore.FailurePolicy.FAIL);
            id = run.id();
            result = StoreRuns.run(run, 200, Objective.simulations(20_000));
            run.result(result);
            run.finish(RunStatus.DONE, "");
        }
        StoredResult loaded = StoredResult.load(store(), id.substring(0, 6));
        assertEquals(id, loaded.run().id());
        assertEquals(1, loaded.populations());
        assertTrue(loaded.isFinal());
        assertTrue(loaded.sample().weights().isEmpty(), "rejection ABC: no weights, as the run gave it");
        assertArrayEquals(result.sample().toArray(), loaded.sample().toArray());
        assertArrayEquals(result.distances(), loaded.distances());
        assertArrayEquals(result.sample().means(), loaded.means());
        try (RunStore s = RunStore.open(store())) {
            assertEquals(0, s.result(id, 0).population().index());
            StoreException none = assertThrows(StoreException.class, () -> s.result(id, 1));
            assertEquals("run " + id + " has no population 1 (it has population 0)", none.getMessage());
            StoreException unknown = assertThrows(StoreException.class, () -> s.result("ffffffffffff"));
            assertTrue(unknown.getMessage().startsWith("no run 'ffffffffffff' in "), unknown.getMessage());
            StoredRun running =
                    s.start(StoreRuns.info(200, "simulations 20000", "", false), false, RunStore.FailurePolicy.FAIL);
            running.flush();
            StoreException empty = assertThrows(StoreException.class, () -> s.result(running.id()));
            assertEquals("run " + running.id() + " stored no population (it is running)", empty.getMessage());
        }
    }

    @Test
    void aRunWhoseCoordinatorDiedResumesToTheSameBitsRunningNoStoredBatchAgain() {
        AbcResult whole = StoreRuns.run(BatchJournal.NONE, 200, Objective.simulations(20_000));
        String id;
        try (RunStore s = RunStore.open(store())) {
            StoredRun run =
                    s.start(StoreRuns.info(200, "simulations 20000", "", false), true, RunStore.FailurePolicy.FAIL);
            id = run.id();
            assertThrows(
                    StoreRuns.Died.class,
                    () -> StoreRuns.run(StoreRuns.dyingAt(run, 23), 200, Objective.simulations(20_000)));
        }
        try (RunStore s = RunStore.open(store())) {
            assertEquals(RunStatus.RUNNING, s.find(id).orElseThrow().status(), "a dead run stays running");
            StoredRun resumed = s.resume(s.find(id).orElseThrow(), RunStore.FailurePolicy.FAIL);
            assertEquals(23, resumed.storedBatches());
            AbcResult again = StoreRuns.run(resumed, 200, Objective.simulations(20_000));
            resumed.result(again);
            resumed.finish(RunStatus.DONE, "");
            assertSameResult(whole, again);
            assertEquals(17, resumed.batchesRun(), "only the batches that were not stored ran");
            assertEquals(23, resumed.batchesReused());
            assertEquals(40, s.batches(id).size(), "each batch stored once");
        }
    }

    @Test
    void aNewRunWithFewerSamplesReusesTheStoredBatches() {
        try (RunStore s = RunStore.open(store())) {
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

    @Test
    void aStoreWithAnotherFileInItsPlaceIsRefusedNamingIt() throws Exception {
        Path file = dir.resolve("runs.db");
        Files.writeString(file, "these are not the runs you are looking for, ".repeat(200));
        StoreException e = assertThrows(StoreException.class, () -> RunStore.open(store()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("is not a simrt run store or is damaged"), e.getMessage());
    }

    @Test
    void aStoreFromANewerSimrtIsRefusedAndLeftAlone() throws Exception {
        try (RunStore s = RunStore.open(store())) {
            assertTrue(s.runs().isEmpty());
        }
        try (Connection c = DriverManager.getConnection(store().jdbcUrl());
                Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO simrt_schema_history (installed_rank, version, description, type, script,"
                    + " installed_by, execution_time, success) VALUES (99, '2', 'future', 'SQL', 'V2__future.sql',"
                    + " 'test', 0, 1)");
        }
        StoreException e = assertThrows(StoreException.class, () -> RunStore.open(store()));
        assertTrue(e.getMessage().contains("schema version 2, written by a newer simrt"), e.getMessage());
    }

    @Test
    void aStoreWhoseDirectoryCannotBeMadeIsANamedError() throws Exception {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        StoreException e = assertThrows(
                StoreException.class, () -> RunStore.open(StoreLocation.sqlite(notADir.resolve("runs.db"))));
        assertTrue(e.getMessage().contains("cannot make the directory " + notADir), e.getMessage());
        assertTrue(e.getMessage().contains("--store none"), e.getMessage());
    }

    @Test
    void aFullDiskFailsTheRunWithANamedErrorAndLeavesWhatWasStoredIntact() {
        // SQLite's page limit plays a full disk: SQLite reports it as it reports a full disk (SQLITE_FULL)
        StoreLocation tiny = StoreLocation.parse("jdbc:sqlite:" + dir.resolve("tiny.db") + "?max_page_count=40");
        String id;
        try (RunStore s = RunStore.open(tiny)) {
            StoredRun run =
                    s.start(StoreRuns.info(200, "simulations 200000", "", true), true, RunStore.FailurePolicy.FAIL);
            id = run.id();
            StoreException e =
                    assertThrows(StoreException.class, () -> StoreRuns.run(run, 200, Objective.simulations(200_000)));
            assertTrue(e.getMessage().contains("is full"), e.getMessage());
            assertTrue(e.getMessage().contains("resume it with simrt resume " + id), e.getMessage());
        }
        try (RunStore s = RunStore.open(tiny)) {
            List<BatchRecord> kept = s.batches(id);
            for (int i = 0; i < kept.size(); i++) {
                assertEquals(i, kept.get(i).index(), "stored batches are a prefix, each whole");
                assertEquals(500, kept.get(i).kept());
            }
        }
    }

    @Test
    void underTheContinuePolicyAFullDiskLeavesTheRunGoingUnstored() {
        StoreLocation tiny = StoreLocation.parse("jdbc:sqlite:" + dir.resolve("tiny.db") + "?max_page_count=40");
        try (RunStore s = RunStore.open(tiny)) {
            StoredRun run =
                    s.start(StoreRuns.info(200, "simulations 200000", "", true), true, RunStore.FailurePolicy.CONTINUE);
            AbcResult r = StoreRuns.run(run, 200, Objective.simulations(200_000));
            assertSameResult(StoreRuns.run(BatchJournal.NONE, 200, Objective.simulations(200_000)), r);
            run.finish(RunStatus.DONE, "");
        }
    }

    @Test
    void aStoreLockedByAnotherWriterIsANamedError() throws Exception {
        try (RunStore s = RunStore.open(store())) {
            assertTrue(s.runs().isEmpty());
        }
        try (Connection other = DriverManager.getConnection(store().jdbcUrl());
                Statement st = other.createStatement()) {
            st.execute("PRAGMA busy_timeout = 0");
            st.execute("BEGIN EXCLUSIVE");
            try (RunStore s = RunStore.open(store())) {
                StoreException e = assertThrows(
                        StoreException.class,
                        () -> s.start(
                                StoreRuns.info(10, "simulations 1000", "", false), true, RunStore.FailurePolicy.FAIL));
                assertTrue(e.getMessage().contains("is locked by another writer"), e.getMessage());
            }
            st.execute("ROLLBACK");
        }
    }
}

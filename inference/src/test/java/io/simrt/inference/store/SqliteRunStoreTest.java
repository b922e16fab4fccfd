package io.simrt.inference.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run store on an SQLite file: what every store does ({@link RunStoreContract}), and an SQLite file's faults. */
class SqliteRunStoreTest extends RunStoreContract {
    @TempDir
    Path dir;

    @Override
    StoreLocation store() {
        return StoreLocation.sqlite(dir.resolve("runs.db"));
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
    void aStoreWithAnotherFileInItsPlaceIsRefusedNamingIt() throws Exception {
        Path file = dir.resolve("runs.db");
        Files.writeString(file, "these are not the runs you are looking for, ".repeat(200));
        StoreException e = assertThrows(StoreException.class, () -> RunStore.open(store()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("is not a simrt run store or is damaged"), e.getMessage());
    }

    /**
     * A population stored before schema version 3 has no sample_data and its samples in simrt_samples, one row per
     * sample and parameter: it reads back the same.
     */
    @Test
    void aPopulationStoredBeforeVersion3ReadsFromItsRowsInSimrtSamples() throws Exception {
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
        double[] x = result.sample().toArray();
        double[] dist = result.distances();
        List<String> names = result.sample().parameterNames();
        try (Connection c = DriverManager.getConnection(store().jdbcUrl());
                PreparedStatement insert = c.prepareStatement("INSERT INTO simrt_samples (run_id, population,"
                        + " sample_row, parameter, value, distance, weight) VALUES (?, 0, ?, ?, ?, ?, 1)")) {
            for (int i = 0; i < result.sample().size(); i++) {
                for (int q = 0; q < names.size(); q++) {
                    insert.setString(1, id);
                    insert.setInt(2, i);
                    insert.setString(3, names.get(q));
                    insert.setDouble(4, x[i * names.size() + q]);
                    insert.setDouble(5, dist[i]);
                    insert.executeUpdate();
                }
            }
            try (Statement st = c.createStatement()) {
                assertEquals(1, st.executeUpdate("UPDATE simrt_populations SET sample_data = NULL"));
            }
        }
        StoredResult loaded = StoredResult.load(store(), id);
        assertArrayEquals(x, loaded.sample().toArray());
        assertArrayEquals(dist, loaded.distances());
        assertArrayEquals(result.sample().means(), loaded.means());
    }

    /** A new store has 4 KiB pages (set before WAL mode, which keeps the page size a database has) in WAL mode. */
    @Test
    void aNewStoreHas4KiBPagesInWalMode() throws Exception {
        try (RunStore s = RunStore.open(store())) {
            assertTrue(s.runs().isEmpty());
        }
        try (Connection c = DriverManager.getConnection(store().jdbcUrl());
                Statement st = c.createStatement()) {
            try (var rs = st.executeQuery("PRAGMA page_size")) {
                assertEquals(4096, rs.getInt(1));
            }
            try (var rs = st.executeQuery("PRAGMA journal_mode")) {
                assertEquals("wal", rs.getString(1));
            }
        }
    }

    /**
     * Creating a store checkpoints its migration: once open, the tables are in the database file and the write-ahead
     * log is empty, so a run's checkpoints copy that run's pages only.
     */
    @Test
    void aNewStoreIsOpenWithItsSchemaInTheFileAndAnEmptyLog() throws Exception {
        Path wal = dir.resolve("runs.db-wal");
        try (RunStore s = RunStore.open(store())) {
            assertEquals(0, Files.exists(wal) ? Files.size(wal) : 0, "the migration's pages are in the file");
            assertTrue(s.runs().isEmpty());
            StoredRun run =
                    s.start(StoreRuns.info(200, "simulations 20000", "", false), false, RunStore.FailurePolicy.FAIL);
            run.finish(RunStatus.DONE, "");
        }
        try (RunStore s = RunStore.open(store())) {
            assertEquals(1, s.runs().size());
        }
    }

    @Test
    void aStoreFromANewerSimrtIsRefusedAndLeftAlone() throws Exception {
        try (RunStore s = RunStore.open(store())) {
            assertTrue(s.runs().isEmpty());
        }
        try (Connection c = DriverManager.getConnection(store().jdbcUrl());
                Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO simrt_schema_history (installed_rank, version, description, type, script,"
                    + " installed_by, execution_time, success) VALUES (99, '5', 'future', 'SQL', 'V5__future.sql',"
                    + " 'test', 0, 1)");
        }
        StoreException e = assertThrows(StoreException.class, () -> RunStore.open(store()));
        assertTrue(e.getMessage().contains("schema version 5, written by a newer simrt"), e.getMessage());
    }

    @Test
    void aStoreWhoseDirectoryCannotBeMadeIsANamedError() throws Exception {
        Path notADir = Files.writeString(dir.resolve("plain-file"), "x");
        StoreException e = assertThrows(
                StoreException.class, () -> RunStore.open(StoreLocation.sqlite(notADir.resolve("runs.db"))));
        assertTrue(e.getMessage().contains("cannot make the directory " + notADir), e.getMessage());
        assertTrue(e.getMessage().contains("--store none"), e.getMessage());
    }

    /**
     * A store whose file may grow by 10 pages only (40 kB), the page limit set on its URL: SQLite reports reaching it as it
     * reports a full disk (SQLITE_FULL). Candidates, as a run keeping every simulation writes them to a file of its
     * own ({@link SimulationFilesTest} fills that one's disk).
     */
    private StoreLocation nearlyFull() throws Exception {
        Path file = dir.resolve("tiny.db");
        long pages;
        try (RunStore s = RunStore.open(StoreLocation.sqlite(file))) {
            assertTrue(s.runs().isEmpty());
        }
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement st = c.createStatement();
                var rs = st.executeQuery("PRAGMA page_count")) {
            pages = rs.getLong(1);
        }
        return StoreLocation.parse("jdbc:sqlite:" + file + "?max_page_count=" + (pages + 10));
    }

    @Test
    void aFullDiskFailsTheRunWithANamedErrorAndLeavesWhatWasStoredIntact() throws Exception {
        StoreLocation tiny = nearlyFull();
        String id;
        try (RunStore s = RunStore.open(tiny)) {
            StoredRun run =
                    s.start(StoreRuns.info(200, "simulations 400000", "", false), true, RunStore.FailurePolicy.FAIL);
            id = run.id();
            StoreException e = assertThrows(StoreException.class, () -> {
                StoreRuns.run(run, 200, Objective.simulations(400_000));
                run.flush();
            });
            assertTrue(e.getMessage().contains("is full"), e.getMessage());
            assertTrue(e.getMessage().contains("resume it with simrt resume " + id), e.getMessage());
        }
        try (RunStore s = RunStore.open(tiny)) {
            List<BatchRecord> kept = s.batches(id);
            assertTrue(kept.size() > 0 && kept.size() < 800, "the store filled up mid-run: " + kept.size());
            for (int i = 0; i < kept.size(); i++) {
                assertEquals(i, kept.get(i).index(), "stored batches are a prefix, each whole");
                assertEquals(500, kept.get(i).size());
            }
        }
    }

    @Test
    void underTheContinuePolicyAFullDiskLeavesTheRunGoingUnstored() throws Exception {
        StoreLocation tiny = nearlyFull();
        try (RunStore s = RunStore.open(tiny)) {
            StoredRun run = s.start(
                    StoreRuns.info(200, "simulations 400000", "", false), true, RunStore.FailurePolicy.CONTINUE);
            AbcResult r = StoreRuns.run(run, 200, Objective.simulations(400_000));
            assertSameResult(StoreRuns.run(BatchJournal.NONE, 200, Objective.simulations(400_000)), r);
            run.finish(RunStatus.DONE, "");
            assertTrue(s.batches(run.id()).size() < 800, "the store filled up before the run's end");
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

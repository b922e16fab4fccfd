package io.simrt.inference.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.inference.abc.AbcResult;
import io.simrt.inference.abc.BatchJournal;
import io.simrt.inference.abc.BatchRecord;
import io.simrt.inference.abc.Objective;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An SQLite store keeps the simulations of a run that keeps every one in a file of its own beside the store
 * ({@link SimulationFiles}): written once, read back whole, and its faults (missing, cut, a full disk) named.
 */
class SimulationFilesTest {
    /** 10 batches of 500 MA2 simulations: 2 parameters, a distance and 2 summaries of 8 bytes each. */
    private static final long RECORD_BYTES = 500L * 8 * 5;

    @TempDir
    Path dir;

    private StoreLocation store() {
        return StoreLocation.sqlite(dir.resolve("runs.db"));
    }

    private Path file(String id) {
        return dir.resolve("runs.db.simulations").resolve(id + ".f64");
    }

    /** A run of 10 batches keeping every simulation ({@code keepAll}) or its candidates; its id. */
    private String run(boolean keepAll) {
        try (RunStore s = RunStore.open(store())) {
            StoredRun run =
                    s.start(StoreRuns.info(200, "simulations 5000", "", keepAll), false, RunStore.FailurePolicy.FAIL);
            run.result(StoreRuns.run(run, 200, Objective.simulations(5_000)));
            run.finish(RunStatus.DONE, "");
            return run.id();
        }
    }

    @Test
    void aRunKeepingEverySimulationAppendsThemOnceToItsOwnFileAndItsRowsSayWhere() throws Exception {
        String all = run(true);
        String candidates = run(false);
        assertEquals(10 * RECORD_BYTES, Files.size(file(all)), "each record once, nothing else");
        assertFalse(Files.exists(file(candidates)), "candidates stay in the database's rows");
        List<Long> offsets = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(store().jdbcUrl());
                PreparedStatement s = c.prepareStatement("SELECT run_id, data_offset, length(data) FROM simrt_batches"
                        + " ORDER BY run_id, batch_index")) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    long offset = rs.getLong(2);
                    boolean none = rs.wasNull();
                    if (rs.getString(1).equals(all)) {
                        offsets.add(offset);
                        assertEquals(0, rs.getInt(3), "the record is in the file, not in the row");
                    } else {
                        assertTrue(none, "a candidates record has no offset");
                        assertTrue(rs.getInt(3) > 0);
                    }
                }
            }
        }
        offsets.sort(null);
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            expected.add(i * RECORD_BYTES);
        }
        assertEquals(expected, offsets, "records side by side, one per batch");
    }

    @Test
    void aResumedRunAppendsAfterWhatItsKilledCoordinatorLeftUncommitted() throws Exception {
        AbcResult whole = StoreRuns.run(BatchJournal.NONE, 200, Objective.simulations(20_000));
        List<BatchRecord> expected;
        try (RunStore s = RunStore.open(store())) {
            StoredRun run =
                    s.start(StoreRuns.info(200, "simulations 20000", "", true), false, RunStore.FailurePolicy.FAIL);
            StoreRuns.run(run, 200, Objective.simulations(20_000));
            run.finish(RunStatus.DONE, "");
            expected = s.batches(run.id());
        }
        String id = RunStoreContract.diedAt23(store(), true);
        // what a coordinator killed between appending records and committing their rows leaves behind
        byte[] orphan = new byte[12_345];
        Files.write(file(id), orphan, StandardOpenOption.APPEND);
        RunStoreContract.resumeToTheEnd(store(), id, whole, "every simulation, after orphaned bytes");
        try (RunStore s = RunStore.open(store())) {
            assertEquals(expected, s.batches(id), "the stored records are the uninterrupted run's");
        }
        assertEquals(40 * RECORD_BYTES + orphan.length, Files.size(file(id)));
    }

    /**
     * A run resumed while its first coordinator still appends must not write over that one's records: the resume is
     * refused before it changes anything, under either failure policy.
     */
    @Test
    void aRunsFileIsWrittenByOneStoreAtATime() throws Exception {
        try (RunStore first = RunStore.open(store())) {
            StoredRun run =
                    first.start(StoreRuns.info(200, "simulations 20000", "", true), false, RunStore.FailurePolicy.FAIL);
            assertThrows(
                    StoreRuns.Died.class,
                    () -> StoreRuns.run(StoreRuns.dyingAt(run, 5), 200, Objective.simulations(20_000)));
            long written = Files.size(file(run.id()));
            try (RunStore second = RunStore.open(store())) {
                RunInfo before = second.find(run.id()).orElseThrow();
                StoreException e = assertThrows(
                        StoreException.class, () -> second.resume(before, RunStore.FailurePolicy.CONTINUE));
                assertTrue(
                        e.getMessage().contains("is being written by another simrt process or store"), e.getMessage());
                assertEquals(before, second.find(run.id()).orElseThrow(), "the refused resume changed nothing");
            }
            assertEquals(written, Files.size(file(run.id())), "the second store wrote nothing to the file");
            assertEquals(5, first.batches(run.id()).size());
        }
    }

    /** A run that ended lets go of its file: another store may resume it while the first stays open. */
    @Test
    void aStoppedRunsFileCanBeResumedByAnotherStore() throws Exception {
        AbcResult whole = StoreRuns.run(BatchJournal.NONE, 200, Objective.simulations(20_000));
        try (RunStore first = RunStore.open(store())) {
            StoredRun run =
                    first.start(StoreRuns.info(200, "simulations 20000", "", true), false, RunStore.FailurePolicy.FAIL);
            assertThrows(
                    StoreRuns.Died.class,
                    () -> StoreRuns.run(StoreRuns.dyingAt(run, 7), 200, Objective.simulations(20_000)));
            run.finish(RunStatus.STOPPED, "stopped by the test");
            try (RunStore second = RunStore.open(store())) {
                StoredRun resumed = second.resume(second.find(run.id()).orElseThrow(), RunStore.FailurePolicy.FAIL);
                RunStoreContract.assertSameResult(whole, StoreRuns.run(resumed, 200, Objective.simulations(20_000)));
                resumed.finish(RunStatus.DONE, "");
                assertEquals(33, resumed.batchesRun());
            }
            assertEquals(40, first.batches(run.id()).size());
        }
    }

    @Test
    void aMissingOrCutFileIsNamedWithWhatToDo() throws Exception {
        String id = run(true);
        try (FileChannel ch = FileChannel.open(file(id), StandardOpenOption.WRITE)) {
            ch.truncate(9 * RECORD_BYTES + 100);
        }
        try (RunStore s = RunStore.open(store())) {
            StoreException e = assertThrows(StoreException.class, () -> s.batches(id));
            assertTrue(e.getMessage().contains("the file was cut or replaced"), e.getMessage());
            assertTrue(e.getMessage().contains(file(id).toString()), e.getMessage());
        }
        Files.delete(file(id));
        try (RunStore s = RunStore.open(store())) {
            StoreException e = assertThrows(StoreException.class, () -> s.batches(id));
            assertTrue(e.getMessage().contains("which is missing"), e.getMessage());
            assertTrue(e.getMessage().contains("moved or copied with its directory"), e.getMessage());
        }
    }

    /** The kernel's full device plays a full disk: every write to it fails with ENOSPC. */
    @Test
    void aFullDiskUnderTheSimulationsFailsTheRunNamingItAndStoresNoPartOfABatch() throws Exception {
        Path full = Path.of("/dev/full");
        assertTrue(Files.isWritable(full), "this test needs the kernel's /dev/full");
        try (RunStore s = RunStore.open(store())) {
            StoredRun run =
                    s.start(StoreRuns.info(200, "simulations 20000", "", true), false, RunStore.FailurePolicy.FAIL);
            Files.createDirectories(file(run.id()).getParent());
            Files.createSymbolicLink(file(run.id()), full);
            StoreException e = assertThrows(StoreException.class, () -> {
                StoreRuns.run(run, 200, Objective.simulations(20_000));
                run.flush();
            });
            assertTrue(e.getMessage().contains("the disk is full"), e.getMessage());
            assertTrue(e.getMessage().contains("resume it with simrt resume " + run.id()), e.getMessage());
            assertEquals(List.of(), s.batches(run.id()), "no row points at simulations that were not written");
        }
    }

    @Test
    void aSimulationsDirectoryThatCannotBeMadeIsNamed() throws IOException {
        Files.writeString(dir.resolve("runs.db.simulations"), "in the way");
        try (RunStore s = RunStore.open(store())) {
            StoredRun run =
                    s.start(StoreRuns.info(200, "simulations 5000", "", true), false, RunStore.FailurePolicy.FAIL);
            StoreException e = assertThrows(StoreException.class, () -> {
                StoreRuns.run(run, 200, Objective.simulations(5_000));
                run.flush();
            });
            assertTrue(e.getMessage().contains("cannot store the simulations of batch"), e.getMessage());
            assertTrue(e.getMessage().contains("--store none"), e.getMessage());
        }
    }
}

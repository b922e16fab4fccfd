package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simrt.inference.abc.BatchRecord;
import io.simrt.inference.store.RunStore;
import io.simrt.inference.store.StoreLocation;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's JVM SIGKILLed mid-run, then {@code simrt resume}: the run ends with the bits of the run never
 * interrupted, and no batch the dead coordinator had stored runs again. Real JVMs from the built jar; the store is an
 * SQLite file the test reads beside them.
 */
class RunStoreIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @AfterEach
    void endAll() throws InterruptedException {
        JvmProcess.endAll();
    }

    private String url() {
        return "jdbc:sqlite:" + dir.resolve("runs.db");
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (SQLException e) {
            if (e.getMessage().contains("no such table")) {
                return 0; // not created yet
            }
            throw e;
        }
    }

    private String text(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(url());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Starts {@code args} with the store in a JVM, SIGKILLs it once {@code atLeast} batches are stored. */
    private long killedAfter(List<String> args, long atLeast) throws Exception {
        return killedAfter(args, atLeast, "simrt_batches");
    }

    /** Starts {@code args} with the store in a JVM, SIGKILLs it once {@code table} has {@code atLeast} rows. */
    private long killedAfter(List<String> args, long atLeast, String table) throws Exception {
        return killedAfter(args, atLeast, table, () -> {});
    }

    /** Something the test does while the coordinator still runs, just before it is killed. */
    private interface Meanwhile {
        void run() throws Exception;
    }

    /** {@link #killedAfter(List, long, String)}, doing {@code meanwhile} before the kill. */
    private long killedAfter(List<String> args, long atLeast, String table, Meanwhile meanwhile) throws Exception {
        List<String> withStore = new ArrayList<>(args);
        withStore.addAll(List.of("--store", dir.resolve("runs.db").toString()));
        JvmProcess coordinator = JvmProcess.start("coordinator", List.of(), Map.of(), withStore.toArray(new String[0]));
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (count("SELECT COUNT(*) FROM " + table) < atLeast) {
            if (!coordinator.isAlive()) {
                throw new AssertionError("the run ended before it could be killed:\n" + coordinator.err());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "fewer than " + atLeast + " rows in " + table + " in 90 s:\n" + coordinator.err());
            }
            Thread.sleep(10);
        }
        meanwhile.run();
        assertTrue(coordinator.isAlive(), "the coordinator ran on meanwhile:\n" + coordinator.err());
        coordinator.kill();
        assertEquals("running", text("SELECT status FROM simrt_runs"), "a killed run stays running");
        return count("SELECT COUNT(*) FROM " + table);
    }

    private JsonNode resumed() throws Exception {
        String id = text("SELECT id FROM simrt_runs");
        JvmProcess resume = JvmProcess.start(
                "resume",
                List.of(),
                Map.of(),
                "resume",
                id,
                "--store",
                dir.resolve("runs.db").toString());
        return JSON.readTree(resume.succeeded(List.of(), Duration.ofSeconds(120)));
    }

    private static JsonNode uninterrupted(List<String> args) throws Exception {
        List<String> none = new ArrayList<>(args);
        none.addAll(List.of("--store", "none"));
        CliRun run = CliRun.of(none.toArray(new String[0]));
        assertEquals(0, run.status(), run.err());
        return JSON.readTree(run.out());
    }

    @Test
    void rejectionAbcResumedAfterItsCoordinatorWasKilledEndsWithTheUninterruptedBits() throws Exception {
        List<String> args = List.of(
                "abc",
                "--model",
                "ma2",
                "--client",
                "local",
                "--engines",
                "2",
                "--seed",
                "17",
                "--samples",
                "1000",
                "--simulations",
                "6000000",
                "--batch-size",
                "10000",
                "--json",
                "--no-progress");
        long stored = killedAfter(args, 60);
        assertTrue(stored < 600, "killed mid-run: " + stored + " of 600 batches stored");

        JsonNode again = resumed();
        JsonNode whole = uninterrupted(args);
        AbcJson.assertSameAbc(whole, again);
        assertEquals(stored, again.get("batchesReused").asLong(), "every stored batch merged");
        assertEquals(600 - stored, again.get("batchesRun").asLong(), "no stored batch ran again");
        assertEquals(600, count("SELECT COUNT(*) FROM simrt_batches"));
        assertEquals(600, count("SELECT COUNT(DISTINCT batch_index) FROM simrt_batches"));
        assertEquals("done", text("SELECT status FROM simrt_runs"));
    }

    /**
     * Keeping every simulation, the records go to the run's own file: after the kill and the resume, each batch's
     * record reads back from it as the uninterrupted run (stored elsewhere) wrote it, whatever the dead coordinator
     * left appended past its last commit.
     */
    @Test
    void aRunKeepingEverySimulationResumedAfterAKillReadsBackTheUninterruptedRecords() throws Exception {
        List<String> args = List.of(
                "abc",
                "--model",
                "ma2",
                "--client",
                "local",
                "--engines",
                "2",
                "--seed",
                "23",
                "--samples",
                "500",
                "--simulations",
                "2000000",
                "--batch-size",
                "10000",
                "--keep",
                "simulations",
                "--json",
                "--no-progress");
        long stored = killedAfter(args, 30, "simrt_batches", () -> {
            // another process (this one) resuming the run while its coordinator still appends is refused
            CliRun early = CliRun.of(
                    "resume",
                    text("SELECT id FROM simrt_runs"),
                    "--store",
                    dir.resolve("runs.db").toString());
            assertEquals(2, early.status(), early.out() + early.err());
            assertTrue(early.err().contains("is being written by another simrt process or store"), early.err());
        });
        assertTrue(stored < 200, "killed mid-run: " + stored + " of 200 batches stored");
        JsonNode again = resumed();
        assertEquals(200 - stored, again.get("batchesRun").asLong(), "no stored batch ran again");

        Path elsewhere = dir.resolve("whole").resolve("runs.db");
        List<String> whole = new ArrayList<>(args);
        whole.addAll(List.of("--store", elsewhere.toString()));
        CliRun run = CliRun.of(whole.toArray(new String[0]));
        assertEquals(0, run.status(), run.err());
        JsonNode uninterrupted = JSON.readTree(run.out());
        AbcJson.assertSameAbc(uninterrupted, again);

        String id = again.get("runId").asText();
        Path file = dir.resolve("runs.db.simulations").resolve(id + ".f64");
        assertTrue(
                java.nio.file.Files.size(file) >= 200L * 10_000 * 8 * 5,
                "every record in the run's file, and what the kill left");
        List<BatchRecord> resumedRecords;
        List<BatchRecord> wholeRecords;
        try (RunStore s = RunStore.open(StoreLocation.sqlite(dir.resolve("runs.db")))) {
            resumedRecords = s.batches(id);
        }
        try (RunStore s = RunStore.open(StoreLocation.sqlite(elsewhere))) {
            wholeRecords = s.batches(uninterrupted.get("runId").asText());
        }
        assertEquals(200, resumedRecords.size());
        assertEquals(wholeRecords, resumedRecords, "each record as the uninterrupted run stored it");
    }

    @Test
    void abcSmcResumedMidRoundEndsWithTheUninterruptedPopulations() throws Exception {
        List<String> args = List.of(
                "abc-smc",
                "--model",
                "ma2",
                "--client",
                "local",
                "--engines",
                "2",
                "--seed",
                "29",
                "--samples",
                "2000",
                "--batch-size",
                "5000",
                // 267 batches, killed after 30 (in round 4 of 7): the store commits every 100 ms, so what follows
                // the kill's trigger must outlast that by far, or the run is over before it can be killed
                "--thresholds",
                "0.5,0.2,0.1,0.06,0.04,0.03,0.025",
                "--json",
                "--no-progress");
        long stored = killedAfter(args, 30);
        JsonNode again = resumed();
        JsonNode whole = uninterrupted(args);
        assertEquals(whole.get("populations"), again.get("populations"));
        assertEquals(whole.get("means"), again.get("means"));
        assertEquals(whole.get("batches"), again.get("batches"));
        assertEquals(stored, again.get("batchesReused").asLong());
        assertEquals(
                whole.get("batches").asLong() - stored, again.get("batchesRun").asLong());
        assertEquals(7, count("SELECT COUNT(*) FROM simrt_populations"));
    }

    @Test
    void smcResumedAfterItsCoordinatorWasKilledEndsWithTheUninterruptedPosterior() throws Exception {
        List<String> args = List.of(
                "smc",
                "--model",
                "unknown-t2",
                "--particles",
                "20000",
                "--experiments",
                "1000",
                "--heuristic",
                "pgh",
                "--client",
                "native",
                "--seed",
                "13",
                "--checkpoint-every",
                "25",
                "--json",
                "--no-progress");
        long stored = killedAfter(args, 100, "simrt_smc_updates");
        assertTrue(stored < 1000, "killed mid-run: " + stored + " of 1000 updates stored");
        long checkpoint = count("SELECT MAX(experiments) FROM simrt_smc_updates WHERE state IS NOT NULL");

        JsonNode again = resumed();
        JsonNode whole = uninterrupted(args);
        for (String f : List.of("mean", "covariance", "resamples", "minEss", "logTotalLikelihood")) {
            assertEquals(whole.get(f), again.get(f), f);
        }
        assertEquals(checkpoint, again.get("updatesReused").asLong(), "resumed from the last checkpoint");
        assertEquals(1000 - checkpoint, again.get("updatesRun").asLong());
        assertEquals(1000, count("SELECT COUNT(*) FROM simrt_smc_updates"));
        assertEquals("done", text("SELECT status FROM simrt_runs"));
    }
}

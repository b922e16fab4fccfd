package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * smc with a run store (docs/run-store.md): its run id and update counts in --json, a run that died mid-way resumed
 * by simrt resume to the bits of the run never interrupted, and simrt runs show of an smc run.
 */
class SmcStoreCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @AfterEach
    void noMoreDying() {
        DyingPrecessionModel.dieAt = 0;
    }

    private Path db() {
        return dir.resolve("runs.db");
    }

    private static JsonNode ok(List<String> args) throws IOException {
        CliRun run = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, run.status(), String.join(" ", args) + ": " + run.err());
        return JSON.readTree(run.out());
    }

    private static List<String> smc(String model, String heuristic, String store, String... more) {
        List<String> a = new ArrayList<>(List.of(
                "smc",
                "--model",
                model,
                "--particles",
                "600",
                "--experiments",
                "30",
                "--heuristic",
                heuristic,
                "--seed",
                "21",
                "--client",
                "native",
                "--json",
                "--no-progress",
                "--store",
                store));
        a.addAll(List.of(more));
        return a;
    }

    private static void assertSamePosterior(JsonNode whole, JsonNode again) {
        for (String f : List.of("means", "covariance", "resamples", "minEss", "logTotalLikelihood", "seed")) {
            assertEquals(whole.get(f), again.get(f), f);
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getLong(1) : 0;
        }
    }

    @Test
    void aStoredRunHasAnIdAndItsUpdatesAndGivesWhatARunWithoutTheStoreGives() throws Exception {
        JsonNode stored = ok(smc("unknown-t2", "pgh", db().toString()));
        JsonNode none = ok(smc("unknown-t2", "pgh", "none"));
        assertSamePosterior(none, stored);
        assertFalse(none.has("runId"), "no store, no run id");
        String id = stored.get("runId").asText();
        assertEquals(12, id.length());
        assertEquals(db().toString(), stored.get("store").asText());
        assertEquals(30, stored.get("updatesRun").asInt());
        assertEquals(0, stored.get("updatesReused").asInt());
        assertFalse(stored.has("batchesRun"), "smc names its counts updates");
        assertEquals(30, count("SELECT COUNT(*) FROM simrt_smc_updates WHERE state IS NOT NULL"));

        JsonNode show = ok(List.of("runs", "show", id, "--store", db().toString(), "--json"));
        assertEquals("smc", show.get("kind").asText());
        assertEquals("done", show.get("status").asText());
        assertEquals(30, show.get("updates").asInt());
        assertEquals(30, show.get("lastUpdate").get("experiments").asInt());
        assertEquals(stored.get("means"), show.get("lastUpdate").get("means"));
        CliRun text = CliRun.of("runs", "show", id, "--store", db().toString());
        assertTrue(text.out().contains("Updates:    30 stored, the last checkpoint after experiment 30"), text.out());
        assertTrue(text.out().contains("Posterior:  600 particles (weighted) after 30 experiments"), text.out());
    }

    @Test
    void aRunThatDiedMidWayIsResumedFromItsLastCheckpointToTheUninterruptedBits() throws Exception {
        String model = DyingPrecessionModel.class.getName();
        List<String> args = smc(
                model,
                "linspace",
                db().toString(),
                "--prior-bounds",
                "0:2",
                "--true-params",
                "0.7",
                "--checkpoint-every",
                "4");
        DyingPrecessionModel.dieAt = 18; // simulating the outcome of experiment 18: updates 1..17 are done
        CliRun died = CliRun.of(args.toArray(new String[0]));
        assertNotEquals(0, died.status(), died.out());
        assertTrue(died.err().contains("died at simulation 18"), died.err());
        assertEquals(17, count("SELECT COUNT(*) FROM simrt_smc_updates"));
        DyingPrecessionModel.dieAt = 0;

        String id;
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db());
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, status FROM simrt_runs")) {
            rs.next();
            id = rs.getString(1);
            assertEquals("failed", rs.getString(2));
        }
        JsonNode again = ok(List.of("resume", id, "--store", db().toString()));
        assertEquals(id, again.get("runId").asText());
        assertEquals(16, again.get("updatesReused").asInt(), "the last checkpoint: after update 16");
        assertEquals(14, again.get("updatesRun").asInt());
        JsonNode whole = ok(smc(model, "linspace", "none", "--prior-bounds", "0:2", "--true-params", "0.7"));
        assertSamePosterior(whole, again);
        assertTrue(whole.get("resamples").asInt() > 0, "the run resamples, drawing from the filter's stream");
        assertEquals(30, count("SELECT COUNT(*) FROM simrt_smc_updates"));
        assertEquals(30, count("SELECT batches_run FROM simrt_runs"));
    }
}

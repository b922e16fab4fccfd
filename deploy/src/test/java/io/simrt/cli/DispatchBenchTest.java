package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * {@code bench dispatch} with tiny sizes: one row per engine count, and every shard sent was run by exactly one
 * engine. No timing is asserted.
 */
class DispatchBenchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String... args) throws IOException {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.status(), String.join(" ", args) + ": " + run.err());
        return JSON.readTree(run.out());
    }

    @Test
    void reportsOneRowPerEngineCountAndEveryShardRunsOnce() throws IOException {
        JsonNode o = json(
                "bench",
                "dispatch",
                "--engines-list",
                "2,3",
                "--nodes",
                "2",
                "--shards",
                "40",
                "--warmup",
                "1",
                "--reps",
                "2");
        assertEquals("dispatch", o.get("benchmark").asText());
        assertEquals(2, o.get("nodes").asInt());
        assertEquals(40, o.get("shards").asInt());
        JsonNode rows = o.get("rows");
        assertEquals(2, rows.size());
        for (int i = 0; i < rows.size(); i++) {
            JsonNode row = rows.get(i);
            assertEquals(i + 2, row.get("engines").asInt());
            assertEquals(40 * 3, row.get("shardsSent").asLong(), row.toString());
            assertEquals(40 * 3, row.get("shardsRunByEngines").asLong(), "engines' own counts: " + row);
            assertNotEquals(0, row.get("remoteEngines").asInt(), row.toString());
            assertTrue(row.get("shardsPerSecond").asDouble() > 0);
            assertEquals(2, row.get("shardsPerSecondRuns").size());
            JsonNode busy = row.get("enginesKeptBusy");
            assertEquals(
                    busy.get("1ms").asDouble() * 10,
                    busy.get("10ms").asDouble(),
                    1e-9 * busy.get("10ms").asDouble());
            assertTrue(row.has("cpuByThread"), row.toString());
        }
    }

    @Test
    void coordinatorAloneSendsEveryShardToAnotherNodeAndWorkIsParked() throws IOException {
        JsonNode o = json(
                "bench",
                "dispatch",
                "--engines-list",
                "2",
                "--nodes",
                "2",
                "--coordinator-alone",
                "--shards",
                "20",
                "--work-micros",
                "200",
                "--warmup",
                "0",
                "--reps",
                "1");
        JsonNode row = o.get("rows").get(0);
        assertEquals(2, row.get("remoteEngines").asInt(), "all engines on the other node: " + row);
        assertEquals(20, row.get("shardsRunByEngines").asLong(), row.toString());
        assertEquals(2 * 1e6 / 200, row.get("idealShardsPerSecond").asDouble(), 1e-9);
        assertTrue(row.has("busyFraction"), row.toString());
    }

    @Test
    void refusesBadSizes() {
        CliRun run = CliRun.of("bench", "dispatch", "--engines-list", "2,0");
        assertNotEquals(0, run.status());
        assertTrue(run.err().contains("--engines-list"), run.err());
        CliRun alone = CliRun.of("bench", "dispatch", "--nodes", "1", "--coordinator-alone");
        assertNotEquals(0, alone.status());
        assertTrue(alone.err().contains("--coordinator-alone needs --nodes 2"), alone.err());
        CliRun cluster = CliRun.of("bench", "dispatch", "--seed-nodes", "127.0.0.1:1", "--engines-list", "2,3");
        assertNotEquals(0, cluster.status());
        assertTrue(cluster.err().contains("--engines-list gives one count"), cluster.err());
    }
}

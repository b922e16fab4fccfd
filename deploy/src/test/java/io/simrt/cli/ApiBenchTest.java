package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The API benchmarks ({@code bench apply-latency}, {@code lb-map}, {@code scatter-gather}) run end to end through
 * the command line with tiny sizes and print one JSON object with their keys. No timing is asserted.
 */
class ApiBenchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String... args) throws IOException {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.status(), String.join(" ", args) + ": " + run.err());
        return JSON.readTree(run.out());
    }

    private static void assertKeys(JsonNode o, String... keys) {
        for (String key : keys) {
            assertTrue(o.has(key), key + " missing in " + o);
        }
    }

    @Test
    void applyLatencyMeasuresARemoteEngineWhenThereAreSeveralNodes() throws IOException {
        JsonNode local = json("bench", "apply-latency", "--calls", "20", "--warmup", "5", "--engines", "2");
        assertKeys(local, "benchmark", "calls", "p50Micros", "p90Micros", "p99Micros", "engine", "nodes");
        assertEquals("apply-latency", local.get("benchmark").asText());
        assertEquals(20, local.get("calls").asInt());
        assertEquals(1, local.get("nodes").asInt());
        assertTrue(local.get("p50Micros").asDouble() <= local.get("p90Micros").asDouble());
        assertTrue(local.get("p90Micros").asDouble() <= local.get("p99Micros").asDouble());

        JsonNode remote =
                json("bench", "apply-latency", "--calls", "20", "--warmup", "5", "--engines", "2", "--nodes", "2");
        assertEquals(2, remote.get("nodes").asInt());
        assertTrue(remote.get("remote").asBoolean(), remote.toString());
        String engine = remote.get("engine").asText();
        assertTrue(engine.matches("[^/]+:\\d+/e\\d+"), engine);
    }

    @Test
    void lbMapReportsChunkSizeOneAndTheAutomaticSize() throws IOException {
        JsonNode o = json("bench", "lb-map", "--tasks", "200", "--engines", "2", "--warmup", "0", "--reps", "1");
        assertKeys(o, "benchmark", "tasks", "chunkSize", "tasksPerSecond", "runs");
        assertEquals("lb-map", o.get("benchmark").asText());
        assertEquals(200, o.get("tasks").asInt());
        assertEquals(1, o.get("chunkSize").asInt());
        JsonNode runs = o.get("runs");
        assertEquals(2, runs.size());
        for (JsonNode run : runs) {
            assertKeys(run, "chunkSize", "tasksPerSecond");
            assertTrue(run.get("tasksPerSecond").asDouble() > 0);
        }
        assertEquals(1, runs.get(0).get("chunkSize").asInt());
        // automatic: about four chunks per engine, 200 over 2 engines -> 25
        assertEquals(25, runs.get(1).get("chunkSize").asInt());
    }

    @Test
    void scatterGatherCountsBothDirections() throws IOException {
        for (List<String> client : List.of(List.of("--engines", "2"), List.of("--engines", "2", "--nodes", "2"))) {
            String[] args = concat(
                    List.of("bench", "scatter-gather", "--doubles", "1000", "--warmup", "0", "--reps", "2"), client);
            JsonNode o = json(args);
            assertKeys(o, "benchmark", "doubles", "megabytesMoved", "seconds", "megabytesPerSecond");
            assertEquals("scatter-gather", o.get("benchmark").asText());
            assertEquals(1000, o.get("doubles").asInt());
            assertEquals(0.016, o.get("megabytesMoved").asDouble(), 1e-12, "8 bytes x 1000, each way");
            assertTrue(o.get("megabytesPerSecond").asDouble() > 0);
            if (client.contains("--nodes")) {
                assertNotEquals(0, o.get("remoteEngines").asInt(), "several nodes: only remote engines: " + o);
            }
        }
    }

    /** {@code --tls}: the in-JVM nodes use TLS for Artery and the bulk lane, with stores made for the run. */
    @Test
    void scatterGatherOverTls() throws IOException {
        JsonNode o = json(
                "bench",
                "scatter-gather",
                "--doubles",
                "100000",
                "--warmup",
                "0",
                "--reps",
                "2",
                "--engines",
                "2",
                "--nodes",
                "2",
                "--tls");
        assertEquals("tls-tcp", o.get("transport").asText(), o.toString());
        assertEquals("tls", o.get("bulkLane").asText(), o.toString());

        CliRun oneNode = CliRun.of("bench", "scatter-gather", "--engines", "1", "--tls");
        assertNotEquals(0, oneNode.status());
        assertTrue(oneNode.err().contains("--tls applies to --client local with --nodes 2 or more"), oneNode.err());
    }

    /**
     * {@code bench external} with tiny sizes: the per-batch part, the rejection run through the model file and the
     * codec each report their fields. Needs python3 with numpy (as ExternalSimulatorTest); ELFI may be missing, which
     * the report then says instead of failing.
     */
    @Test
    void externalComparesTheWorkersWithThePythonPeers() throws IOException {
        JsonNode o = json(
                "bench",
                "external",
                "--peers",
                "../benchmarks/python/external_peers.py",
                "--model-file",
                "../examples/external/ma2-python.conf",
                "--simulations",
                "4000",
                "--samples",
                "100",
                "--batch-size",
                "1000",
                "--batches",
                "3",
                "--warmup",
                "0",
                "--reps",
                "1",
                "--json");
        assertKeys(o, "benchmark", "python", "pythonVersion", "numpy", "batchSize", "perBatch", "rejection", "codec");
        assertEquals("external", o.get("benchmark").asText());
        for (String worker : List.of("trivial", "ma2")) {
            JsonNode w = o.get("perBatch").get(worker);
            assertKeys(
                    w,
                    "simrtMillis",
                    "workerMillis",
                    "pythonMillis",
                    "overheadMillis",
                    "overheadPercent",
                    "overheadPercentOfMa2");
            assertTrue(w.get("simrtMillis").asDouble() > 0, w.toString());
            assertTrue(w.get("pythonMillis").asDouble() > 0, w.toString());
            assertTrue(w.get("workerMillis").asDouble() > 0, w.toString());
        }
        JsonNode rejection = o.get("rejection");
        assertKeys(rejection, "simulations", "engines", "simrt", "python", "elfi", "speedupOverPython");
        assertEquals(4000, rejection.get("simulations").asLong());
        assertEquals(2, rejection.get("engines").asInt());
        assertTrue(rejection.get("simrt").get("simulationsPerSecond").asDouble() > 0, rejection.toString());
        assertTrue(rejection.get("python").get("seconds").asDouble() > 0, rejection.toString());
        JsonNode elfi = rejection.get("elfi");
        assertTrue(
                elfi.has("seconds") || elfi.get("error").asText().startsWith("ELFI not importable"), elfi.toString());
        JsonNode codec = o.get("codec");
        assertEquals(1000, codec.get("rows").asInt());
        assertEquals(36 + 8 * 1000 * 2, codec.get("binary").get("requestBytes").asInt(), codec.toString());
        assertEquals(16 + 8 * 1000 * 2, codec.get("binary").get("replyBytes").asInt(), codec.toString());
        assertTrue(codec.get("json").get("medianMillis").asDouble() > 0, codec.toString());
    }

    private static String[] concat(List<String> base, List<String> more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(more);
        return all.toArray(String[]::new);
    }

    @Test
    void storeMeasuresARunWithoutAStoreWithCandidatesAndWithEverySimulation() throws IOException {
        JsonNode o = json(
                "bench",
                "store",
                "--simulations",
                "20000",
                "--samples",
                "100",
                "--batch-size",
                "2000",
                "--reps",
                "1",
                "--warmup",
                "0",
                "--engines",
                "2");
        assertEquals("store", o.get("benchmark").asText());
        assertKeys(o, "none", "candidates", "everySimulation", "storeOpenSeconds", "loadAverageAtStart");
        assertEquals(20000, o.get("simulations").asLong(), "the run's simulations, not a way of storing it");
        assertEquals(1.0, o.get("none").get("ratioToNone").asDouble());
        assertKeys(o.get("candidates"), "wallSeconds", "cpuSeconds", "cpuRatioToNone", "endSeconds");
        double candidates = o.get("candidates").get("storeBytesPerSimulation").asDouble();
        double every = o.get("everySimulation").get("storeBytesPerSimulation").asDouble();
        assertTrue(every >= 24, "every simulation: two parameters and a distance, 24 bytes at least: " + every);
        assertTrue(candidates < every, candidates + " bytes per simulation for candidates, " + every + " for all");
    }
}

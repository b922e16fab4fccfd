package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.simrt.inference.abc.BatchRecord;
import io.simrt.inference.store.RunStore;
import io.simrt.inference.store.StoreLocation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/store/read_runs.py reads a store abc and abc-smc wrote, with Python's sqlite3 and numpy: its means are the
 * runs' --json means to the last bit, and the batch blobs it decodes with numpy.frombuffer (or reads with
 * numpy.fromfile from the file of a run keeping every simulation) are the records {@link RunStore#batches} reads.
 * Needs python3 with numpy on the PATH; fails without it.
 */
class RunStorePythonTest {
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();
    private static final Path SCRIPT =
            Path.of("../examples/store/read_runs.py").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @BeforeAll
    static void pythonWithNumpy() throws IOException, InterruptedException {
        Process py = new ProcessBuilder("python3", "-c", "import numpy, sqlite3")
                .inheritIO()
                .start();
        assertEquals(0, py.waitFor(), "python3 with numpy is needed: apt-get install -y python3 python3-numpy");
    }

    private String db() {
        return dir.resolve("runs.db").toString();
    }

    private static JsonNode ok(String... args) throws IOException {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.status(), String.join(" ", args) + ": " + run.err());
        return JSON.readTree(run.out());
    }

    /** The script's output for {@code args}; it must exit 0. */
    private static String script(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("python3", SCRIPT.toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + ": " + out);
        return out;
    }

    @Test
    void theScriptsMeansAreTheRunsAndItsDecodedBatchesAreTheStoredRecords() throws Exception {
        JsonNode abc = ok(
                "abc",
                "--model",
                "ma2",
                "--client",
                "native",
                "--seed",
                "9",
                "--samples",
                "300",
                "--simulations",
                "30000",
                "--batch-size",
                "2000",
                "--json",
                "--no-progress",
                "--store",
                db());
        JsonNode smc = ok(
                "abc-smc",
                "--model",
                "ma2",
                "--client",
                "native",
                "--seed",
                "5",
                "--samples",
                "100",
                "--batch-size",
                "1000",
                "--json",
                "--no-progress",
                "--store",
                db(),
                "--thresholds",
                "0.5,0.25");
        JsonNode everyRow = ok(
                "abc",
                "--model",
                "ma2",
                "--client",
                "native",
                "--seed",
                "10",
                "--samples",
                "100",
                "--simulations",
                "6000",
                "--batch-size",
                "2000",
                "--json",
                "--no-progress",
                "--store",
                db(),
                "--keep",
                "simulations");
        // the run keeping every simulation has them in its own file, which the script reads with numpy.fromfile
        Path simulations =
                dir.resolve("runs.db.simulations").resolve(everyRow.get("runId").asText() + ".f64");
        assertEquals(3L * 2000 * 8 * (2 + 1 + 2), java.nio.file.Files.size(simulations));
        for (JsonNode run : List.of(abc, smc, everyRow)) {
            String id = run.get("runId").asText();
            JsonNode read = JSON.readTree(script(db(), id, "--json"));
            assertEquals(id, read.get("run").asText());
            assertEquals(run.get("samples").asInt(), read.get("samples").asInt());
            assertSameBits(run.get("means"), read.get("means"));
            assertEquals(3, read.get("runs").size());
            assertEquals(everyRow.get("runId"), read.get("runs").get(0).get("id"), "newest first");

            List<BatchRecord> records;
            try (RunStore s = RunStore.open(StoreLocation.sqlite(Path.of(db())))) {
                records = s.batches(id);
            }
            JsonNode batches = read.get("batches");
            assertEquals(records.size(), batches.size());
            assertTrue(records.size() > 1);
            for (int i = 0; i < records.size(); i++) {
                BatchRecord r = records.get(i);
                JsonNode b = batches.get(i);
                assertEquals(r.index(), b.get("index").asLong());
                assertEquals(r.size(), b.get("size").asInt());
                assertArrayEquals(r.rows(), ints(b.get("rows")), "batch " + r.index());
                assertArrayEquals(r.params(), doubles(b.get("params")), "batch " + r.index());
                assertArrayEquals(r.distances(), doubles(b.get("distances")), "batch " + r.index());
                assertArrayEquals(r.summaries(), doubles(b.get("summaries")), "batch " + r.index());
            }

            // the text form prints repr of each mean: the same digits read back to the same double
            String text = script(db(), id.substring(0, 6));
            for (Iterator<Map.Entry<String, JsonNode>> it = run.get("means").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> m = it.next();
                String line = "mean " + m.getKey() + " ";
                String printed = text.lines()
                        .filter(l -> l.startsWith(line))
                        .findFirst()
                        .orElseThrow(() -> new AssertionError(text))
                        .substring(line.length());
                assertEquals(m.getValue().doubleValue(), Double.parseDouble(printed), text);
            }
        }
    }

    private static void assertSameBits(JsonNode expected, JsonNode actual) {
        assertEquals(expected.size(), actual.size());
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertEquals(
                    Double.doubleToLongBits(e.getValue().doubleValue()),
                    Double.doubleToLongBits(actual.get(e.getKey()).doubleValue()),
                    e.getKey() + ": " + e.getValue() + " vs " + actual.get(e.getKey()));
        }
    }

    private static int[] ints(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).intValue();
        }
        return out;
    }

    private static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).doubleValue();
        }
        return out;
    }
}

package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simrt.inference.abc.BatchRecord;
import io.simrt.inference.store.RunStore;
import io.simrt.inference.store.StoreLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * abc and abc-smc with a run store (an SQLite file here; docs/run-store.md): the run id and counts in the output,
 * reuse of an earlier run's batches, ABC-SMC given more rounds by simrt resume, and a store or resume that cannot be
 * used refused in one line.
 */
class RunStoreCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path db() {
        return dir.resolve("runs.db");
    }

    private static JsonNode ok(String... args) throws IOException {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.status(), String.join(" ", args) + ": " + run.err());
        return JSON.readTree(run.out());
    }

    /** abc on ma2 on the native client with this test's store, unless {@code more} names others. */
    private List<String> abc(String... more) {
        List<String> a = new ArrayList<>(
                List.of("abc", "--model", "ma2", "--seed", "9", "--batch-size", "2000", "--json", "--no-progress"));
        if (!List.of(more).contains("--client")) {
            a.addAll(List.of("--client", "native"));
        }
        if (!List.of(more).contains("--store")) {
            a.addAll(List.of("--store", db().toString()));
        }
        a.addAll(List.of(more));
        return a;
    }

    @Test
    void aRunIsStoredAndASecondRunOnTheSameModelDataAndSeedReusesItsBatches() throws IOException {
        JsonNode first = ok(abc("--samples", "500", "--simulations", "40000").toArray(new String[0]));
        assertEquals(20, first.get("batchesRun").asInt());
        assertEquals(0, first.get("batchesReused").asInt());
        assertEquals(db().toString(), first.get("store").asText());
        String id = first.get("runId").asText();
        assertEquals(12, id.length());

        JsonNode more = ok(abc("--samples", "200", "--simulations", "60000").toArray(new String[0]));
        assertEquals(20, more.get("batchesReused").asInt(), "fewer samples: the 20 stored batches serve");
        assertEquals(10, more.get("batchesRun").asInt(), "only the 10 missing batches run");
        JsonNode fresh = ok(abc("--samples", "200", "--simulations", "60000", "--store", "none")
                .toArray(new String[0]));
        AbcJson.assertSameAbc(fresh, more);
        assertFalse(fresh.has("runId"), "no store, no run id");

        JsonNode noReuse = ok(
                abc("--samples", "200", "--simulations", "60000", "--no-reuse").toArray(new String[0]));
        assertEquals(30, noReuse.get("batchesRun").asInt());
        AbcJson.assertSameAbc(fresh, noReuse);
    }

    @Test
    void theTextSummaryNamesTheRun() {
        CliRun run = CliRun.of(
                "abc",
                "--model",
                "ma2",
                "--client",
                "native",
                "--seed",
                "9",
                "--samples",
                "100",
                "--simulations",
                "10000",
                "--batch-size",
                "2000",
                "--no-progress",
                "--store",
                db().toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(
                run.out()
                        .matches("(?s).*\\nRun [0-9a-f]{12} in " + java.util.regex.Pattern.quote(db().toString())
                                + "\\R.*"),
                run.out());
    }

    @Test
    void abcSmcGivenMoreThresholdsByResumeEqualsTheLongerRunAndRunsOnlyTheNewRound() throws IOException {
        List<String> smc = List.of(
                "abc-smc",
                "--model",
                "ma2",
                "--client",
                "native",
                "--seed",
                "5",
                "--samples",
                "200",
                "--batch-size",
                "1000",
                "--json",
                "--no-progress",
                "--store",
                db().toString(),
                "--thresholds");
        List<String> two = new ArrayList<>(smc);
        two.add("0.5,0.25");
        JsonNode first = ok(two.toArray(new String[0]));
        long firstBatches = first.get("batches").asLong();

        JsonNode resumed =
                ok("resume", first.get("runId").asText(), "--store", db().toString(), "--thresholds", "0.5,0.25,0.12");
        List<String> three = new ArrayList<>(smc);
        three.add("0.5,0.25,0.12");
        three.set(three.indexOf("--store") + 1, "none");
        JsonNode whole = ok(three.toArray(new String[0]));
        assertEquals(whole.get("populations"), resumed.get("populations"));
        assertEquals(whole.get("means"), resumed.get("means"));
        assertEquals(first.get("runId"), resumed.get("runId"), "the same run, gone on with");
        assertEquals(firstBatches, resumed.get("batchesReused").asLong());
        assertEquals(
                whole.get("batches").asLong() - firstBatches,
                resumed.get("batchesRun").asLong());
    }

    @Test
    void resumingADoneRunOrAnUnknownOneIsOneUsageLine() throws IOException {
        JsonNode done = ok(abc("--samples", "100", "--simulations", "10000").toArray(new String[0]));
        CliRun again = CliRun.of("resume", done.get("runId").asText(), "--store", db().toString());
        assertEquals(Simrt.USAGE, again.status(), again.err());
        assertTrue(again.err().contains("is done; nothing to resume"), again.err());
        CliRun unknown = CliRun.of("resume", "ffffffff", "--store", db().toString());
        assertEquals(Simrt.USAGE, unknown.status(), unknown.err());
        assertTrue(unknown.err().contains("no run 'ffffffff' in " + db()), unknown.err());
    }

    @Test
    void resumingWithChangedObservedDataIsRefusedNamingWhatDiffers() throws IOException {
        // ELFI's MA2 in Python (examples/external): a model file's observed data can change; the built-in ma2's cannot
        Path examples = Path.of("../examples/external").toAbsolutePath().normalize();
        String text = Files.readString(examples.resolve("ma2-python.conf"))
                .replace("directory = \"python\"", "directory = \"" + examples.resolve("python") + "\"");
        Path conf = Files.writeString(dir.resolve("ma2.conf"), text);
        JsonNode first = ok(
                "abc-smc",
                "--model-file",
                conf.toString(),
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
                db().toString(),
                "--thresholds",
                "0.5");
        String id = first.get("runId").asText();
        Files.writeString(conf, text.replace("0.6222141127726671", "0.6"));
        CliRun resumed = CliRun.of("resume", id, "--store", db().toString(), "--thresholds", "0.5,0.3");
        assertEquals(Simrt.USAGE, resumed.status(), resumed.err());
        assertTrue(resumed.err().contains("cannot resume run " + id), resumed.err());
        assertTrue(resumed.err().contains("the model (its spec hashes"), resumed.err());
        assertTrue(resumed.err().contains("the observed data (hash"), resumed.err());
    }

    @Test
    void aStoreThatCannotBeUsedIsOneUsageLineBeforeTheRun() throws IOException {
        Files.writeString(db(), "not a database at all, ".repeat(100));
        CliRun damaged =
                CliRun.of(abc("--samples", "100", "--simulations", "10000").toArray(new String[0]));
        assertEquals(Simrt.USAGE, damaged.status(), damaged.err());
        assertEquals(1, damaged.err().lines().count(), damaged.err());
        assertTrue(damaged.err().contains(db() + " is not a simrt run store or is damaged"), damaged.err());

        CliRun mysql = CliRun.of("abc", "--model", "ma2", "--store", "jdbc:mysql://localhost/x", "--no-progress");
        assertEquals(Simrt.USAGE, mysql.status(), mysql.err());
        assertTrue(mysql.err().contains("simrt stores runs in SQLite"), mysql.err());

        CliRun keep = CliRun.of("abc", "--model", "ma2", "--store", "none", "--keep", "all", "--no-progress");
        assertEquals(Simrt.USAGE, keep.status(), keep.err());
        assertTrue(keep.err().contains("--keep must be candidates or simulations"), keep.err());
    }

    @Test
    void keepingEverySimulationStoresItsSummariesFromTheEnginesAndChangesNoBit() throws IOException {
        JsonNode every = ok(abc(
                        "--samples",
                        "100",
                        "--simulations",
                        "10000",
                        "--client",
                        "local",
                        "--engines",
                        "2",
                        "--keep",
                        "simulations")
                .toArray(new String[0]));
        JsonNode none = ok(abc("--samples", "100", "--simulations", "10000", "--store", "none")
                .toArray(new String[0]));
        AbcJson.assertSameAbc(none, every);
        try (RunStore s = RunStore.open(StoreLocation.sqlite(db()))) {
            List<BatchRecord> records = s.batches(every.get("runId").asText());
            assertEquals(5, records.size());
            for (BatchRecord r : records) {
                assertTrue(r.complete());
                assertEquals(2000, r.kept());
                assertEquals(2, r.nSummaries(), "S1 and S2 of every simulation");
                assertTrue(Arrays.stream(r.summaries()).allMatch(Double::isFinite));
            }
        }
    }
}

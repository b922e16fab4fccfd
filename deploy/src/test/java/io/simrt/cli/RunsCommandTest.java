package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * simrt runs list, show and export read back what abc and abc-smc stored: the export is the run's own --output, the
 * means its own --json means, and bad input is one usage line.
 */
class RunsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private String db() {
        return dir.resolve("runs.db").toString();
    }

    private static CliRun ok(String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.status(), String.join(" ", args) + ": " + run.err());
        return run;
    }

    private JsonNode abc(String csv) throws IOException {
        return JSON.readTree(ok(
                        "abc",
                        "--model",
                        "ma2",
                        "--client",
                        "native",
                        "--seed",
                        "9",
                        "--samples",
                        "200",
                        "--simulations",
                        "20000",
                        "--batch-size",
                        "2000",
                        "--json",
                        "--no-progress",
                        "--store",
                        db(),
                        "--output",
                        csv)
                .out());
    }

    private JsonNode abcSmc() throws IOException {
        return JSON.readTree(ok(
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
                        "0.5,0.25")
                .out());
    }

    @Test
    void listShowsTheRunsNewestFirstWithTheStoreOnTop() throws IOException {
        JsonNode first = abc(dir.resolve("a.csv").toString());
        JsonNode second = abcSmc();
        JsonNode third = JSON.readTree(ok(
                        "smc",
                        "--particles",
                        "200",
                        "--experiments",
                        "5",
                        "--seed",
                        "3",
                        "--json",
                        "--no-progress",
                        "--store",
                        db())
                .out());
        String table = ok("runs", "list", "--store", db()).out();
        String[] lines = table.split("\\R");
        assertEquals("Runs in " + db() + ":", lines[0]);
        assertTrue(lines[1].startsWith("ID "), table);
        assertTrue(lines[2].startsWith(third.get("runId").asText() + "  smc      done  "), table);
        assertTrue(lines[2].contains(" 5/0 updates "), "smc counts updates, not batches: " + table);
        assertTrue(lines[3].startsWith(second.get("runId").asText() + "  abc-smc  done  "), table);
        assertTrue(lines[4].startsWith(first.get("runId").asText() + "  abc      done  "), table);
        assertTrue(lines[4].contains(" 10/0 batches "), table);

        JsonNode list =
                JSON.readTree(ok("runs", "list", "--store", db(), "--json").out());
        assertEquals(db(), list.get("store").asText());
        assertEquals(third.get("runId"), list.get("runs").get(0).get("id"));
        assertEquals(second.get("runId"), list.get("runs").get(1).get("id"));
        assertEquals(10, list.get("runs").get(2).get("batchesRun").asInt());
        assertEquals("ma2", list.get("runs").get(2).get("model").asText());

        String none = ok("runs", "list", "--store", dir.resolve("other.db").toString())
                .out();
        assertEquals(
                List.of("Runs in " + dir.resolve("other.db") + " (no such store yet):", "none"),
                none.lines().toList());
        assertTrue(Files.notExists(dir.resolve("other.db")), "listing does not create a store");
    }

    @Test
    void showGivesTheRunsSettingsAndPopulationsWithTheRunsOwnMeansAndRedrawsItsPlot() throws IOException {
        JsonNode smc = abcSmc();
        String id = smc.get("runId").asText();
        JsonNode shown = JSON.readTree(ok("runs", "show", id.substring(0, 5), "--store", db(), "--json")
                .out());
        assertEquals(id, shown.get("id").asText());
        assertEquals("abc-smc", shown.get("kind").asText());
        assertEquals("done", shown.get("status").asText());
        assertEquals(5, shown.get("seed").asLong());
        assertEquals("thresholds [0.5, 0.25]", shown.get("objective").asText());
        assertEquals("abc-smc", shown.get("command").get(0).asText());
        assertEquals(64, shown.get("specHash").asText().length());
        assertEquals(2, shown.get("populations").size());
        for (int i = 0; i < 2; i++) {
            JsonNode stored = shown.get("populations").get(i);
            JsonNode ran = smc.get("populations").get(i);
            assertEquals(ran.get("means"), stored.get("means"));
            assertEquals(ran.get("threshold"), stored.get("threshold"));
            assertEquals(ran.get("simulations"), stored.get("simulations"));
        }
        assertEquals(smc.get("means"), shown.get("populations").get(1).get("means"));

        Path png = dir.resolve("final.png");
        String text = ok("runs", "show", id, "--store", db(), "--plot", png.toString())
                .out();
        assertTrue(text.startsWith("Run " + id + " in " + db() + "\n"), text);
        assertTrue(
                text.contains(
                        "Hashes:     spec " + shown.get("specHash").asText().substring(0, 12) + ","),
                text);
        assertTrue(text.contains("Population 1: round threshold 0.25, threshold "), text);
        assertTrue(Files.size(png) > 1000, "a PNG is drawn");
    }

    @Test
    void exportIsTheRunsOwnOutputAsCsvOrJsonToAFileOrStdout() throws IOException {
        Path csv = dir.resolve("run.csv");
        JsonNode run = abc(csv.toString());
        String id = run.get("runId").asText();
        Path again = dir.resolve("again.csv");
        ok("runs", "export", id, "--store", db(), "--output", again.toString());
        assertEquals(Files.readString(csv), Files.readString(again), "the CSV of abc --output");
        assertEquals(
                Files.readString(csv), ok("runs", "export", id, "--store", db()).out());

        JsonNode json = JSON.readTree(
                ok("runs", "export", id, "--store", db(), "--format", "json").out());
        assertEquals(run.get("means"), json.get("means"));
        assertEquals(200, json.get("distances").size());
        assertTrue(!json.has("weights"), "rejection ABC: no weights");

        JsonNode smc = abcSmc();
        String smcId = smc.get("runId").asText();
        JsonNode first =
                JSON.readTree(ok("runs", "export", smcId, "--store", db(), "--format", "json", "--population", "0")
                        .out());
        assertEquals(smc.get("populations").get(0).get("means"), first.get("means"));
        assertEquals(100, first.get("weights").size());
        String header = ok("runs", "export", smcId, "--store", db())
                .out()
                .lines()
                .findFirst()
                .orElseThrow();
        assertEquals("t1,t2,weight,distance", header);
    }

    @Test
    void badInputIsOneUsageLine() throws IOException {
        abc(dir.resolve("a.csv").toString());
        abcSmc();
        assertUsage("no run 'ffffff' in " + db(), "runs", "show", "ffffff", "--store", db());
        assertUsage("'' matches 2 runs", "runs", "export", "", "--store", db());
        assertUsage("no runs to read in --store none", "runs", "list", "--store", "none");
        String id = JSON.readTree(ok("runs", "list", "--store", db(), "--json").out())
                .get("runs")
                .get(0)
                .get("id")
                .asText();
        assertUsage(
                "run " + id + " has no population 2 (it has populations 0 to 1)",
                "runs",
                "export",
                id,
                "--store",
                db(),
                "--population",
                "2");
        assertUsage("--format must be csv or json", "runs", "export", id, "--store", db(), "--format", "xml");
        assertUsage(
                "no run 'abc' in ",
                "runs",
                "show",
                "abc",
                "--store",
                dir.resolve("missing.db").toString());
        assertUsage("name what to do", "runs");
    }

    private static void assertUsage(String expected, String... args) {
        CliRun run = CliRun.of(args);
        assertEquals(Simrt.USAGE, run.status(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains(expected), run.err());
    }
}

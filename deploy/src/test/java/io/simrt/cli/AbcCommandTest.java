package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AbcCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /**
     * ELFI's tiny rejection run (docs/reference-values.md §2), through the command line, samples and distances to
     * 1e-9.
     */
    @Test
    void elfiParityRunThroughTheCommandLine() throws IOException {
        Path csv = dir.resolve("tiny.csv");
        CliRun run = CliRun.of(
                "abc",
                "--rng",
                "elfi",
                "--seed",
                "123",
                "--batch-size",
                "3",
                "--samples",
                "3",
                "--simulations",
                "9",
                "--observed-seed",
                "4",
                "--json",
                "--output",
                csv.toString(),
                "--no-progress");
        assertEquals(0, run.status(), run.err());
        JsonNode o = JSON.readTree(run.out());
        assertEquals("Rejection", o.get("method").asText());
        assertEquals(3, o.get("samples").asInt());
        assertEquals(9, o.get("simulations").asLong());
        assertEquals(0.565433179, o.get("threshold").asDouble(), 1e-9);
        List<String> lines = Files.readAllLines(csv);
        assertEquals("t1,t2,distance", lines.get(0));
        double[][] expected = {
            {0.6233025896, 0.3006157443, 0.0978225191},
            {0.8561201399, 0.0644774166, 0.2421281118},
            {0.1898977402, 0.7576052659, 0.565433179}
        };
        for (int i = 0; i < 3; i++) {
            double[] row = Arrays.stream(lines.get(i + 1).split(","))
                    .mapToDouble(Double::parseDouble)
                    .toArray();
            assertArrayEquals(expected[i], row, 1e-9, "row " + i);
        }
    }

    @Test
    void jsonIsExactlyOneObjectWithTheDocumentedKeys() throws IOException {
        CliRun run = CliRun.of(
                "abc",
                "--model",
                "ma2",
                "--samples",
                "50",
                "--simulations",
                "5000",
                "--batch-size",
                "1000",
                "--seed",
                "7",
                "--json");
        assertEquals(0, run.status(), run.err());
        String out = run.out().trim();
        assertTrue(out.startsWith("{") && out.endsWith("}") && out.lines().count() == 1, out);
        JsonNode o = JSON.readTree(out);
        for (String key : List.of(
                "method",
                "samples",
                "simulations",
                "batches",
                "threshold",
                "acceptRate",
                "means",
                "intervals95",
                "seed",
                "rng",
                "client",
                "engines",
                "wallSeconds",
                "simulationsPerSecond")) {
            assertTrue(o.has(key), "missing key " + key + " in " + out);
        }
        assertEquals(7, o.get("seed").asLong());
        assertEquals("fast", o.get("rng").asText());
        assertEquals("local", o.get("client").asText(), "the default client");
        assertTrue(o.get("engines").asInt() >= 1);
        assertEquals(2, o.get("intervals95").get("t1").size());
        assertTrue(o.get("means").get("t1").asDouble() > -2
                && o.get("means").get("t1").asDouble() < 2);
        assertEquals(0.01, o.get("acceptRate").asDouble(), 1e-12);
    }

    @Test
    void humanSummaryIsElfisTable() {
        CliRun run = CliRun.of("abc", "--samples", "20", "--simulations", "2000", "--batch-size", "500", "--seed", "3");
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals("Method: Rejection", lines.get(0));
        assertEquals("Number of samples: 20", lines.get(1));
        assertEquals("Number of simulations: 2000", lines.get(2));
        assertTrue(lines.get(3).startsWith("Threshold: "), lines.get(3));
        assertEquals("Parameter                Mean               2.5%              97.5%", lines.get(4));
        assertTrue(lines.get(5).startsWith("t1:        "), lines.get(5));
        assertTrue(lines.get(6).startsWith("t2:        "), lines.get(6));
        assertTrue(run.out().contains("Seed: 3"), run.out());
    }

    @Test
    void plotIsWrittenAsPng() throws IOException {
        Path png = dir.resolve("pairs.png");
        CliRun run = CliRun.of(
                "abc",
                "--samples",
                "100",
                "--simulations",
                "10000",
                "--batch-size",
                "2000",
                "--seed",
                "5",
                "--plot",
                png.toString());
        assertEquals(0, run.status(), run.err());
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 400);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "abc --bogus",
                "abc --model nosuch",
                "abc --samples 0",
                "abc --samples -3",
                "abc --simulations 0",
                "abc --quantile 0",
                "abc --quantile 1.5",
                "abc --quantile 0.5 --simulations 100",
                "abc --samples 100 --simulations 50",
                "abc --batch-size 0",
                "abc --threshold -1",
                "abc --rng numpy",
                "abc --seed 4294967296 --rng elfi",
                "abc --output /nonexistent-dir/x.csv",
                "abc --client grid",
                "abc --client native --engines 2",
                "abc --client local --engines -1",
                "abc --client local --nodes 0",
                "abc --client local --seed-nodes 127.0.0.1:1",
                "abc --client cluster",
                "abc --client cluster --seed-nodes nohost",
                "smc --particles 0",
                "smc --model nosuch",
                "smc --heuristic random",
                "smc --model precession --true-params 1,2",
                "smc --model precession --true-params -1",
                "bench",
                "bench ma2 --samples 0",
                "bench ma2 --reps 0",
                "abc-smc --samples 10",
                "abc-smc --thresholds 0.5 --quantiles 0.1",
                "abc-smc --thresholds 0.5,-1 --samples 10",
                "abc-smc --thresholds 0.1,0.5 --samples 10",
                "abcc",
                "abc --modle ma2",
                "nosuchcommand"
            })
    void misuseExitsWithTwoAndOneLine(String args) {
        CliRun run = CliRun.of(args.split(" "));
        assertEquals(Simrt.USAGE, run.status(), args + " -> " + run.err());
        assertEquals(1, run.err().lines().count(), "one line for " + args + ": " + run.err());
        assertFalse(run.err().contains("Exception:") || run.err().contains("\tat "), run.err());
        assertEquals("", run.out());
    }

    @Test
    void outputPathTheFileSystemRefusesIsRefusedBeforeTheRun() {
        // /proc passes every permission check for root, and takes no new file
        assertTrue(Files.isDirectory(Path.of("/proc/self")), "the build runs on Linux, which has /proc");
        CliRun run = CliRun.of("abc", "--output", "/proc/x.csv", "--client", "native", "--no-progress");
        assertEquals(Simrt.USAGE, run.status(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("--output /proc/x.csv: cannot write /proc/x.csv"), run.err());
        assertFalse(run.err().contains(".tmp"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void outputPathThatIsADirectoryIsRefusedBeforeTheRun() {
        CliRun run = CliRun.of("abc", "--output", dir.toString());
        assertEquals(Simrt.USAGE, run.status());
        assertTrue(run.err().contains("is a directory"), run.err());
    }
}

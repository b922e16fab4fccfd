package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/external/ma2-c.conf, ELFI's MA2 in C as external workers, as a user runs it: the example's c/ directory
 * and model file copied side by side into a temporary directory, {@code make -C c} there, then {@code simrt abc}. The
 * same JSON to the last bit on the calling thread and on 2 engines; posterior means near those of the Python example
 * (ma2-python.conf) with the same settings. Needs gcc, the C library's headers and make, and python3 with numpy
 * (.ci/run installs Debian's); fails without them.
 */
class CExampleCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path EXAMPLES =
            Path.of("../examples/external").toAbsolutePath().normalize();

    @TempDir
    static Path dir;

    static Path conf;

    @BeforeAll
    static void build() throws Exception {
        Path c = Files.createDirectories(dir.resolve("c"));
        for (String f : List.of("Makefile", "simrt_worker.h", "ma2_worker.c")) {
            Files.copy(EXAMPLES.resolve("c").resolve(f), c.resolve(f));
        }
        conf = Files.copy(EXAMPLES.resolve("ma2-c.conf"), dir.resolve("ma2-c.conf"));
        Process p;
        try {
            p = new ProcessBuilder("make", "-C", c.toString())
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            fail("make and gcc are needed to build examples/external/c: apt-get install -y gcc libc6-dev make (" + e
                    + ")");
            return;
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "make did not finish");
        assertEquals(
                0,
                p.exitValue(),
                "make -C examples/external/c failed (apt-get install -y gcc libc6-dev make):\n" + out);
        assertTrue(Files.isExecutable(c.resolve("ma2_worker")), out);

        Process py =
                new ProcessBuilder("python3", "-c", "import numpy").inheritIO().start();
        assertEquals(0, py.waitFor(), "python3 with numpy is needed: apt-get install -y python3 python3-numpy");
    }

    private static JsonNode run(Path model, Path csv, String... clientArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "abc",
                "--model-file",
                model.toString(),
                "--samples",
                "500",
                "--simulations",
                "100000",
                "--batch-size",
                "5000",
                "--seed",
                "7",
                "--json",
                "--no-progress"));
        if (csv != null) {
            args.addAll(List.of("--output", csv.toString()));
        }
        args.addAll(List.of(clientArgs));
        CliRun run = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, run.status(), String.join(" ", args) + ": " + run.err());
        return JSON.readTree(run.out());
    }

    @Test
    void theSameJsonOnTheCallingThreadAndOnTwoEnginesAndThePythonExamplesPosterior() throws IOException {
        Path cCsv = dir.resolve("c-samples.csv");
        JsonNode nat = run(conf, cCsv, "--client", "native");
        JsonNode local = run(conf, null, "--client", "local", "--engines", "2");
        assertEquals(ExternalWorkers.result(nat), ExternalWorkers.result(local), nat + "\n" + local);
        AbcJson.assertSameAbc(nat, local);
        assertEquals(0, nat.get("skipped").asLong(), nat.toString());

        Path pyCsv = dir.resolve("python-samples.csv");
        JsonNode py = run(EXAMPLES.resolve("ma2-python.conf"), pyCsv, "--client", "native");
        for (String p : List.of("t1", "t2")) {
            double[] c = ExternalWorkers.column(cCsv, p);
            double[] q = ExternalWorkers.column(pyCsv, p);
            assertEquals(500, c.length);
            assertEquals(500, q.length);
            assertEquals(nat.get("means").get(p).asDouble(), mean(c), 1e-12, "the CSV is the JSON's sample");
            assertEquals(py.get("means").get(p).asDouble(), mean(q), 1e-12, "the CSV is the JSON's sample");
            // Two independent rejection-ABC estimates of the same posterior mean (same prior, observed data,
            // distance and quantile; different random numbers): within 3 combined standard errors, each the
            // posterior sd over the square root of the number accepted.
            double se = Math.sqrt(sd(c) * sd(c) / c.length + sd(q) * sd(q) / q.length);
            String what = p + ": C " + mean(c) + " (sd " + sd(c) + "), Python " + mean(q) + " (sd " + sd(q)
                    + "), combined standard error " + se;
            assertTrue(Math.abs(mean(c) - mean(q)) < 3 * se, what);
            assertTrue(se < 0.05, "the comparison has teeth: " + what);
        }
    }

    private static double mean(double[] x) {
        return Arrays.stream(x).sum() / x.length;
    }

    private static double sd(double[] x) {
        double m = mean(x);
        return Math.sqrt(Arrays.stream(x).map(v -> (v - m) * (v - m)).sum() / (x.length - 1));
    }
}

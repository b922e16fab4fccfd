package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The runnable jar itself: what README's main-job command runs. */
class SimrtJarIT {

    @Test
    void mainJobRunsFromTheJarAndPrintsOnlyJsonOnStdout() throws Exception {
        JarProcess.Result r = JarProcess.run(
                120,
                "abc",
                "--model",
                "ma2",
                "--samples",
                "200",
                "--simulations",
                "20000",
                "--batch-size",
                "2000",
                "--seed",
                "20170530",
                "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals("Rejection", o.get("method").asText());
        assertEquals(20000, o.get("simulations").asLong());
        assertEquals(r.out().trim(), r.out().strip());
        assertEquals(1, r.out().strip().lines().count(), r.out());
    }

    @Test
    void elfiParityFromTheJar() throws Exception {
        JarProcess.Result r = JarProcess.run(
                120,
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
                "--json");
        assertEquals(0, r.status(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals(0.565433179, o.get("threshold").asDouble(), 1e-9);
        assertEquals(
                (0.6233025896 + 0.8561201399 + 0.1898977402) / 3,
                o.get("means").get("t1").asDouble(),
                1e-9);
    }

    @Test
    void benchMa2ComparesItselfWithIndependentProcesses() throws Exception {
        JarProcess.Result r = JarProcess.run(
                180,
                "bench",
                "ma2",
                "--simulations",
                "200000",
                "--samples",
                "100",
                "--warmup",
                "0",
                "--reps",
                "1",
                "--client",
                "local",
                "--engines",
                "2",
                "--compare-processes",
                "2");
        assertEquals(0, r.status(), r.err());
        JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals(2, o.get("processes").asInt());
        JsonNode each = o.get("eachProcessSimulationsPerSecond");
        assertEquals(2, each.size(), o.toString());
        double sum = each.get(0).asDouble() + each.get(1).asDouble();
        assertTrue(each.get(0).asDouble() > 0 && each.get(1).asDouble() > 0, o.toString());
        assertEquals(sum, o.get("processesSimulationsPerSecond").asDouble(), 1e-9 * sum);
        assertEquals(
                o.get("simulationsPerSecond").asDouble() / sum,
                o.get("ratioToProcesses").asDouble(),
                1e-12,
                o.toString());
    }

    @Test
    void misuseExitsWithTwo() throws Exception {
        JarProcess.Result r = JarProcess.run(60, "abc", "--quantile", "2");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--quantile must lie in (0, 1]"), r.err());
        assertEquals("", r.out());
    }
}

package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The same seed gives the same answer on every client, through the command line; smc and bench run end to end. */
class ClientsAndSmcTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String... args) throws IOException {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.status(), String.join(" ", args) + ": " + run.err());
        return JSON.readTree(run.out());
    }

    @Test
    void abcGivesTheSameAnswerOnEveryClient() throws IOException {
        List<String> base = List.of(
                "abc", "--samples", "50", "--simulations", "20000", "--batch-size", "1000", "--seed", "99", "--json");
        JsonNode nat = json(concat(base, "--client", "native"));
        JsonNode local = json(concat(base, "--client", "local", "--engines", "2"));
        JsonNode nodes = json(concat(base, "--client", "local", "--engines", "2", "--nodes", "2"));
        for (JsonNode other : List.of(local, nodes)) {
            assertEquals(nat.get("threshold").asDouble(), other.get("threshold").asDouble(), 0.0);
            assertEquals(nat.get("means"), other.get("means"));
            assertEquals(nat.get("intervals95"), other.get("intervals95"));
        }
        assertEquals(2, nodes.get("engines").asInt());
    }

    @Test
    void smcLearnsOmegaAndReportsItsKeys() throws IOException {
        JsonNode o = json(
                "smc",
                "--model",
                "precession",
                "--particles",
                "2000",
                "--experiments",
                "60",
                "--seed",
                "3",
                "--client",
                "native",
                "--json");
        for (String key : List.of(
                "method",
                "particles",
                "experiments",
                "format",
                "trueParams",
                "means",
                "covariance",
                "resamples",
                "minEss",
                "wallSeconds",
                "client",
                "engines")) {
            assertTrue(o.has(key), key);
        }
        // 60 single shots at t in [1, 10]: posterior sd about 0.02; 0.1 is five of those
        assertEquals(1, o.get("format").asInt());
        assertEquals(1.0, o.get("means").get("omega").asDouble(), 0.1);
        assertEquals("[\"omega\"]", o.get("covariance").get("parameters").toString());
        assertEquals(1, o.get("covariance").get("values").size());
        assertEquals(1, o.get("covariance").get("values").get(0).size());
        JsonNode local = json(
                "smc",
                "--model",
                "precession",
                "--particles",
                "2000",
                "--experiments",
                "60",
                "--seed",
                "3",
                "--client",
                "local",
                "--engines",
                "2",
                "--serial-threshold",
                "0",
                "--json");
        assertEquals(o.get("means"), local.get("means"), "SMC through engines equals serial SMC");
        assertEquals(o.get("covariance"), local.get("covariance"));
    }

    @Test
    void benchCommandsPrintOneObject() throws IOException {
        JsonNode ma2 = json(
                "bench",
                "ma2",
                "--simulations",
                "20000",
                "--samples",
                "100",
                "--batch-size",
                "2000",
                "--engines",
                "2",
                "--warmup",
                "0",
                "--reps",
                "1");
        assertEquals(20000, ma2.get("simulations").asLong());
        assertTrue(ma2.get("simulationsPerSecond").asDouble() > 0);
        JsonNode lik = json("bench", "likelihood", "--particles", "100,1000", "--engines", "2", "--budget", "0.05");
        assertEquals(2, lik.get("rows").size());
        assertTrue(
                lik.get("rows").get(1).has("serialMs") && lik.get("rows").get(1).has("parallelMs"));
        JsonNode smc = json(
                "bench",
                "smc",
                "--particles",
                "300",
                "--experiments",
                "10",
                "--models",
                "precession",
                "--engines",
                "2");
        JsonNode run = smc.get("runs").get(0);
        assertTrue(run.has("serialSeconds") && run.has("parallelSeconds"));
    }

    private static String[] concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}

package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** What a new user gets back for a slip: suggestions, usage, values in any case, environment variables named. */
class CommandLineFeedbackTest {
    @Test
    void noCommandPrintsTheUsageAndExitsTwo() {
        CliRun run = CliRun.of();
        assertEquals(Simrt.USAGE, run.status());
        assertTrue(run.err().contains("Usage: simrt"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void mistypedCommandIsSuggested() {
        CliRun run = CliRun.of("abcc");
        assertEquals(Simrt.USAGE, run.status());
        assertTrue(run.err().contains("did you mean abc"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void mistypedOptionIsSuggested() {
        CliRun run = CliRun.of("abc", "--modle", "ma2");
        assertEquals(Simrt.USAGE, run.status());
        assertTrue(run.err().contains("did you mean --model"), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void enumeratedValuesTakeAnyCase() throws IOException {
        CliRun smc = CliRun.of(
                "smc",
                "--heuristic",
                "PGH",
                "--particles",
                "200",
                "--experiments",
                "3",
                "--client",
                "native",
                "--no-progress",
                "--json");
        assertEquals(0, smc.status(), smc.err());
        assertEquals(
                "pgh", new ObjectMapper().readTree(smc.out()).get("heuristic").asText());
        CliRun abc = CliRun.of(
                "abc",
                "--rng",
                "ELFI",
                "--client",
                "NATIVE",
                "--samples",
                "10",
                "--simulations",
                "1000",
                "--seed",
                "1",
                "--no-progress",
                "--json");
        assertEquals(0, abc.status(), abc.err());
        assertEquals("elfi", new ObjectMapper().readTree(abc.out()).get("rng").asText());
    }

    @Test
    void zeroEnginesMeansOnePerProcessorAsTheEnvironmentDoes() throws IOException {
        CliRun run = CliRun.of(
                "abc",
                "--client",
                "local",
                "--engines",
                "0",
                "--samples",
                "10",
                "--simulations",
                "1000",
                "--no-progress",
                "--json");
        assertEquals(0, run.status(), run.err());
        JsonNode o = new ObjectMapper().readTree(run.out());
        assertEquals(
                Runtime.getRuntime().availableProcessors(), o.get("engines").asInt());
    }

    @Test
    void unknownLogLevelIsRefusedWithTheLevels() {
        assertTrue(Logging.checkLevel(null).isEmpty());
        assertTrue(Logging.checkLevel("info").isEmpty());
        String why = Logging.checkLevel("LOUD").orElseThrow();
        assertTrue(why.startsWith("SIMRT_LOG_LEVEL = \"LOUD\""), why);
        assertTrue(why.contains("TRACE, DEBUG, INFO, WARN, ERROR"), why);
    }
}

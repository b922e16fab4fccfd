package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AbcSmcCommandTest {
    @Test
    void jsonCarriesEveryPopulation() throws IOException {
        CliRun run = CliRun.of(
                "abc-smc",
                "--model",
                "ma2",
                "--samples",
                "100",
                "--thresholds",
                "0.5,0.25",
                "--batch-size",
                "500",
                "--seed",
                "11",
                "--json");
        assertEquals(0, run.status(), run.err());
        JsonNode o = new ObjectMapper().readTree(run.out());
        for (String key : List.of("method", "populations", "simulations", "means", "wallSeconds")) {
            assertTrue(o.has(key), key);
        }
        assertEquals("SMC", o.get("method").asText());
        assertEquals(2, o.get("populations").size());
        assertEquals(1, o.get("format").asInt());
        assertEquals(0.5, o.get("populations").get(0).get("roundThreshold").asDouble());
        assertEquals(0.25, o.get("populations").get(1).get("roundThreshold").asDouble());
        // the threshold reached: the largest distance kept, at most the round's
        for (JsonNode p : o.get("populations")) {
            assertTrue(p.get("threshold").asDouble() <= p.get("roundThreshold").asDouble(), p.toString());
        }
        assertEquals(
                o.get("populations").get(1).get("threshold").asDouble(),
                o.get("threshold").asDouble(),
                0.0,
                "the result's threshold is its last population's");
        long sims = o.get("populations").get(0).get("simulations").asLong()
                + o.get("populations").get(1).get("simulations").asLong();
        assertEquals(sims, o.get("simulations").asLong());
        assertTrue(o.get("means").has("t1") && o.get("means").has("t2"));
    }

    @Test
    void increasingThresholdsAreRefusedNamingBoth() {
        CliRun run = CliRun.of("abc-smc", "--model", "ma2", "--thresholds", "0.1,0.5", "--client", "native");
        assertEquals(Simrt.USAGE, run.status(), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(
                run.err().contains("must decrease")
                        && run.err().contains("0.5")
                        && run.err().contains("0.1"),
                run.err());
    }
}

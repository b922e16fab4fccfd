package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every command's --json is format 1, with the same names for the same things, and docs/json.md lists each field. */
class JsonFormatTest {
    private static final Path DOC = Path.of("../docs/json.md").toAbsolutePath().normalize();

    private static JsonNode json(String... args) throws IOException {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.status(), String.join(" ", args) + ": " + run.err());
        JsonNode o = new ObjectMapper().readTree(run.out());
        assertEquals(1, o.get("format").asInt(), run.out());
        assertEquals("format", o.fieldNames().next(), "format comes first: " + run.out());
        return o;
    }

    /** The section of docs/json.md that begins with {@code heading}, up to the next heading of its level. */
    private static String section(String heading) throws IOException {
        String doc = Files.readString(DOC);
        int start = doc.indexOf("\n" + heading + "\n");
        assertTrue(start >= 0, heading + " missing from " + DOC);
        int end = doc.indexOf("\n## ", start + heading.length() + 2);
        return doc.substring(start, end < 0 ? doc.length() : end);
    }

    private static void documented(JsonNode o, String heading) throws IOException {
        String text = section(heading);
        List<String> missing = new ArrayList<>();
        for (Iterator<String> it = o.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!text.contains("`" + field + "`")) {
                missing.add(field);
            }
        }
        assertEquals(List.of(), missing, "fields of " + heading + " not in docs/json.md");
    }

    @Test
    void abcAndAbcSmcShareTheirNamesAndAreDocumented() throws IOException {
        JsonNode abc = json("abc", "--samples", "20", "--simulations", "2000", "--client", "native", "--json");
        JsonNode smc = json(
                "abc-smc",
                "--samples",
                "20",
                "--thresholds",
                "0.5,0.3",
                "--batch-size",
                "200",
                "--client",
                "native",
                "--json");
        for (String shared : List.of(
                "method",
                "model",
                "samples",
                "simulations",
                "skipped",
                "batches",
                "batchSize",
                "threshold",
                "means",
                "intervals95",
                "seed",
                "observedSeed",
                "rng",
                "client",
                "engines",
                "wallSeconds")) {
            assertTrue(abc.has(shared) && smc.has(shared), shared);
        }
        documented(abc, "## `simrt abc`");
        documented(smc, "## `simrt abc-smc`");
        JsonNode population = smc.get("populations").get(1);
        documented(population, "## `simrt abc-smc`");
        assertEquals(smc.get("threshold"), population.get("threshold"), "threshold means the same at both levels");
    }

    @Test
    void smcNamesItsMeansAndGivesItsCovarianceWithItsParameters() throws IOException {
        JsonNode o = json(
                "smc",
                "--model",
                "unknown-t2",
                "--particles",
                "200",
                "--experiments",
                "5",
                "--client",
                "native",
                "--json");
        documented(o, "## `simrt smc`");
        assertEquals(List.of("omega", "T2inv"), names(o.get("means")));
        JsonNode cov = o.get("covariance");
        assertEquals("[\"omega\",\"T2inv\"]", cov.get("parameters").toString());
        assertEquals(2, cov.get("values").size());
        assertEquals(cov.get("values").get(0).get(1), cov.get("values").get(1).get(0), "symmetric");
    }

    @Test
    void modelsIsDocumented() throws IOException {
        documented(json("models", "--json"), "## `simrt models`");
    }

    private static List<String> names(JsonNode o) {
        List<String> out = new ArrayList<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }
}

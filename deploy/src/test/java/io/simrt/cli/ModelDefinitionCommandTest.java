package io.simrt.cli;

import static io.simrt.cli.UserModelCommandTest.assertUsage;
import static io.simrt.cli.UserModelCommandTest.concat;
import static io.simrt.cli.UserModelCommandTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.simrt.api.NativeClient;
import io.simrt.inference.abc.AbcResult;
import io.simrt.inference.abc.Objective;
import io.simrt.inference.abc.RejectionAbc;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcDefinition;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.abc.AbcModels;
import io.simrt.runtime.code.JarCompiler;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Models defined with the model-definition API on the command line: an AbcDefinition class, the same found through
 * ServiceLoader by its name, and the same written as a model file, all equal bit for bit to the API run directly;
 * {@code simrt models}; {@code --on-simulation-error}.
 */
class ModelDefinitionCommandTest {
    @TempDir
    static Path dir;

    private static Path jar;
    private static Path modelFile;

    private static final List<String> ABC = List.of(
            "abc",
            "--client",
            "native",
            "--samples",
            "30",
            "--simulations",
            "3000",
            "--batch-size",
            "300",
            "--seed",
            "11",
            "--json",
            "--no-progress");

    @BeforeAll
    static void compileAndWrite() throws IOException {
        jar = JarCompiler.compile(
                dir,
                "gauss.jar",
                Map.of(
                        "com.example.GaussSim", UserModelSources.GAUSS_SIMULATOR,
                        "com.example.GaussDef", UserModelSources.GAUSS_DEFINITION),
                JarCompiler.text("META-INF/services/io.simrt.models.abc.AbcDefinition", "com.example.GaussDef\n"));
        Files.writeString(
                dir.resolve("observed.csv"),
                Arrays.stream(UserModelSources.GAUSS_OBSERVED)
                        .mapToObj(Double::toString)
                        .collect(Collectors.joining("\n", "", "\n")));
        modelFile = Files.writeString(dir.resolve("gauss.conf"), UserModelSources.GAUSS_FILE);
    }

    /** The definition run through the API, on the native client, with the command line's settings. */
    private static AbcResult direct() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, getClass0())) {
            AbcModel model = AbcModels.fromDefinition(
                    Class.forName("com.example.GaussDef", true, loader).asSubclass(AbcDefinition.class));
            return RejectionAbc.builder(model, NativeClient.create())
                    .seed(11)
                    .batchSize(300)
                    .rng(RngFamily.FAST)
                    .build()
                    .sample(30, Objective.simulations(3000));
        }
    }

    private static ClassLoader getClass0() {
        return ModelDefinitionCommandTest.class.getClassLoader();
    }

    @Test
    void aDefinitionClassAProviderNameAndAModelFileGiveTheApisAnswerBitForBit() throws Exception {
        AbcResult api = direct();
        JsonNode byClass = json(concat(ABC, "--model", "com.example.GaussDef", "--model-jar", jar.toString()));
        JsonNode byName = json(concat(ABC, "--model", "gauss", "--model-jar", jar.toString()));
        JsonNode byFile = json(concat(ABC, "--model-file", modelFile.toString(), "--model-jar", jar.toString()));
        assertEquals("com.example.GaussDef", byClass.get("model").asText());
        assertEquals("gauss", byName.get("model").asText());
        assertEquals(modelFile.toString(), byFile.get("model").asText());
        for (JsonNode o : List.of(byClass, byName, byFile)) {
            assertEquals(api.sample().means()[0], o.get("means").get("mu").asDouble(), 0.0, o.toString());
            assertEquals(api.threshold(), o.get("threshold").asDouble(), 0.0);
            assertEquals(api.simulations(), o.get("simulations").asLong());
            assertEquals(byClass.get("intervals95"), o.get("intervals95"));
        }
    }

    @Test
    void abcSmcTakesAModelFileToo() throws IOException {
        JsonNode o = json(
                "abc-smc",
                "--client",
                "native",
                "--model-file",
                modelFile.toString(),
                "--model-jar",
                jar.toString(),
                "--samples",
                "20",
                "--thresholds",
                "2,1",
                "--batch-size",
                "100",
                "--seed",
                "3",
                "--json",
                "--no-progress");
        assertEquals(modelFile.toString(), o.get("model").asText());
        assertEquals(2, o.get("populations").size());
    }

    @Test
    void modelsListsTheBuiltInsAndAProviderFromAJar() throws IOException {
        CliRun table = CliRun.of("models", "--model-jar", jar.toString());
        assertEquals(0, table.status(), table.err());
        assertTrue(
                table.out().lines().anyMatch(l -> l.matches("abc\\s+gauss\\s+com\\.example\\.GaussDef\\s+.*mu.*")),
                table.out());
        for (String builtIn : List.of("ma2", "precession", "unknown-t2", "rabi")) {
            assertTrue(table.out().contains(builtIn), table.out());
        }
        JsonNode o = json("models", "--model-jar", jar.toString(), "--json");
        JsonNode gauss = null;
        for (JsonNode m : o.get("models")) {
            if (m.get("name").asText().equals("gauss")) {
                gauss = m;
            }
        }
        assertTrue(gauss != null, o.toString());
        assertEquals("com.example.GaussDef", gauss.get("class").asText());
        assertEquals(
                "the mean mu of a normal sample, as a test model",
                gauss.get("description").asText());
        assertEquals("abc", gauss.get("command").asText());
        assertFalse(CliRun.of("models").out().contains("gauss"), "without the jar there is no provider");
    }

    @Test
    void aThrowingSimulatorFailsTheRunUnlessSkipIsAsked() throws IOException {
        // mu ~ uniform(0, 10): half the rows have mu > 5, where GaussSim throws
        Path flaky = Files.writeString(
                dir.resolve("flaky.conf"),
                UserModelSources.GAUSS_FILE.replace("normal { mu = 1, sigma = 1 }", "uniform { low = 0, high = 10 }"));
        CliRun fail = CliRun.of(concat(ABC, "--model-file", flaky.toString(), "--model-jar", jar.toString()));
        assertEquals(Simrt.FAILED, fail.status(), fail.err());
        assertEquals(1, fail.err().lines().count(), fail.err());
        assertTrue(fail.err().contains("mu too large"), fail.err());
        JsonNode skip = json(concat(
                ABC, "--model-file", flaky.toString(), "--model-jar", jar.toString(), "--on-simulation-error", "skip"));
        assertEquals(30, skip.get("samples").asInt());
        assertTrue(skip.get("means").get("mu").asDouble() < 5, skip.toString());
        assertTrue(skip.get("skipped").asLong() > 1000, "about half of 3000 rows throw: " + skip);
        Path skipping = Files.writeString(
                dir.resolve("skipping.conf"), Files.readString(flaky) + "on-simulation-error = skip\n");
        JsonNode fromFile = json(concat(ABC, "--model-file", skipping.toString(), "--model-jar", jar.toString()));
        assertEquals(skip.get("means"), fromFile.get("means"));
        JsonNode definition = json(concat(
                ABC,
                "--model",
                "com.example.GaussDef",
                "--model-jar",
                jar.toString(),
                "--on-simulation-error",
                "skip"));
        assertEquals(30, definition.get("samples").asInt());
        assertUsage(
                "--on-simulation-error applies to models defined by an AbcDefinition or a model file",
                "abc",
                "--on-simulation-error",
                "skip");
        assertUsage(
                "--on-simulation-error must be fail or skip",
                "abc",
                "--model-file",
                modelFile.toString(),
                "--on-simulation-error",
                "maybe");
    }

    /**
     * The jar is only the coordinator's (the command line's --model-jar): engines in this JVM, on one node or on two
     * in-JVM nodes (messages serialized), lack its classes and fetch them from their coordinator.
     */
    @Test
    void aModelOnlyTheCoordinatorsJarHoldsGivesTheSameAnswerOnLocalEngines() throws IOException {
        List<String> withoutClient = new ArrayList<>(ABC);
        withoutClient.subList(1, 3).clear(); // "--client", "native"
        for (List<String> model :
                List.of(List.of("--model", "com.example.GaussDef"), List.of("--model-file", modelFile.toString()))) {
            List<String> base = new ArrayList<>(withoutClient);
            base.addAll(model);
            base.addAll(List.of("--model-jar", jar.toString()));
            JsonNode expected = json(concat(base, "--client", "native"));
            for (JsonNode other : List.of(
                    json(concat(base, "--client", "local", "--engines", "2")),
                    json(concat(base, "--client", "local", "--engines", "2", "--nodes", "2")))) {
                assertEquals(expected.get("threshold"), other.get("threshold"), model.toString());
                assertEquals(expected.get("means"), other.get("means"), model.toString());
                assertEquals(expected.get("intervals95"), other.get("intervals95"), model.toString());
                assertEquals(expected.get("simulations"), other.get("simulations"), model.toString());
            }
        }
    }
}

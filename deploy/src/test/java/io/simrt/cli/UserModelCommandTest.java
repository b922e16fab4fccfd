package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simrt.runtime.code.JarCompiler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --model CLASS --model-jar JAR}: a model compiled during the test into a jar the class path does not have,
 * run through the command line in-process on the native client, and every way such a class can be wrong.
 */
class UserModelCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private static Path jar;

    @BeforeAll
    static void compileTheUserModels() {
        Map<String, String> sources = new HashMap<>(UserModelSources.NOT_MODELS);
        sources.put("com.example.DirectMa2", UserModelSources.ABC_MODEL);
        sources.put("com.example.MyPrecession", UserModelSources.SMC_MODEL);
        sources.put("com.example.GaussSim", UserModelSources.GAUSS_SIMULATOR);
        sources.put("com.example.GaussDef", UserModelSources.GAUSS_DEFINITION);
        jar = JarCompiler.compile(
                dir,
                "models.jar",
                sources,
                JarCompiler.text("META-INF/services/io.simrt.models.abc.AbcDefinition", "com.example.GaussDef\n"));
    }

    static JsonNode json(String... args) throws IOException {
        CliRun run = CliRun.of(args);
        assertEquals(0, run.status(), String.join(" ", args) + ": " + run.err());
        return JSON.readTree(run.out());
    }

    static String[] concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(Arrays.asList(more));
        return all.toArray(String[]::new);
    }

    private static final List<String> ABC = List.of(
            "abc",
            "--client",
            "native",
            "--samples",
            "20",
            "--simulations",
            "4000",
            "--batch-size",
            "500",
            "--seed",
            "7",
            "--json",
            "--no-progress");

    @Test
    void anAbcModelClassFromAJarGivesTheBuiltInAnswer() throws IOException {
        JsonNode user = json(concat(ABC, "--model", "com.example.DirectMa2", "--model-jar", jar.toString()));
        JsonNode builtIn = json(concat(ABC, "--model", "ma2"));
        assertEquals("com.example.DirectMa2", user.get("model").asText());
        assertEquals("ma2", builtIn.get("model").asText());
        for (String key : List.of("samples", "simulations", "threshold", "means", "intervals95")) {
            assertEquals(builtIn.get(key), user.get(key), key);
        }
    }

    @Test
    void anSmcModelClassFromAJarGivesTheBuiltInAnswer() throws IOException {
        List<String> smc = List.of(
                "smc", "--client", "native", "--particles", "500", "--experiments", "20", "--seed", "5", "--json");
        JsonNode user = json(concat(
                smc,
                "--model",
                "com.example.MyPrecession",
                "--model-jar",
                jar.toString(),
                "--prior-bounds",
                "0:2",
                "--truth",
                "1.0"));
        JsonNode builtIn = json(concat(smc, "--model", "precession"));
        assertEquals("com.example.MyPrecession", user.get("model").asText());
        for (String key : List.of("trueParams", "means", "covariance", "resamples", "logTotalLikelihood")) {
            assertEquals(builtIn.get(key), user.get(key), key);
        }
    }

    @Test
    void badModelClassesAreOneUsageLineEach() throws IOException {
        String j = jar.toString();
        Path notAJar = Files.writeString(dir.resolve("plain.txt"), "not a jar");
        assertUsage(
                "is not on the class path nor in the --model-jar jars",
                "abc",
                "--model",
                "com.example.Nope",
                "--model-jar",
                j);
        assertUsage("is not on the class path", "abc", "--model", "com.example.Nope");
        assertUsage(
                "is not a model: it must implement io.simrt.models.abc.AbcDefinition (preferred) or io.simrt.models.abc.AbcModel",
                "abc",
                "--model",
                "com.example.NotAModel",
                "--model-jar",
                j);
        assertUsage(
                "has no public no-arg constructor",
                "abc-smc",
                "--thresholds",
                "1",
                "--model",
                "com.example.NoDefaultCtor",
                "--model-jar",
                j);
        assertUsage("must be a public, non-abstract class", "abc", "--model", "com.example.Base", "--model-jar", j);
        assertUsage(
                "--model-jar " + dir.resolve("missing.jar") + ": no such file",
                "abc",
                "--model-jar",
                dir.resolve("missing.jar").toString());
        assertUsage("--model-jar " + notAJar + ": not a jar", "abc", "--model-jar", notAJar.toString());
        assertUsage("unknown model 'nosuch'", "abc", "--model", "nosuch");
        assertUsage("give --model or --model-file, not both", "abc", "--model", "ma2", "--model-file", "x.conf");
        assertUsage(
                "it must implement io.simrt.models.Model", "smc", "--model", "com.example.NotAModel", "--model-jar", j);
        assertUsage("needs --prior-bounds", "smc", "--model", "com.example.MyPrecession", "--model-jar", j);
        assertUsage(
                "needs --true-params",
                "smc",
                "--model",
                "com.example.MyPrecession",
                "--model-jar",
                j,
                "--prior-bounds",
                "0:2");
        assertUsage("--prior-bounds: '0-2' is not lo:hi", "smc", "--prior-bounds", "0-2");
        assertUsage("--prior-bounds has 2 pairs", "smc", "--prior-bounds", "0:1,0:2");
        assertUsage("--prior-bounds: hi[0]", "smc", "--prior-bounds", "1:0");
    }

    static void assertUsage(String expected, String... args) {
        CliRun run = CliRun.of(concat(List.of(args), "--client", "native", "--no-progress"));
        String what = String.join(" ", args) + " -> " + run.err();
        assertEquals(Simrt.USAGE, run.status(), what);
        assertEquals(1, run.err().lines().count(), what);
        assertTrue(run.err().contains(expected), what);
        assertFalse(run.err().contains("Exception"), what);
        assertEquals("", run.out(), what);
    }
}

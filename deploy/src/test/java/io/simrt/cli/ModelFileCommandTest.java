package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.config.modelfile.ModelFile;
import io.simrt.config.modelfile.ModelFileSpec;
import io.simrt.models.ModelSpec;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.random.RandomStreams;
import io.simrt.runtime.code.JarCompiler;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.SpecCodec;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Model files: the spec travels as plain data without the files, and each mistake is one line naming file and key. */
class ModelFileCommandTest {
    @TempDir
    static Path dir;

    private static Path jar;

    @BeforeAll
    static void compile() throws IOException {
        jar = JarCompiler.compile(
                dir,
                "gauss.jar",
                Map.of(
                        "com.example.GaussSim", UserModelSources.GAUSS_SIMULATOR,
                        "com.example.GaussDef", UserModelSources.GAUSS_DEFINITION));
        Files.writeString(dir.resolve("observed.csv"), "1.0\n2.0\n0.5\n");
        Files.writeString(dir.resolve("two-columns.csv"), "1.0,2.0\n2.0,3.0\n");
    }

    private static final String GOOD = UserModelSources.GAUSS_FILE;

    /** Each line: what the file is changed into (a replacement of GOOD), then what the one error line must say. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "simulator = |simulater = |unknown key 'simulater'; allowed: name, parameters, simulator, summaries",
                "simulator = \"com.example.GaussSim\"|# none|missing key 'simulator'",
                "sigma = 1|sigma = -1|parameters[0].prior.normal: ",
                "normal { mu = 1, sigma = 1 }|gauss { }|must name one prior (got gauss) of: uniform, normal",
                "normal { mu = 1, sigma = 1 }|gamma { shape = 2, scal = 1 }|unknown key 'scal' in "
                        + "parameters[0].prior.gamma; allowed: shape, scale",
                "observed.csv|missing.csv|observed.file: observed-data file",
                "observed.csv|two-columns.csv|2 columns; expected one column",
                "com.example.GaussSim|com.example.Nope|simulator: class com.example.Nope is not on the class path",
                "com.example.GaussSim|com.example.GaussDef|class com.example.GaussDef is not a Simulator: it must "
                        + "implement io.simrt.models.abc.Simulator or io.simrt.models.abc.Simulator.Batch",
                "mean, {|\"com.example.GaussSim\", {|summaries[0]: class com.example.GaussSim is not a Summary",
                "mean, {|median, {|unknown built-in summary 'median'",
                "distance = manhattan|distance = { weighted { weights = [1] } }|1 weights for 2 summaries",
                "distance = manhattan|distance = { adaptive { pilot = 1 } }|distance.adaptive.pilot: ",
                "distance = manhattan|distance = chebyshev|'chebyshev' is not euclidean or manhattan",
                "name = gauss|name = gauss\\non-simulation-error = sometimes|must be fail or skip",
                "parameters = [|parameters = [ { name = mu, prior = { uniform { low = 1, high = 1 } } }|"
                        + "parameters[0].prior.uniform: ",
                "\"com.example.GaussSim\"|{ comand = [\"python3\"] }|"
                        + "unknown key 'comand' in simulator; allowed: command, directory, environment",
                "\"com.example.GaussSim\"|{ command = [] }|simulator.command: needs the program and its arguments",
                "\"com.example.GaussSim\"|{ command = [\"w\"], output-length = 2 }|"
                        + "simulator.output-length: the worker writes 2 values per row but the observed data has 3",
                "\"com.example.GaussSim\"|{ command = [\"w\"], directory = nowhere }|simulator.directory: working "
                        + "directory",
                "\"com.example.GaussSim\"|{ command = [\"w\"], pool-size = 0 }|simulator.pool-size: must be in [1, 256]",
                "\"com.example.GaussSim\"|{ command = [\"w\"], nan = skip }|simulator.nan: must be error (a NaN in a "
                        + "reply fails the run) or allow",
                "mean, {|{ builtin = element }, {|summaries[0]: missing key 'index'",
            })
    void aBadModelFileIsOneUsageLineNamingFileAndKey(String from, String to, String expected) throws IOException {
        String text = GOOD.replace(from, to.replace("\\n", "\n"));
        assertFalse(text.equals(GOOD), "the case changes the file: " + from);
        Path file = Files.writeString(dir.resolve("bad.conf"), text);
        CliRun run = CliRun.of(
                "abc",
                "--client",
                "native",
                "--model-file",
                file.toString(),
                "--model-jar",
                jar.toString(),
                "--no-progress");
        String what = to + " -> " + run.err();
        assertEquals(Simrt.USAGE, run.status(), what);
        assertEquals(1, run.err().lines().count(), what);
        assertTrue(run.err().contains(file.toString()), what);
        assertTrue(run.err().contains(expected), what);
        assertFalse(run.err().contains("Exception"), what);
    }

    @Test
    void aMissingModelFileIsAUsageError() {
        UserModelCommandTest.assertUsage(
                "no such readable model file",
                "abc",
                "--model-file",
                dir.resolve("none.conf").toString());
    }

    /**
     * The spec crosses as the runtime sends it (JSON through SpecCodec), is rebuilt after the files are gone, and
     * simulates the same distances; it names every class it loads.
     */
    @Test
    void theSpecTravelsWithoutTheFilesAndNamesItsClasses() throws Exception {
        Path work = Files.createDirectories(dir.resolve("travel"));
        Files.writeString(work.resolve("observed.csv"), "1.0\n2.0\n0.5\n");
        Path file = Files.writeString(
                work.resolve("gauss.conf"),
                GOOD.replace("distance = manhattan", "distance = { weighted { weights = [1, 0.5] } }"));
        ClassLoader before = Thread.currentThread().getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, before)) {
            Thread.currentThread().setContextClassLoader(loader);
            ModelFileSpec spec = ModelFile.load(file);
            assertEquals(List.of("com.example.GaussSim"), spec.classNames());
            AbcModel here = spec.build();
            Files.delete(work.resolve("observed.csv"));
            SpecCodec codec = new SpecCodec(AllowedClasses.of(List.of("io.simrt.", "com.example.")));
            ModelSpec<?> decoded = codec.decode(codec.encode(spec));
            assertEquals(spec, decoded);
            AbcModel there = (AbcModel) decoded.build();
            assertEquals(spec, there.spec());
            double[] params = {0.5, 1.0, 1.5};
            double[] a = new double[3];
            double[] b = new double[3];
            here.simulateDistances(
                    params, 3, RandomStreams.of(RngFamily.FAST, 1).block(0), a);
            there.simulateDistances(
                    params, 3, RandomStreams.of(RngFamily.FAST, 1).block(0), b);
            assertEquals(List.of(a[0], a[1], a[2]), List.of(b[0], b[1], b[2]));
        } finally {
            Thread.currentThread().setContextClassLoader(before);
        }
    }
}

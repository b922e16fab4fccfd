package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simrt.config.modelfile.ModelFile;
import io.simrt.config.modelfile.ModelFileSpec;
import io.simrt.models.ModelSpec;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.SpecCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/external/ma2-python.conf, ELFI's MA2 in Python as external workers: the same JSON to the last bit on the
 * calling thread and on 2 engines, since each batch carries its seed. Needs python3 with numpy (.ci/run installs
 * Debian's); fails without it.
 */
class ExternalModelFileCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CONF =
            Path.of("../examples/external/ma2-python.conf").toAbsolutePath().normalize();

    @BeforeAll
    static void pythonWithNumpy() throws Exception {
        Process p =
                new ProcessBuilder("python3", "-c", "import numpy").inheritIO().start();
        assertEquals(0, p.waitFor(), "python3 with numpy is needed: apt-get install -y python3 python3-numpy");
    }

    private static JsonNode run(String... clientArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of(
                "abc",
                "--model-file",
                CONF.toString(),
                "--samples",
                "200",
                "--simulations",
                "40000",
                "--batch-size",
                "2000",
                "--seed",
                "7",
                "--json",
                "--no-progress"));
        args.addAll(List.of(clientArgs));
        CliRun run = CliRun.of(args.toArray(new String[0]));
        assertEquals(0, run.status(), String.join(" ", args) + ": " + run.err());
        return JSON.readTree(run.out());
    }

    /** The spec crosses as the runtime sends it (JSON through SpecCodec), command, directory and environment too. */
    @Test
    void theSpecTravelsWithItsCommand(@TempDir Path dir) throws IOException {
        String text = Files.readString(CONF)
                .replace("output-length = 2", "output-length = 2\n  environment { OMP_NUM_THREADS = \"1\" }");
        Path file = Files.writeString(dir.resolve("ma2-python.conf"), text);
        Files.createDirectories(dir.resolve("python"));
        ModelFileSpec spec = ModelFile.load(file);
        assertEquals(List.of("python3", "ma2_worker.py"), spec.external().command());
        assertEquals(
                dir.resolve("python").toAbsolutePath().toString(),
                spec.external().directory());
        assertEquals(Map.of("OMP_NUM_THREADS", "1"), spec.external().environment());
        assertEquals(List.of(), spec.classNames());
        SpecCodec codec = new SpecCodec(AllowedClasses.of(List.of("io.simrt.")));
        ModelSpec<?> decoded = codec.decode(codec.encode(spec));
        assertEquals(spec, decoded);
    }

    @Test
    void theSameJsonOnTheCallingThreadAndOnTwoEngines() throws IOException {
        JsonNode nat = run("--client", "native");
        JsonNode local = run("--client", "local", "--engines", "2");
        assertEquals(ExternalWorkers.result(nat), ExternalWorkers.result(local), nat + "\n" + local);
        assertTrue(nat.get("means").toString().contains("t1"), nat.toString());
    }
}

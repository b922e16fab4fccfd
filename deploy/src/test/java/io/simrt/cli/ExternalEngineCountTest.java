package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/external/ma2-python.conf, ELFI's MA2 in Python as external workers, on 1, 2 and 4 local engines: the same
 * JSON and the same accepted samples to the last bit, since each batch carries its seed (30 batches, so that every
 * engine runs several). Needs python3 with numpy; fails without it.
 */
class ExternalEngineCountTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void pythonWithNumpy() throws InterruptedException {
        ExternalWorkers.requirePythonWithNumpy();
    }

    private record Run(JsonNode json, String samples) {}

    private Run run(int engines) throws IOException {
        Path csv = dir.resolve("engines-" + engines + ".csv");
        List<String> args = new ArrayList<>(List.of(
                "abc",
                "--model-file",
                ExternalWorkers.CONF.toString(),
                "--samples",
                "300",
                "--simulations",
                "60000",
                "--batch-size",
                "2000",
                "--seed",
                "5",
                "--client",
                "local",
                "--engines",
                String.valueOf(engines),
                "--output",
                csv.toString(),
                "--json",
                "--no-progress"));
        CliRun run = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, run.status(), String.join(" ", args) + ": " + run.err());
        JsonNode json = JSON.readTree(run.out());
        assertEquals(engines, json.get("engines").asInt(), run.out());
        return new Run(json, Files.readString(csv, StandardCharsets.UTF_8));
    }

    @Test
    void oneTwoAndFourEnginesGiveTheSameAnswer() throws IOException {
        Run one = run(1);
        for (int engines : new int[] {2, 4}) {
            Run other = run(engines);
            AbcJson.assertSameAbc(one.json(), other.json());
            assertEquals(
                    ExternalWorkers.result(one.json()), ExternalWorkers.result(other.json()), engines + " engines");
            assertEquals(one.samples(), other.samples(), engines + " engines: the accepted samples");
        }
    }
}

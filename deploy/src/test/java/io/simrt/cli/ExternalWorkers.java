package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/** What the tests of examples/external/ma2-python.conf share. */
final class ExternalWorkers {
    private ExternalWorkers() {}

    /** ELFI's MA2 in Python (numpy) as external workers. */
    static final Path CONF =
            Path.of("../examples/external/ma2-python.conf").toAbsolutePath().normalize();

    /** Fails, naming the package to install, when {@code python3} (the one on the PATH) cannot import numpy. */
    static void requirePythonWithNumpy() throws InterruptedException {
        int status;
        String out;
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy")
                    .redirectErrorStream(true)
                    .start();
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            status = p.waitFor();
        } catch (IOException e) {
            status = -1;
            out = e.toString();
        }
        assertEquals(
                0,
                status,
                "the external workers need python3 with numpy on the PATH (Debian: apt-get install python3-numpy): "
                        + out);
    }

    /** The run's JSON without what names the client or measures time. */
    static JsonNode result(JsonNode run) {
        ObjectNode copy = run.deepCopy();
        for (Iterator<String> it = copy.fieldNames(); it.hasNext(); ) {
            String k = it.next().toLowerCase(Locale.ROOT);
            if (k.contains("time")
                    || k.contains("second")
                    || k.contains("client")
                    || k.contains("engines")
                    || k.contains("nodes")) {
                it.remove();
            }
        }
        return copy;
    }

    /** The {@code column}'s values in a CSV that {@code abc --output} wrote (a header, then one row per sample). */
    static double[] column(Path csv, String column) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        int at = List.of(lines.get(0).split(",")).indexOf(column);
        assertTrue(at >= 0, csv + " has no column " + column + ": " + lines.get(0));
        return lines.stream()
                .skip(1)
                .filter(l -> !l.isBlank())
                .mapToDouble(l -> Double.parseDouble(l.split(",")[at]))
                .toArray();
    }
}

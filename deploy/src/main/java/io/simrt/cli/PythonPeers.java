package io.simrt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The Python peers of {@code simrt bench external} (benchmarks/python/external_peers.py), each run as a process. */
final class PythonPeers {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PythonPeers() {}

    /** Runs {@code external_peers.py command args...} with {@code python} and returns the JSON object it prints. */
    static JsonNode run(String python, Path peers, String command, Object... args) throws IOException {
        List<String> argv = new ArrayList<>(List.of(python, peers.toString(), command));
        for (Object a : args) {
            argv.add(String.valueOf(a));
        }
        Process p = new ProcessBuilder(argv)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        p.getOutputStream().close();
        String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try {
            if (!p.waitFor(Duration.ofMinutes(30).toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException(String.join(" ", argv) + ": no answer within 30 minutes");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", argv) + ": exit status " + p.exitValue());
        }
        return MAPPER.readTree(out);
    }
}

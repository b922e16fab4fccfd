package io.simrt.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.simrt.api.SimrtException;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Independent simrt JVMs running the same benchmark side by side, for {@code bench ma2 --compare-processes}: what the
 * machine gives to N processes that share nothing, the bar for N engines in one JVM. Each child is this JVM's java
 * with this JVM's flags and class path (the jar), started together; each prints its JSON on stdout, its stderr goes to a file named
 * in any failure.
 */
final class ProcessPeers {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProcessPeers() {}

    /**
     * Runs {@code n} copies of {@code simrt args} at once and returns each one's JSON output.
     *
     * @throws SimrtException if a copy fails, times out, or this JVM was not started from the simrt jar
     */
    static List<JsonNode> run(int n, List<String> args, long timeoutSeconds) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Simrt.class.getName()));
        cmd.addAll(args);
        List<Process> started = new ArrayList<>();
        List<Path> errs = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                Path err = Files.createTempFile("simrt-peer-" + i + "-", ".err");
                errs.add(err);
                started.add(new ProcessBuilder(cmd)
                        .redirectError(err.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                        .start());
            }
            List<JsonNode> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Process p = started.get(i);
                byte[] stdout = p.getInputStream().readAllBytes();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new SimrtException("process " + (i + 1) + " of " + n + " (" + String.join(" ", args)
                            + ") failed; its stderr: " + tail(errs.get(i)));
                }
                out.add(JSON.readTree(new String(stdout, StandardCharsets.UTF_8)));
            }
            return out;
        } catch (IOException e) {
            throw new SimrtException("could not run the comparison processes: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimrtException("interrupted while the comparison processes ran", e);
        } finally {
            started.forEach(Process::destroyForcibly);
            for (Path e : errs) {
                try {
                    Files.deleteIfExists(e);
                } catch (IOException ignored) {
                    // a temporary file: nothing else to do
                }
            }
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
    }
}

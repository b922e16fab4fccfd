package io.simrt.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code java -jar simrt.jar ...} as a real process. Every process started is ended by its id, whatever
 * happens to the test.
 */
final class JarProcess {
    private JarProcess() {}

    /** Result of a finished process. */
    record Result(int status, String out, String err) {}

    static Path jar() {
        Path jar = Path.of(System.getProperty("simrt.jar", "target/simrt.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "the runnable jar " + jar.toAbsolutePath() + " is missing: run mvn package");
        }
        return jar;
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static Result run(long timeoutSeconds, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx1g", "-jar", jar().toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("simrt-out", ".txt");
        Path err = Files.createTempFile("simrt-err", ".txt");
        Process p = new ProcessBuilder(cmd)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw new IllegalStateException("simrt " + String.join(" ", args) + " did not finish within "
                        + timeoutSeconds + " s (pid " + p.pid() + ")");
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            kill(p);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Ends {@code p} and its descendants by pid, forcibly if they do not stop within 10 s. */
    static void kill(Process p) throws InterruptedException {
        ProcessHandle h = p.toHandle();
        h.descendants().forEach(ProcessHandle::destroyForcibly);
        if (h.isAlive()) {
            h.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                h.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}

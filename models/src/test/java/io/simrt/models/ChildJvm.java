package io.simrt.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a main class of the tests' class path in a child JVM with other flags, for what a JVM fixes at its start. */
public final class ChildJvm {
    private ChildJvm() {}

    /**
     * The last line {@code main} prints (the module's warning, on stderr, comes before it) in a JVM with {@code
     * flags}; fails unless it exits with 0 within a minute.
     */
    public static String lastLine(Class<?> main, List<String> flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child JVM did not end: " + String.join(" ", cmd));
            assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
            return out.substring(out.lastIndexOf('\n') + 1);
        } finally {
            p.destroyForcibly();
        }
    }
}

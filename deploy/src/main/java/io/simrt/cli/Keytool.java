package io.simrt.cli;

import io.simrt.api.SimrtException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The JDK's own {@code keytool}, the one next to the Java that runs simrt, run as a process. It makes the keys and
 * signs the certificates: the JDK has no public API for issuing an X.509 certificate, and {@code sun.security.*}
 * is not one. Passwords reach it through its environment ({@code -storepass:env}), never its command line, which
 * every user of the machine can read.
 */
final class Keytool {
    private static final long TIMEOUT_SECONDS = 120;

    private Keytool() {}

    /** {@code keytool} of the running Java. */
    static Path path() {
        String exe = System.getProperty("os.name", "").startsWith("Windows") ? "keytool.exe" : "keytool";
        return Path.of(System.getProperty("java.home"), "bin", exe);
    }

    /**
     * Runs {@code keytool args...} in {@code dir} with {@code env} added to its environment.
     *
     * @throws SimrtException when keytool is missing, fails (with its own message) or does not finish
     */
    static void run(Path dir, Map<String, String> env, String... args) {
        Path keytool = path();
        if (!Files.isExecutable(keytool)) {
            throw new SimrtException("no keytool at " + keytool + ": simrt certs runs the keytool of the Java that "
                    + "runs it; use a JDK or a JRE that ships one (eclipse-temurin:17-jre does)");
        }
        // a short-lived JVM: no optimizing compiler, the simplest collector
        List<String> command =
                new ArrayList<>(List.of(keytool.toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = null;
        try {
            p = pb.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                throw new SimrtException("keytool " + args[0] + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            if (p.exitValue() != 0) {
                throw new SimrtException("keytool " + args[0] + " failed (exit status " + p.exitValue() + "): "
                        + out.replaceAll("\\s*\\R\\s*", " ").trim());
            }
        } catch (IOException e) {
            throw new SimrtException("cannot run " + keytool + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SimrtException("interrupted while keytool " + args[0] + " ran", e);
        } finally {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }
}

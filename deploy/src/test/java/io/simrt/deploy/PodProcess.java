package io.simrt.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One container's process in a pod: {@code pods.sh exec POD java ...}, which replaces itself with the JVM, so the pid
 * held here is the JVM's. Output goes to files; it is ended by pid (SIGTERM as the kubelet stops a container, SIGKILL
 * as a crash).
 */
final class PodProcess {
    private final String name;
    private final Process process;
    private final Path out;
    private final Path err;

    private PodProcess(String name, Process process, Path out, Path err) {
        this.name = name;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code command} with exactly {@code env} (plus PATH) as the process of pod {@code name}. */
    static PodProcess start(String name, List<String> command, Map<String, String> env) throws IOException {
        Path out = Files.createTempFile("simrt-pod-" + name + "-out", ".txt");
        Path err = Files.createTempFile("simrt-pod-" + name + "-err", ".txt");
        ProcessBuilder pb =
                new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        // a container's environment is what its manifest says, not the test JVM's
        String path = pb.environment().get("PATH");
        pb.environment().clear();
        pb.environment().put("PATH", path);
        pb.environment().putAll(env);
        return new PodProcess(name, pb.start(), out, err);
    }

    String name() {
        return name;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    String out() throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }

    String err() throws IOException {
        return Files.readString(err, StandardCharsets.UTF_8);
    }

    /** Waits until stdout or stderr matches {@code regex}; returns the match. */
    Matcher await(String regex, Duration timeout) throws IOException, InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Matcher m = p.matcher(out() + "\n" + err());
            if (m.find()) {
                return m;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited (" + process.exitValue() + ") before printing /" + regex
                        + "/\nstdout:\n" + out() + "\nstderr:\n" + err());
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        name + " did not print /" + regex + "/ within " + timeout + "\nstderr:\n" + err());
            }
            Thread.sleep(50);
        }
    }

    /** Waits for the process to end; returns its exit status. */
    int waitFor(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(
                    name + " (pid " + pid() + ") did not end within " + timeout + "\nstderr:\n" + err());
        }
        return process.exitValue();
    }

    /** SIGTERM only, without waiting: for several pods stopped at once. */
    void stop() {
        process.toHandle().destroy();
    }

    /** SIGTERM, as the kubelet stops a container; SIGKILL after {@code grace} (terminationGracePeriodSeconds). */
    int terminate(Duration grace) throws InterruptedException {
        process.toHandle().destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            kill();
        }
        return process.exitValue();
    }

    /** SIGKILL, as a crash (its descendants too), and waits for it to end. */
    void kill() throws InterruptedException {
        process.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
        process.toHandle().destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    /** Removes the output files (after {@link #kill}). */
    void deleteOutput() {
        try {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        } catch (IOException e) {
            // temporary files: nothing more to do
        }
    }
}

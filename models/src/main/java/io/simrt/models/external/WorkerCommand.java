package io.simrt.models.external;

import io.simrt.models.ParameterException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How to start an external simulator's workers and how long to wait for them: plain data (it travels to engines in a
 * model's spec), so every engine starts the same command.
 *
 * @param command      the argv, program first (looked up on the {@code PATH} as {@link ProcessBuilder} does)
 * @param directory    the working directory; empty: the JVM's own. Relative paths resolve against the JVM's working
 *                     directory, on every engine: give an absolute path when engines run elsewhere
 * @param environment  variables added to the JVM's environment
 * @param startTimeout how long a new worker may take to send its ready frame
 * @param batchTimeout how long one batch may take, from the request's first byte to the reply's last
 * @param attempts     how many times one batch is tried, each on a fresh worker after a failure, before the batch fails
 */
public record WorkerCommand(
        List<String> command,
        Optional<Path> directory,
        Map<String, String> environment,
        Duration startTimeout,
        Duration batchTimeout,
        int attempts) {
    /** Defaults: 60 s to start, 600 s per batch, 3 attempts. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    public static final Duration DEFAULT_BATCH_TIMEOUT = Duration.ofSeconds(600);
    public static final int DEFAULT_ATTEMPTS = 3;

    public WorkerCommand {
        if (command == null || command.isEmpty() || command.stream().anyMatch(a -> a == null || a.isEmpty())) {
            throw ParameterException.of("command", command, "must be a non-empty argv of non-empty strings");
        }
        command = List.copyOf(command);
        directory = directory == null ? Optional.empty() : directory;
        environment = environment == null ? Map.of() : Map.copyOf(environment);
        positive("startTimeout", startTimeout);
        positive("batchTimeout", batchTimeout);
        if (attempts < 1) {
            throw ParameterException.of("attempts", attempts, "must be >= 1");
        }
    }

    /** {@code command} in the JVM's working directory, no extra environment, the default timeouts and attempts. */
    public static WorkerCommand of(List<String> command) {
        return new WorkerCommand(
                command, Optional.empty(), Map.of(), DEFAULT_START_TIMEOUT, DEFAULT_BATCH_TIMEOUT, DEFAULT_ATTEMPTS);
    }

    public WorkerCommand withDirectory(Path dir) {
        return new WorkerCommand(command, Optional.of(dir), environment, startTimeout, batchTimeout, attempts);
    }

    public WorkerCommand withEnvironment(Map<String, String> env) {
        return new WorkerCommand(command, directory, env, startTimeout, batchTimeout, attempts);
    }

    public WorkerCommand withTimeouts(Duration start, Duration batch) {
        return new WorkerCommand(command, directory, environment, start, batch, attempts);
    }

    public WorkerCommand withAttempts(int n) {
        return new WorkerCommand(command, directory, environment, startTimeout, batchTimeout, n);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw ParameterException.of(name, d, "must be a positive duration");
        }
    }
}

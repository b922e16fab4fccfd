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
 * @param poolSize     how many workers share one batch: the batch is cut into this many contiguous slices of rows,
 *                     run at once on as many workers, slice {@code k} with the batch stream's {@code k}-th
 *                     {@code nextLong()} as its seed. Part of the model, like the batch size: the answer depends on
 *                     it, never on the engines
 * @param nanAllowed   whether a NaN in a reply passes (its row's distance is NaN and never accepted); when not, a
 *                     NaN fails the batch with an error naming the row, without a retry (the seed would give the
 *                     same NaN again)
 */
public record WorkerCommand(
        List<String> command,
        Optional<Path> directory,
        Map<String, String> environment,
        Duration startTimeout,
        Duration batchTimeout,
        int attempts,
        int poolSize,
        boolean nanAllowed) {
    /** Defaults: 60 s to start, 600 s per batch, 3 attempts. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    public static final Duration DEFAULT_BATCH_TIMEOUT = Duration.ofSeconds(600);
    public static final int DEFAULT_ATTEMPTS = 3;
    /** Most workers one batch may be cut across. */
    public static final int MAX_POOL_SIZE = 256;

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
        if (poolSize < 1 || poolSize > MAX_POOL_SIZE) {
            throw ParameterException.of("poolSize", poolSize, "must be in [1, " + MAX_POOL_SIZE + "]");
        }
    }

    /** One worker per batch, NaN refused. */
    public WorkerCommand(
            List<String> command,
            Optional<Path> directory,
            Map<String, String> environment,
            Duration startTimeout,
            Duration batchTimeout,
            int attempts) {
        this(command, directory, environment, startTimeout, batchTimeout, attempts, 1, false);
    }

    /**
     * {@code command} in the JVM's working directory, no extra environment, the default timeouts and attempts, one
     * worker per batch, NaN refused.
     */
    public static WorkerCommand of(List<String> command) {
        return new WorkerCommand(
                command, Optional.empty(), Map.of(), DEFAULT_START_TIMEOUT, DEFAULT_BATCH_TIMEOUT, DEFAULT_ATTEMPTS);
    }

    public WorkerCommand withDirectory(Path dir) {
        return new WorkerCommand(
                command, Optional.of(dir), environment, startTimeout, batchTimeout, attempts, poolSize, nanAllowed);
    }

    public WorkerCommand withEnvironment(Map<String, String> env) {
        return new WorkerCommand(command, directory, env, startTimeout, batchTimeout, attempts, poolSize, nanAllowed);
    }

    public WorkerCommand withTimeouts(Duration start, Duration batch) {
        return new WorkerCommand(command, directory, environment, start, batch, attempts, poolSize, nanAllowed);
    }

    public WorkerCommand withAttempts(int n) {
        return new WorkerCommand(command, directory, environment, startTimeout, batchTimeout, n, poolSize, nanAllowed);
    }

    public WorkerCommand withPoolSize(int n) {
        return new WorkerCommand(command, directory, environment, startTimeout, batchTimeout, attempts, n, nanAllowed);
    }

    public WorkerCommand withNanAllowed(boolean allowed) {
        return new WorkerCommand(
                command, directory, environment, startTimeout, batchTimeout, attempts, poolSize, allowed);
    }

    private static void positive(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw ParameterException.of(name, d, "must be a positive duration");
        }
    }
}

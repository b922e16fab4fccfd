package io.simrt.config.modelfile;

import io.simrt.models.external.WorkerCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A model file's external simulator ({@code simulator = { command = [...] }}), as plain data that travels to engines.
 * The directory is absolute, resolved on the caller's side against the model file's directory: every engine starts
 * the command in that same path, so engines need the same files and interpreter there.
 *
 * @param command             the argv; empty when the model's simulator is a class ({@link #none()})
 * @param directory           the absolute working directory; empty with the command
 * @param environment         variables added to the engine's environment
 * @param startTimeoutSeconds how long a worker may take to start
 * @param batchTimeoutSeconds how long one batch may take
 * @param attempts            tries per batch before the run fails
 * @param poolSize            workers one batch is cut across ({@link WorkerCommand#poolSize()})
 * @param nanAllowed          whether a NaN in a reply passes ({@link WorkerCommand#nanAllowed()})
 */
public record ExternalSpec(
        List<String> command,
        String directory,
        Map<String, String> environment,
        double startTimeoutSeconds,
        double batchTimeoutSeconds,
        int attempts,
        int poolSize,
        boolean nanAllowed) {

    public ExternalSpec {
        command = List.copyOf(command);
        Objects.requireNonNull(directory, "directory");
        environment = Map.copyOf(environment);
    }

    /** No external simulator: the model file names a simulator class. */
    public static ExternalSpec none() {
        return new ExternalSpec(List.of(), "", Map.of(), 0, 0, 0, 0, false);
    }

    /** Whether the model's simulator is this external command. */
    public boolean given() {
        return !command.isEmpty();
    }

    /** The worker command this spec describes. */
    public WorkerCommand toCommand() {
        return new WorkerCommand(
                command,
                Optional.of(Path.of(directory)),
                environment,
                Duration.ofMillis(Math.round(startTimeoutSeconds * 1000)),
                Duration.ofMillis(Math.round(batchTimeoutSeconds * 1000)),
                attempts,
                poolSize,
                nanAllowed);
    }
}

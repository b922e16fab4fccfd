package io.simrt.config.modelfile;

import com.typesafe.config.ConfigValueType;
import io.simrt.models.external.WorkerCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a model file's external simulator: {@code simulator = { command = ["python3", "worker.py"], directory = ".",
 * environment { K = "v" }, output-length = 2, start-timeout-seconds = 60, batch-timeout-seconds = 600, attempts = 3,
 * pool-size = 1, nan = error }} (docs/external-simulators.md). Only {@code command} is required; the directory defaults to the model file's and
 * resolves against it.
 */
final class ExternalSimulators {
    static final List<String> KEYS = List.of(
            "command",
            "directory",
            "environment",
            "output-length",
            "start-timeout-seconds",
            "batch-timeout-seconds",
            "attempts",
            "pool-size",
            "nan");

    private ExternalSimulators() {}

    static ExternalSpec parse(Node sim, Path file) {
        sim.allowOnly(KEYS);
        Node commandNode = sim.required("command");
        List<String> command = new ArrayList<>();
        for (Node arg : commandNode.list()) {
            command.add(arg.string());
        }
        if (command.isEmpty()) {
            throw commandNode.error("needs the program and its arguments, e.g. [\"python3\", \"worker.py\"]");
        }
        Path base = file.toAbsolutePath().getParent();
        Path dir = sim.optional("directory")
                .map(d -> base.resolve(d.string()))
                .orElse(base)
                .normalize();
        if (!Files.isDirectory(dir)) {
            throw sim.optional("directory").orElse(sim).error("working directory " + dir + " does not exist");
        }
        Map<String, String> env = new LinkedHashMap<>();
        sim.optional("environment").ifPresent(e -> {
            for (String k : e.object().keySet()) {
                env.put(k, e.required(k).string());
            }
        });
        double start = seconds(sim, "start-timeout-seconds", WorkerCommand.DEFAULT_START_TIMEOUT.toSeconds());
        double batch = seconds(sim, "batch-timeout-seconds", WorkerCommand.DEFAULT_BATCH_TIMEOUT.toSeconds());
        int attempts = sim.optional("attempts").map(Node::integer).orElse(WorkerCommand.DEFAULT_ATTEMPTS);
        if (attempts < 1) {
            throw sim.required("attempts").error("must be >= 1, not " + attempts);
        }
        int poolSize = sim.optional("pool-size").map(Node::integer).orElse(1);
        if (poolSize < 1 || poolSize > WorkerCommand.MAX_POOL_SIZE) {
            throw sim.required("pool-size")
                    .error("must be in [1, " + WorkerCommand.MAX_POOL_SIZE + "], not " + poolSize);
        }
        boolean nanAllowed = sim.optional("nan")
                .map(n -> switch (n.string().toLowerCase(Locale.ROOT)) {
                    case "allow" -> true;
                    case "error" -> false;
                    default ->
                        throw n.error("must be error (a NaN in a reply fails the run) or allow (NaN rows are"
                                + " never accepted), not '" + n.string() + "'");
                })
                .orElse(false);
        return new ExternalSpec(command, dir.toString(), env, start, batch, attempts, poolSize, nanAllowed);
    }

    /** An external simulator's {@code output-length}, if given, must be the observed data's length. */
    static void checkOutputLength(Node sim, int observedLength) {
        if (sim.type() != ConfigValueType.OBJECT) {
            return;
        }
        sim.optional("output-length").ifPresent(n -> {
            int len = n.integer();
            if (len != observedLength) {
                throw n.error("the worker writes " + len + " values per row but the observed data has " + observedLength
                        + "; they must match");
            }
        });
    }

    private static double seconds(Node sim, String key, double dflt) {
        double s = sim.optional(key).map(Node::number).orElse(dflt);
        if (!(s > 0) || Double.isInfinite(s)) {
            throw sim.required(key).error("must be a positive number of seconds, not " + s);
        }
        return s;
    }
}

package io.simrt.cli;

import io.simrt.config.HostPort;
import io.simrt.config.SettingsException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where a node started by the command line lives and whom it joins. Defaults come from the environment. */
final class NodeOptions {
    @Option(
            names = "--host",
            paramLabel = "HOST",
            description = "Address this node advertises. Default: SIMRT_HOST, else 127.0.0.1.")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Remoting port. Default: SIMRT_PORT, else 17355 (0 picks a free one).")
    Integer port;

    @Option(
            names = "--seed-nodes",
            split = ",",
            paramLabel = "HOST:PORT",
            description = "Members to join. Default: SIMRT_SEED_NODES, else simrt.cluster.seed-nodes; none: start a "
                    + "new cluster.")
    List<String> seedNodes;

    String host() {
        return host(host);
    }

    /** {@code given}, else SIMRT_HOST, else 127.0.0.1. */
    static String host(String given) {
        if (given != null) {
            return given;
        }
        String env = System.getenv("SIMRT_HOST");
        return env != null && !env.isBlank() ? env : "127.0.0.1";
    }

    int port() {
        int p = port != null ? port : envInt("SIMRT_PORT", 17355);
        if (p < 0 || p > 65535) {
            throw new UsageException("--port must lie in 0..65535, got " + p);
        }
        return p;
    }

    List<HostPort> seeds(List<String> configured) {
        return seeds(seedNodes, configured);
    }

    /** {@code given}, else SIMRT_SEED_NODES, else {@code configured}; each checked. */
    static List<HostPort> seeds(List<String> given, List<String> configured) {
        List<String> raw = given;
        if (raw == null) {
            String env = System.getenv("SIMRT_SEED_NODES");
            raw = env != null && !env.isBlank() ? List.of(env.split(",")) : configured;
        }
        List<HostPort> out = new ArrayList<>();
        for (String s : raw) {
            if (s.isBlank()) {
                continue;
            }
            try {
                out.add(HostPort.parse("--seed-nodes", s));
            } catch (SettingsException e) {
                throw new UsageException(e.getMessage());
            }
        }
        return out;
    }

    static int envInt(String name, int fallback) {
        String v = System.getenv(name);
        if (v == null || v.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException(name + " = \"" + v + "\" is not a number");
        }
    }
}

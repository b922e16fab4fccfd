package io.simrt.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simrt.api.Client;
import io.simrt.api.ClientKind;
import io.simrt.api.NativeClient;
import io.simrt.config.HostPort;
import io.simrt.config.SettingsException;
import io.simrt.config.SimrtConfig;
import io.simrt.config.SimrtSettings;
import io.simrt.runtime.client.RuntimeClient;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Where a command's work runs: {@code --client} and its settings (defaults from {@code simrt.*} configuration). */
final class ClientOptions {
    @Option(
            names = "--client",
            paramLabel = "KIND",
            description = "native (this thread), local (engines in this JVM) or cluster (join existing engine nodes). "
                    + "Default: simrt.client, local.")
    String client;

    @Option(
            names = "--engines",
            paramLabel = "N",
            description = "Local client: engines to start; 0 means one per available processor (as SIMRT_ENGINES=0 "
                    + "does for engine nodes). Default: simrt.local.engines, 0.")
    Integer engines;

    @Option(
            names = "--nodes",
            paramLabel = "K",
            description = "Local client: spread the engines over K in-JVM cluster nodes on loopback (messages "
                    + "are serialized and cross sockets). Default: 1.")
    Integer nodes;

    @Option(
            names = "--seed-nodes",
            split = ",",
            paramLabel = "HOST:PORT",
            description = "Cluster client: members to join. Default: simrt.cluster.seed-nodes.")
    List<String> seedNodes;

    @Option(
            names = "--min-engines",
            paramLabel = "N",
            description = "Cluster client: engines to wait for before starting. Default: simrt.cluster.min-engines.")
    Integer minEngines;

    @Option(
            names = "--host",
            paramLabel = "HOST",
            description = "Cluster client: the address this JVM advertises. Default: 127.0.0.1 (SIMRT_HOST).")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Cluster client: the remoting port this JVM listens on. Default: a free one. A fixed port "
                    + "lets the engines list this coordinator among their seed nodes, so that engines restarted "
                    + "after all were lost rejoin it.")
    Integer port;

    @Option(
            names = "--join-timeout",
            paramLabel = "DURATION",
            description = "Cluster client: how long joining the seed nodes and finding --min-engines engines may "
                    + "take (3s, 2m, ...); a line on stderr says what it waits for meanwhile. Default: "
                    + "simrt.cluster.join-timeout, 30s.")
    String joinTimeout;

    /** The command this is a mixin of, for its stderr; null when built outside picocli. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private List<String> allowPackages = List.of();

    /**
     * Package prefixes the coordinator may ship to engines beyond its configured ones (user model classes): passed
     * to the client as {@code simrt.coordinator.allow-packages} when it is built. Empty (the default) changes
     * nothing.
     */
    ClientOptions allowPackages(List<String> prefixes) {
        this.allowPackages = List.copyOf(prefixes);
        return this;
    }

    /** Configuration every client of this run is built from (-D, environment, application's file, defaults). */
    Config config() {
        return allowOverride().withFallback(SimrtConfig.load());
    }

    private Config allowOverride() {
        return allowPackages.isEmpty()
                ? ConfigFactory.empty()
                : ConfigFactory.parseMap(Map.of("simrt.coordinator.allow-packages", allowPackages), "--allow-package");
    }

    SimrtSettings settings() {
        try {
            return SimrtSettings.from(config());
        } catch (SettingsException e) {
            throw new UsageException(e.getMessage());
        }
    }

    ClientKind kind() {
        return ClientKind.parse(client != null ? client : settings().client());
    }

    Client open() {
        return open(ConfigFactory.empty());
    }

    /** Opens the client, its nodes with {@code overrides} on top of their configuration. */
    Client open(Config overrides) {
        overrides = allowOverride().withFallback(overrides);
        ClientKind kind = kind();
        SimrtSettings settings = settings();
        if (engines != null && engines < 0) {
            throw new UsageException("--engines must be >= 0 (0: one per available processor), got " + engines);
        }
        if (nodes != null && nodes <= 0) {
            throw new UsageException("--nodes must be > 0, got " + nodes);
        }
        if (minEngines != null && minEngines <= 0) {
            throw new UsageException("--min-engines must be > 0, got " + minEngines);
        }
        if (kind != ClientKind.LOCAL && (engines != null || nodes != null)) {
            throw new UsageException("--engines and --nodes apply to --client local, not --client " + kind.id());
        }
        if (kind != ClientKind.CLUSTER
                && (seedNodes != null || minEngines != null || host != null || port != null || joinTimeout != null)) {
            throw new UsageException("--seed-nodes, --min-engines, --host, --port and --join-timeout apply to --client "
                    + "cluster, not --client " + kind.id());
        }
        Duration join = joinTimeout != null
                ? Durations.positive("--join-timeout", joinTimeout)
                : settings.cluster().joinTimeout();
        if (port != null && (port < 0 || port > 65535)) {
            throw new UsageException("--port must be between 0 and 65535, got " + port);
        }
        return switch (kind) {
            case NATIVE -> NativeClient.create();
            case LOCAL ->
                RuntimeClient.local(
                        engines != null ? engines : settings.local().engines(),
                        nodes != null ? nodes : settings.local().nodes(),
                        overrides);
            case CLUSTER -> {
                List<HostPort> seeds = new ArrayList<>();
                for (String s :
                        seedNodes != null ? seedNodes : settings.cluster().seedNodes()) {
                    try {
                        seeds.add(HostPort.parse("--seed-nodes", s));
                    } catch (SettingsException e) {
                        throw new UsageException(e.getMessage());
                    }
                }
                if (seeds.isEmpty()) {
                    throw new UsageException(
                            "--client cluster needs --seed-nodes host:port,... (or simrt.cluster.seed-nodes)");
                }
                String h = host != null
                        ? host
                        : System.getenv("SIMRT_HOST") != null ? System.getenv("SIMRT_HOST") : "127.0.0.1";
                yield RuntimeClient.cluster(
                        seeds,
                        h,
                        port != null ? port : 0,
                        minEngines != null ? minEngines : settings.cluster().minEngines(),
                        join,
                        overrides,
                        line -> {
                            PrintWriter err =
                                    mixee != null ? mixee.commandLine().getErr() : new PrintWriter(System.err, true);
                            err.println(mixee != null ? mixee.qualifiedName() + ": " + line : line);
                            err.flush();
                        });
            }
        };
    }
}

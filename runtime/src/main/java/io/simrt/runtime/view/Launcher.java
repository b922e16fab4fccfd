package io.simrt.runtime.view;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simrt.api.SimrtException;
import io.simrt.config.HostPort;
import io.simrt.config.SimrtConfig;
import io.simrt.config.SimrtSettings;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.node.NodeSpec;
import io.simrt.runtime.node.SimrtNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;

/**
 * deepdish's gatekeeper, for a cluster: one program started on every member; the member of rank 0 runs the
 * driver against the others' engines, every other member serves as an engine node until it is stopped.
 *
 * <pre>
 * public static void main(String[] args) {
 *     Launcher.run(engines -> {
 *         engines.parallel().imap(new Twice(), inputs).forEachRemaining(System.out::println);
 *     });
 * }
 * </pre>
 *
 * The rank comes from {@code simrt.launcher.rank} / {@code SIMRT_RANK}, else from the ordinal that ends the pod's
 * name in a StatefulSet ({@code simrt-2} has rank 2), else 0. Seeds, host and port come from
 * {@code simrt.cluster.seed-nodes} / {@code SIMRT_SEED_NODES}, {@code SIMRT_HOST} and {@code SIMRT_PORT}.
 */
public final class Launcher {
    private static final Pattern ORDINAL = Pattern.compile("-(\\d+)$");

    /** Where this member stands and whom it joins. */
    public record Setup(int rank, String host, int port, List<HostPort> seeds, int minEngines, int engines) {
        public Setup {
            seeds = List.copyOf(seeds);
        }
    }

    private Launcher() {}

    /** The rank from the configuration and environment, as described on the class. */
    public static int rank(Config config, Map<String, String> env) {
        int configured = config.getInt("simrt.launcher.rank");
        if (configured >= 0) {
            return configured;
        }
        for (String name : List.of("POD_NAME", "HOSTNAME")) {
            String v = env.get(name);
            if (v != null) {
                Matcher m = ORDINAL.matcher(v.trim());
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
        }
        return 0;
    }

    /** The setup of this process: configuration, -D properties and environment. */
    public static Setup setup() {
        Config config = SimrtConfig.load();
        SimrtSettings settings = SimrtSettings.from(config);
        Map<String, String> env = System.getenv();
        List<HostPort> seeds = new ArrayList<>();
        String envSeeds = env.get("SIMRT_SEED_NODES");
        List<String> raw = envSeeds != null && !envSeeds.isBlank()
                ? List.of(envSeeds.split(","))
                : settings.cluster().seedNodes();
        for (String s : raw) {
            if (!s.isBlank()) {
                seeds.add(HostPort.parse("seed node", s));
            }
        }
        String host = env.getOrDefault("SIMRT_HOST", "127.0.0.1");
        int port = env.containsKey("SIMRT_PORT")
                ? Integer.parseInt(env.get("SIMRT_PORT").trim())
                : 17355;
        return new Setup(
                rank(config, env),
                host,
                port,
                seeds,
                settings.cluster().minEngines(),
                SimrtSettings.orProcessors(settings.engine().perNode()));
    }

    /** Runs this process's part with {@link #setup()}; returns when the driver is done or the engine node stops. */
    public static void run(Consumer<Engines> driver) {
        run(setup(), driver, ConfigFactory.empty());
    }

    /**
     * Rank 0 joins as the coordinator, waits for {@code minEngines} engines and runs {@code driver}; any other rank
     * starts an engine node (a new cluster when it is its own first seed) and serves until stopped.
     */
    public static void run(Setup setup, Consumer<Engines> driver, Config overrides) {
        if (setup.rank() != 0) {
            try (SimrtNode node = serve(setup, overrides)) {
                node.system().getWhenTerminated().toCompletableFuture().join();
            }
            return;
        }
        if (setup.seeds().isEmpty()) {
            throw new SimrtException("the launcher's driver (rank 0) needs seed nodes: simrt.cluster.seed-nodes or "
                    + "SIMRT_SEED_NODES");
        }
        SimrtSettings settings = SimrtSettings.from(overrides.withFallback(SimrtConfig.load()));
        try (RuntimeClient client = RuntimeClient.cluster(
                        setup.seeds(),
                        setup.host(),
                        0,
                        setup.minEngines(),
                        settings.cluster().joinTimeout(),
                        overrides);
                Engines engines = Engines.of(client)) {
            driver.accept(engines);
        }
    }

    /** Starts the engine node of a rank other than 0 (tests stop it through the returned node). */
    public static SimrtNode serve(Setup setup, Config overrides) {
        SimrtNode node = SimrtNode.start(
                new NodeSpec(setup.engines(), true, setup.host(), setup.port(), setup.seeds(), List.of("engine")),
                overrides);
        if (setup.seeds().isEmpty()) {
            // no seeds: this member starts the cluster (with seeds, the first seed does so by itself)
            Cluster.get(node.system()).manager().tell(Join.create(node.address()));
        }
        return node;
    }
}

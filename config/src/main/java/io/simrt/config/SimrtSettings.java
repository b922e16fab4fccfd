package io.simrt.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Everything simrt reads from the {@code simrt} subtree, read once and validated before any actor system starts.
 * Actors and algorithms receive these records; they never read configuration themselves.
 */
public record SimrtSettings(
        List<String> profiles,
        String client,
        Local local,
        Engine engine,
        Coordinator coordinator,
        Cluster cluster,
        Health health,
        ParallelModel parallelModel,
        Bulk bulk) {

    private static final Set<String> CLIENTS = Set.of("native", "local", "cluster");
    private static final String TLS = "tls";
    private static final String PLAINTEXT = "plaintext";
    private static final List<String> PROFILE_ORDER = List.of("local", "cluster", "kubernetes", TLS, PLAINTEXT);
    private static final Set<String> PROFILES = Set.copyOf(PROFILE_ORDER);

    /** {@code simrt.local}: the in-JVM client. */
    public record Local(int engines, int nodes) {}

    /** {@code simrt.engine}. */
    public record Engine(int perNode, List<String> allowedPackages, Code code) {
        public Engine {
            allowedPackages = List.copyOf(allowedPackages);
        }

        /** Without code shipping settings of its own: the defaults. */
        public Engine(int perNode, List<String> allowedPackages) {
            this(perNode, allowedPackages, Code.DEFAULT);
        }
    }

    /**
     * {@code simrt.engine.code}: jars an engine takes from its owning coordinator for model classes it lacks.
     *
     * @param accept       whether this engine loads code its owner ships at all
     * @param packages     when not empty, the only package prefixes a coordinator may extend the allowed packages
     *                     with (its {@code allow-packages} are narrowed to these); empty: whatever the owner allows
     * @param maxJarBytes  the largest jar taken
     * @param fetchTimeout how long an engine waits for its owner's jars before the shards that need them fail
     */
    public record Code(boolean accept, List<String> packages, long maxJarBytes, Duration fetchTimeout) {
        /** Accept what the owner ships, jars up to 64 MiB, 60 s to get them. */
        public static final Code DEFAULT = new Code(true, List.of(), 64L << 20, Duration.ofSeconds(60));

        public Code {
            packages = List.copyOf(packages);
        }
    }

    /** {@code simrt.coordinator}. */
    public record Coordinator(
            int engineWindow,
            int maxEngineWindow,
            Duration claimTimeout,
            Duration requestTimeout,
            int maxShardRetries,
            List<String> allowPackages) {
        public Coordinator {
            allowPackages = List.copyOf(allowPackages);
        }
    }

    /** {@code simrt.cluster}. */
    public record Cluster(List<String> seedNodes, Duration joinTimeout, int minEngines) {
        public Cluster {
            seedNodes = List.copyOf(seedNodes);
        }
    }

    /**
     * {@code simrt.health}: the HTTP endpoints {@code /alive} and {@code /ready} of a node.
     *
     * @param readTimeout    how long a client may take to send its request, and again to take the answer
     * @param maxConnections connections held open at once; more shed the oldest unfinished request
     */
    public record Health(boolean enabled, int port, String bindHostname, Duration readTimeout, int maxConnections) {}

    /** {@code simrt.parallel-model}. */
    public record ParallelModel(int serialThresholdFactor) {}

    /**
     * {@code simrt.bulk}: large arrays between nodes over connections of their own (see BulkLane).
     *
     * @param maxConnections     connections a node's lane serves at once
     * @param idleTimeout        how long a served connection with no request in flight stays open
     * @param ioTimeout          how long a transfer may go without progress before it fails
     * @param connectionsPerPeer fetches from one node that run at once; more wait their turn
     */
    public record Bulk(
            boolean enabled,
            int threshold,
            int port,
            Duration ttl,
            int maxConnections,
            Duration idleTimeout,
            Duration ioTimeout,
            int connectionsPerPeer) {}

    /** From system properties, the environment, the application's file and the defaults ({@link SimrtConfig}). */
    public static SimrtSettings load() {
        return from(SimrtConfig.load());
    }

    /**
     * Reads and validates {@code config.getConfig("simrt")}.
     *
     * @throws SettingsException naming the key's full path when a value is missing, of the wrong type or out of range
     */
    public static SimrtSettings from(Config config) {
        return from(config, System::getenv);
    }

    /**
     * As {@link #from(Config)}, with {@code environment} as the environment: a refused value that came from one of
     * the variables of {@link SimrtConfig#ENVIRONMENT} ({@code SIMRT_ENGINES=abc}) is refused naming that variable,
     * which is what the user set.
     */
    static SimrtSettings from(Config config, Function<String, String> environment) {
        try {
            return read(config);
        } catch (SettingsException e) {
            for (Map.Entry<String, String> v : SimrtConfig.ENVIRONMENT.entrySet()) {
                String value = environment.apply(v.getValue());
                if (value != null && e.getMessage().contains(v.getKey()) && cameFrom(config, v.getKey(), value)) {
                    throw new SettingsException(v.getValue() + " = \"" + value + "\" is refused: " + e.getMessage(), e);
                }
            }
            throw e;
        }
    }

    private static boolean cameFrom(Config config, String path, String value) {
        try {
            return config.hasPath(path)
                    && String.valueOf(config.getValue(path).unwrapped()).equals(value);
        } catch (ConfigException e) {
            return false;
        }
    }

    private static SimrtSettings read(Config config) {
        try {
            config.checkValid(ConfigFactory.defaultReference(), "simrt");
            List<String> profiles = profiles(config.getString("simrt.profile"));
            String client = config.getString("simrt.client").toLowerCase(Locale.ROOT);
            if (!CLIENTS.contains(client)) {
                throw new SettingsException("simrt.client = \"" + client + "\": must be one of native, local, cluster");
            }
            Local local = new Local(nonNegative(config, "simrt.local.engines"), positive(config, "simrt.local.nodes"));
            List<String> allowed = config.getStringList("simrt.engine.allowed-packages");
            for (String p : allowed) {
                if (p.isBlank()) {
                    throw new SettingsException(
                            "simrt.engine.allowed-packages contains a blank prefix, which would allow "
                                    + "every class; list package prefixes such as \"io.simrt.\"");
                }
            }
            Engine engine = new Engine(nonNegative(config, "simrt.engine.per-node"), allowed, code(config));
            int window = positive(config, "simrt.coordinator.engine-window");
            int maxWindow = positive(config, "simrt.coordinator.max-engine-window");
            if (maxWindow < window) {
                throw new SettingsException("simrt.coordinator.max-engine-window = " + maxWindow + " is below "
                        + "simrt.coordinator.engine-window = " + window + "; set them equal to keep the window fixed");
            }
            Coordinator coordinator = new Coordinator(
                    window,
                    maxWindow,
                    positiveDuration(config, "simrt.coordinator.claim-timeout"),
                    positiveDuration(config, "simrt.coordinator.request-timeout"),
                    nonNegative(config, "simrt.coordinator.max-shard-retries"),
                    prefixes(config, "simrt.coordinator.allow-packages"));
            List<String> seeds = config.getStringList("simrt.cluster.seed-nodes");
            for (String s : seeds) {
                HostPort.parse("simrt.cluster.seed-nodes", s);
            }
            Cluster cluster = new Cluster(
                    seeds,
                    positiveDuration(config, "simrt.cluster.join-timeout"),
                    positive(config, "simrt.cluster.min-engines"));
            int healthPort = nonNegative(config, "simrt.health.port");
            if (healthPort > 65535) {
                throw new SettingsException("simrt.health.port = " + healthPort + ": must be <= 65535");
            }
            Health health = new Health(
                    config.getBoolean("simrt.health.enabled"),
                    healthPort,
                    config.getString("simrt.health.bind-hostname"),
                    positiveDuration(config, "simrt.health.read-timeout"),
                    positive(config, "simrt.health.max-connections"));
            ParallelModel pm = new ParallelModel(nonNegative(config, "simrt.parallel-model.serial-threshold-factor"));
            long threshold = config.getBytes("simrt.bulk.threshold");
            if (threshold < 1 || threshold > Integer.MAX_VALUE) {
                throw new SettingsException(
                        "simrt.bulk.threshold = " + threshold + " bytes: must be between 1 byte and" + " 2 GiB");
            }
            int bulkPort = nonNegative(config, "simrt.bulk.port");
            if (bulkPort > 65535) {
                throw new SettingsException("simrt.bulk.port = " + bulkPort + ": must be <= 65535");
            }
            Bulk bulk = new Bulk(
                    config.getBoolean("simrt.bulk.enabled"),
                    (int) threshold,
                    bulkPort,
                    positiveDuration(config, "simrt.bulk.ttl"),
                    positive(config, "simrt.bulk.max-connections"),
                    positiveDuration(config, "simrt.bulk.idle-timeout"),
                    positiveDuration(config, "simrt.bulk.io-timeout"),
                    positive(config, "simrt.bulk.connections-per-peer"));
            return new SimrtSettings(profiles, client, local, engine, coordinator, cluster, health, pm, bulk);
        } catch (ConfigException e) {
            throw new SettingsException("invalid simrt configuration: " + e.getMessage(), e);
        }
    }

    private static Code code(Config config) {
        long maxJar = config.getBytes("simrt.engine.code.max-jar-bytes");
        if (maxJar < 1) {
            throw new SettingsException("simrt.engine.code.max-jar-bytes = " + maxJar + ": must be at least 1 byte");
        }
        return new Code(
                config.getBoolean("simrt.engine.code.accept"),
                prefixes(config, "simrt.engine.code.packages"),
                maxJar,
                positiveDuration(config, "simrt.engine.code.fetch-timeout"));
    }

    /** A list of package prefixes: none blank (a blank prefix would allow every class). */
    private static List<String> prefixes(Config config, String path) {
        List<String> out = config.getStringList(path);
        for (String p : out) {
            if (p.isBlank()) {
                throw new SettingsException(path + " contains a blank prefix, which would allow every class; list "
                        + "package prefixes such as \"com.example.\"");
            }
        }
        return out;
    }

    /**
     * The profiles to apply for {@code simrt.profile} ("kubernetes,tls"), in the order named, with {@code tls} added
     * after a multi-host profile ({@code cluster}, {@code kubernetes}) unless {@code tls} or {@code plaintext} is
     * named: Artery between hosts runs over mutually authenticated TLS unless a node is explicitly told otherwise.
     * Plain TCP lets any host that reaches the port take the node down (Pekko 1.7.0, apache/pekko #3492).
     *
     * @throws SettingsException for a name that is not a profile simrt ships, or for tls and plaintext together
     */
    public static List<String> profiles(String value) {
        List<String> out = new ArrayList<>();
        for (String raw : value.split(",")) {
            String p = raw.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty() || out.contains(p)) {
                continue;
            }
            if (!PROFILES.contains(p)) {
                throw new SettingsException("simrt.profile = \"" + value + "\": unknown profile '" + p + "'; known: "
                        + String.join(", ", PROFILE_ORDER));
            }
            out.add(p);
        }
        if (out.contains(TLS) && out.contains(PLAINTEXT)) {
            throw new SettingsException("simrt.profile = \"" + value + "\": tls and plaintext exclude each other; "
                    + "drop plaintext (TLS is the default of cluster and kubernetes), or drop tls to run Artery on "
                    + "plain TCP");
        }
        if ((out.contains("cluster") || out.contains("kubernetes")) && !out.contains(PLAINTEXT) && !out.contains(TLS)) {
            out.add(TLS);
        }
        return List.copyOf(out);
    }

    private static int positive(Config c, String path) {
        int v = c.getInt(path);
        if (v <= 0) {
            throw new SettingsException(path + " = " + v + ": must be > 0");
        }
        return v;
    }

    private static int nonNegative(Config c, String path) {
        int v = c.getInt(path);
        if (v < 0) {
            throw new SettingsException(path + " = " + v + ": must be >= 0");
        }
        return v;
    }

    private static Duration positiveDuration(Config c, String path) {
        Duration d = c.getDuration(path);
        if (d.isNegative() || d.isZero()) {
            throw new SettingsException(path + " = " + d + ": must be > 0");
        }
        return d;
    }

    /** {@code n}, or the number of available processors when {@code n == 0}. */
    public static int orProcessors(int n) {
        return n > 0 ? n : Runtime.getRuntime().availableProcessors();
    }
}

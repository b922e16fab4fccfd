package io.simrt.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Where simrt's configuration comes from. One order for every command and node, first match winning:
 *
 * <ol>
 *   <li>JVM system properties ({@code -Dsimrt.client=cluster});
 *   <li>the environment variables of {@link #ENVIRONMENT} ({@code SIMRT_ENGINES=4});
 *   <li>the application's file: {@code -Dconfig.file=...} (or {@code -Dconfig.resource}, {@code -Dconfig.url}),
 *       else an {@code application.conf} on the class path (Typesafe Config's {@code defaultApplication});
 *   <li>the profiles named in {@code simrt.profile} ({@code simrt-<profile>.conf}, later ones first);
 *   <li>the node defaults: {@code simrt-node.conf} for cluster members, the in-JVM settings otherwise;
 *   <li>the {@code reference.conf} files (simrt's defaults, Pekko's).
 * </ol>
 *
 * <p>What a command line option or a node's own spec fixes (a port, seed nodes) goes on top of all of these.
 */
public final class SimrtConfig {
    /**
     * The environment variables simrt reads, by the key each sets. The files read them too ({@code ${?VAR}}), but
     * there a variable only outranks the file that names it; here each outranks every file.
     */
    public static final Map<String, String> ENVIRONMENT = environmentKeys();

    private SimrtConfig() {}

    private static Map<String, String> environmentKeys() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("simrt.profile", "SIMRT_PROFILE");
        m.put("simrt.client", "SIMRT_CLIENT");
        m.put("simrt.engine.per-node", "SIMRT_ENGINES");
        m.put("simrt.engine.code.accept", "SIMRT_ENGINE_CODE_ACCEPT");
        m.put("simrt.launcher.rank", "SIMRT_RANK");
        m.put("simrt.health.port", "SIMRT_HEALTH_PORT");
        m.put("simrt.metrics.enabled", "SIMRT_METRICS");
        m.put("simrt.dashboard.enabled", "SIMRT_DASHBOARD");
        m.put("simrt.dashboard.port", "SIMRT_DASHBOARD_PORT");
        m.put("simrt.bulk.enabled", "SIMRT_BULK_ENABLED");
        m.put("simrt.bulk.port", "SIMRT_BULK_PORT");
        m.put("simrt.tls.dir", "SIMRT_TLS_DIR");
        m.put("simrt.kubernetes.service", "SIMRT_SERVICE");
        m.put("simrt.kubernetes.cluster-domain", "SIMRT_CLUSTER_DOMAIN");
        m.put("pekko.remote.artery.canonical.hostname", "SIMRT_HOST");
        m.put("pekko.remote.artery.canonical.port", "SIMRT_PORT");
        m.put("pekko.remote.artery.ssl.config-ssl-engine.key-store", "SIMRT_TLS_KEYSTORE");
        m.put("pekko.remote.artery.ssl.config-ssl-engine.key-store-password", "SIMRT_TLS_KEYSTORE_PASSWORD");
        m.put("pekko.remote.artery.ssl.config-ssl-engine.trust-store", "SIMRT_TLS_TRUSTSTORE");
        m.put("pekko.remote.artery.ssl.config-ssl-engine.trust-store-password", "SIMRT_TLS_TRUSTSTORE_PASSWORD");
        return Map.copyOf(m);
    }

    /** Layers 1, 2, 3 and 6, resolved: what a command reads its settings from before any node runs. */
    public static Config load() {
        return layered(ConfigFactory.empty(), ConfigFactory.empty()).resolve();
    }

    /**
     * All six layers, unresolved (the caller may put more on top, then resolves).
     *
     * @param profiles the profiles' files merged, later ones winning
     * @param node     the node defaults
     */
    public static Config layered(Config profiles, Config node) {
        return layered(
                ConfigFactory.systemProperties(),
                System.getenv(),
                ConfigFactory.defaultApplication(),
                profiles,
                node,
                ConfigFactory.defaultReference());
    }

    /** The six layers given, highest first, unresolved. */
    static Config layered(
            Config systemProperties,
            Map<String, String> environment,
            Config application,
            Config profiles,
            Config node,
            Config reference) {
        return systemProperties
                .withFallback(environment(environment))
                .withFallback(application)
                .withFallback(profiles)
                .withFallback(node)
                .withFallback(reference);
    }

    /** The variables of {@link #ENVIRONMENT} that are set (and not blank), at their keys, naming them as origin. */
    static Config environment(Map<String, String> environment) {
        Config c = ConfigFactory.empty();
        for (Map.Entry<String, String> e : ENVIRONMENT.entrySet()) {
            String value = environment.get(e.getValue());
            if (value != null && !value.isBlank()) {
                c = c.withValue(
                        e.getKey(), ConfigValueFactory.fromAnyRef(value, "environment variable " + e.getValue()));
            }
        }
        return c;
    }
}

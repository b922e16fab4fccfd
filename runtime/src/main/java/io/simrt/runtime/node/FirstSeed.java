package io.simrt.runtime.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.simrt.config.HostPort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * How the first seed node joins. Pekko's first seed forms a new cluster when none of the other seeds says it is a
 * member within {@code seed-node-timeout} (5 s). A seed that is absent never answers, so the first seed always waits
 * the whole timeout at a fresh start; and a seed that is a member but slow to answer (a loaded machine, a cold JVM's
 * first TLS handshake) is not waited for long enough: the first seed then forms a second cluster beside the one
 * it should have joined (PodsIT saw this when engine pods restarted while a coordinator waited for them).
 *
 * <p>So before it starts, the first seed knocks on every other seed's port: a connection that opens and is closed
 * again without a byte sent. Seeds where nothing listens are left out of its seed list; the seeds that are there are
 * given {@link #PRESENT_SEED_TIMEOUT} to answer. A new cluster then forms as soon as the seeds that are up have
 * said they are not members (at once when none is up), and an existing one is joined even when it answers slowly.
 */
public final class FirstSeed {
    /** How long the first seed waits for seeds that were there when it started to say whether they are members. */
    public static final Duration PRESENT_SEED_TIMEOUT = Duration.ofSeconds(30);

    /** How long one knock waits for a connection (a partitioned seed does not refuse, it just does not answer). */
    static final Duration KNOCK_TIMEOUT = Duration.ofSeconds(1);

    private FirstSeed() {}

    /** Whether {@code self} is the first of {@code seeds}, so that it may form a new cluster. */
    public static boolean isFirst(HostPort self, List<HostPort> seeds) {
        return !seeds.isEmpty() && seeds.get(0).equals(self);
    }

    /** {@code seeds} without the other seeds where nothing accepts a connection; all knocked on at once. */
    public static List<HostPort> present(HostPort self, List<HostPort> seeds) {
        ExecutorService knockers = Executors.newFixedThreadPool(Math.max(1, seeds.size()));
        try {
            List<CompletableFuture<Boolean>> knocks = new ArrayList<>();
            for (HostPort s : seeds) {
                knocks.add(
                        s.equals(self)
                                ? CompletableFuture.completedFuture(true)
                                : CompletableFuture.supplyAsync(() -> listens(s), knockers));
            }
            List<HostPort> present = new ArrayList<>();
            for (int i = 0; i < seeds.size(); i++) {
                if (knocks.get(i).join()) {
                    present.add(seeds.get(i));
                }
            }
            return present;
        } finally {
            knockers.shutdownNow();
        }
    }

    /** The settings for a first seed whose list holds other seeds that are there. */
    public static Config patience() {
        return ConfigFactory.empty()
                .withValue(
                        "pekko.cluster.seed-node-timeout",
                        ConfigValueFactory.fromAnyRef(PRESENT_SEED_TIMEOUT.toMillis() + "ms"));
    }

    static boolean listens(HostPort seed) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(seed.host(), seed.port()), (int) KNOCK_TIMEOUT.toMillis());
            return true;
        } catch (IOException | IllegalArgumentException e) {
            // refused, unreachable, or a name that does not resolve (a pod that does not exist): not there
            return false;
        }
    }
}

package io.simrt.runtime.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.simrt.config.HostPort;
import io.simrt.config.SettingsException;
import io.simrt.config.SimrtConfig;
import io.simrt.config.SimrtSettings;
import io.simrt.runtime.coordinator.Coordinator;
import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.engine.EngineSettings;
import io.simrt.runtime.metrics.NodeMetrics;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.BulkLane;
import io.simrt.runtime.protocol.bulk.Lane;
import io.simrt.runtime.protocol.bulk.LaneTls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Adapter;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * One simrt ActorSystem (named {@value #SYSTEM_NAME}): its engines, started at boot on the engine dispatcher,
 * and optionally a coordinator. All nodes of a cluster share the system name.
 */
public final class SimrtNode implements AutoCloseable {
    public static final String SYSTEM_NAME = HostPort.SYSTEM_NAME;
    private static final String DISPATCHER = "simrt.engine-dispatcher";

    private final ActorSystem<Void> system;
    private final SimrtSettings settings;
    private final NodeSpec spec;
    private final List<String> engineIds;
    /** Arrays of at least this many bytes leave messages for the bulk lane; {@code Integer.MAX_VALUE} when off. */
    private final int bulkThreshold;

    private ActorRef<Coordinator.Command> coordinator;
    /** Coordinators this node has stopped: the next one gets a name of its own (the old one may still be stopping). */
    private int stoppedCoordinators;
    /** Ids of the requests sent to this node's coordinator, by every client attached to it. */
    private final AtomicLong requestIds = new AtomicLong();

    private SimrtNode(
            ActorSystem<Void> system,
            SimrtSettings settings,
            NodeSpec spec,
            List<String> engineIds,
            int bulkThreshold) {
        this.bulkThreshold = bulkThreshold;
        this.system = system;
        this.settings = settings;
        this.spec = spec;
        this.engineIds = List.copyOf(engineIds);
    }

    /**
     * The configuration a node with {@code spec} runs with, first match winning: {@code overrides}; what the spec
     * fixes (host, port, seeds, roles, engine threads); then {@link SimrtConfig}'s order: JVM system properties
     * ({@code -D}), the environment, the application's file ({@code -Dconfig.file} or application.conf), the
     * profiles named in {@code simrt.profile} ({@code simrt-<profile>.conf}, later ones first), the node defaults
     * ({@code simrt-node.conf} for cluster members), the reference.conf files.
     */
    public static Config config(NodeSpec spec, Config overrides) {
        Config base = overrides.withFallback(SimrtConfig.load());
        Config profiles = ConfigFactory.empty();
        for (String profile : SimrtSettings.profiles(base.getString("simrt.profile"))) {
            Config p = ConfigFactory.parseResources("simrt-" + profile + ".conf");
            if (p.isEmpty()) {
                throw new SettingsException(
                        "profile '" + profile + "' has no simrt-" + profile + ".conf on the classpath");
            }
            profiles = p.withFallback(profiles);
        }
        // TLS store passwords not given are read from the files next to the stores (simrt certs writes them)
        return TlsSettings.withPasswordFiles(nodeConfig(spec, overrides, profiles));
    }

    private static Config nodeConfig(NodeSpec spec, Config overrides, Config profiles) {
        Config own = ConfigFactory.empty()
                .withValue(
                        DISPATCHER + ".thread-pool-executor.fixed-pool-size",
                        ConfigValueFactory.fromAnyRef(Math.max(1, spec.engines())));
        if (spec.clustered()) {
            List<String> seeds = new ArrayList<>();
            for (HostPort s : spec.seedNodes()) {
                seeds.add("pekko://" + SYSTEM_NAME + "@" + s);
            }
            own = own.withValue("pekko.remote.artery.canonical.hostname", ConfigValueFactory.fromAnyRef(spec.host()))
                    .withValue("pekko.remote.artery.canonical.port", ConfigValueFactory.fromAnyRef(spec.port()))
                    .withValue("pekko.cluster.seed-nodes", ConfigValueFactory.fromIterable(seeds))
                    .withValue("pekko.cluster.roles", ConfigValueFactory.fromIterable(spec.roles()));
            return overrides
                    .withFallback(own)
                    .withFallback(SimrtConfig.layered(profiles, ConfigFactory.parseResources("simrt-node.conf")))
                    .resolve();
        }
        Config local = ConfigFactory.parseString("""
                pekko.actor.provider = local
                pekko.actor.default-dispatcher.executor = "thread-pool-executor"
                pekko.actor.default-dispatcher.thread-pool-executor.core-pool-size-min = 2
                pekko.actor.default-dispatcher.thread-pool-executor.core-pool-size-factor = 0.5
                pekko.actor.default-dispatcher.thread-pool-executor.core-pool-size-max = 8
                pekko.loggers = ["org.apache.pekko.event.slf4j.Slf4jLogger"]
                pekko.logging-filter = "org.apache.pekko.event.slf4j.Slf4jLoggingFilter"
                pekko.actor.allow-java-serialization = off
                pekko.coordinated-shutdown.exit-jvm = off
                pekko.log-dead-letters = 0
                pekko.log-dead-letters-during-shutdown = off
                """);
        return overrides
                .withFallback(own)
                .withFallback(SimrtConfig.layered(ConfigFactory.empty(), local))
                .resolve();
    }

    /** Starts a node; its engines register with the Receptionist as soon as the system runs. */
    public static SimrtNode start(NodeSpec spec, Config overrides) {
        Config config = config(spec, overrides);
        SimrtSettings settings = SimrtSettings.from(config);
        // tls-tcp: the stores are opened now, so that a node with missing or wrong ones fails here, not at its first
        // handshake; plain TCP reachable from other hosts is logged at WARN
        Optional<TlsSettings> tls = spec.clustered() ? NodeTransport.check(config) : Optional.empty();
        long frame =
                spec.clustered() ? config.getBytes("pekko.remote.artery.advanced.maximum-frame-size") : Long.MAX_VALUE;
        Optional<Lane> lane =
                spec.clustered() ? Optional.of(startBulkLane(config, settings.bulk(), tls)) : Optional.empty();
        int bulk = lane.filter(Lane::serves).map(Lane::threshold).orElse(Integer.MAX_VALUE);
        List<String> ids = new ArrayList<>();
        AllowedClasses allowed = AllowedClasses.of(settings.engine().allowedPackages());
        ActorSystem<Void> system = ActorSystem.create(
                Behaviors.setup(ctx -> {
                    // before any engine exists, so that no message is written inline while estimated as a reference
                    lane.ifPresent(l -> BulkLane.enable(ctx.getSystem(), l));
                    Executor executor = ctx.getSystem().dispatchers().lookup(DispatcherSelector.fromConfig(DISPATCHER));
                    String node = nodeName(ctx.getSystem());
                    for (int i = 0; i < spec.engines(); i++) {
                        String id = node + "/e" + i;
                        EngineSettings es = new EngineSettings(
                                id,
                                allowed,
                                executor,
                                frame,
                                bulk,
                                Runtime.getRuntime().maxMemory(),
                                settings.engine().code());
                        ctx.spawn(Engine.create(es), "engine-" + i);
                    }
                    return Behaviors.empty();
                }),
                SYSTEM_NAME,
                config);
        lane.ifPresent(l -> {
            NodeMetrics.get(system).bulkLane(l::servedBytes, l::fetchedBytes);
            system.log().info(l.describe());
            system.getWhenTerminated().thenRun(l::close);
        });
        String node = nodeName(system);
        for (int i = 0; i < spec.engines(); i++) {
            ids.add(node + "/e" + i);
        }
        return new SimrtNode(system, settings, spec, ids, bulk);
    }

    /**
     * This node's bulk lane: serving and fetching, or only fetching when {@code simrt.bulk.enabled} is off (peers may
     * still send references). Under Artery TLS it speaks TLS with the same key and trust stores; with another TLS
     * engine provider, whose material it cannot read, it only fetches, and this node sends every array inline.
     */
    private static Lane startBulkLane(Config config, SimrtSettings.Bulk bulk, Optional<TlsSettings> tls) {
        Optional<LaneTls> laneTls = tls.map(t -> new LaneTls(
                TlsSettings.sslContext(config), t.protocol(), t.enabledAlgorithms(), t.hostnameVerification()));
        boolean foreignTls = tls.isEmpty() && "tls-tcp".equals(config.getString("pekko.remote.artery.transport"));
        if (!bulk.enabled() || foreignTls) {
            return Lane.fetchOnly(bulk, laneTls);
        }
        String host = config.getString("pekko.remote.artery.canonical.hostname");
        String bind = config.getString("pekko.remote.artery.bind.hostname");
        return Lane.start(host, bind.isBlank() ? host : bind, bulk, laneTls);
    }

    private static String nodeName(ActorSystem<?> system) {
        Address a = system.address();
        return a.host().isDefined() ? a.host().get() + ":" + a.port().get() : "local";
    }

    /** This node's coordinator, spawned on first use (and again after {@link #stopCoordinator()}). */
    public synchronized ActorRef<Coordinator.Command> coordinator() {
        if (coordinator == null) {
            long frame = spec.clustered()
                    ? system.settings().config().getBytes("pekko.remote.artery.advanced.maximum-frame-size")
                    : Long.MAX_VALUE;
            String name = stoppedCoordinators == 0 ? "coordinator" : "coordinator-" + (stoppedCoordinators + 1);
            coordinator = system.systemActorOf(Coordinator.create(settings, frame, bulkThreshold), name, Props.empty());
        }
        return coordinator;
    }

    /**
     * Stops this node's coordinator, which releases every engine it owns. A typed actor can only stop itself or be
     * stopped by its parent, and the coordinator is a system actor, so the stop goes through the classic API. The
     * next call of {@link #coordinator()} starts a new one.
     */
    public synchronized void stopCoordinator() {
        if (coordinator != null) {
            Adapter.toClassic(system).stop(Adapter.toClassic(coordinator));
            coordinator = null;
            stoppedCoordinators++;
        }
    }

    /** A request id no other client of this node's coordinator has used. */
    public long nextRequestId() {
        return requestIds.incrementAndGet();
    }

    public ActorSystem<Void> system() {
        return system;
    }

    public SimrtSettings settings() {
        return settings;
    }

    public List<String> engineIds() {
        return engineIds;
    }

    /** {@code host:port} of a cluster member, {@code local} otherwise. */
    public String name() {
        return nodeName(system);
    }

    /** The cluster address (cluster members only). */
    public Address address() {
        return Cluster.get(system).selfMember().address();
    }

    public boolean clustered() {
        return spec.clustered();
    }

    /**
     * Terminates the system and waits up to 30 s for it; a cluster member leaves first (coordinated shutdown). An
     * interrupt ends the wait early and stays set on the thread.
     */
    @Override
    public void close() {
        system.terminate();
        awaitTermination(Duration.ofSeconds(30));
    }

    /**
     * Waits up to {@code timeout} for termination.
     *
     * @return whether the system has terminated; false on timeout, or when interrupted (the interrupt stays set)
     */
    public boolean awaitTermination(Duration timeout) {
        try {
            system.getWhenTerminated().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return true; // it ended, though not cleanly: nothing is left to wait for
        } catch (TimeoutException e) {
            return false;
        }
    }
}

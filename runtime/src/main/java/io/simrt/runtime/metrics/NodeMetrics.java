package io.simrt.runtime.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.ToDoubleFunction;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.actor.typed.javadsl.Adapter;

/**
 * One node's metrics (a Pekko extension: one per ActorSystem, so the nodes of an in-JVM cluster keep theirs apart),
 * every simrt meter named {@code simrt.*} ({@code simrt_*} in Prometheus' text format) and tagged with the node's
 * {@code host:port}, plus the JVM's. With {@code simrt.metrics.enabled = off} every meter is Micrometer's no-op one
 * and {@link #scrape()} is empty.
 *
 * <p>Recording costs a counter increment or a timer sample per shard, claim or message: nothing waits.
 */
public final class NodeMetrics implements Extension {
    private static final Id ID = new Id();

    private final MeterRegistry registry;
    private final Optional<PrometheusMeterRegistry> prometheus;
    private final Timer shardDuration;
    private final Counter claims;
    private final Counter refusals;
    private final Counter simulations;
    private final Counter arterySent;
    private final Counter arteryReceived;
    private final AtomicInteger enginesOwned = new AtomicInteger();
    private final AtomicInteger requestsInFlight = new AtomicInteger();
    /** Objects function meters read, which nothing else may hold (meters hold them weakly). */
    private final List<Object> held = new CopyOnWriteArrayList<>();

    private NodeMetrics(ExtendedActorSystem system) {
        boolean enabled = system.settings().config().getBoolean("simrt.metrics.enabled");
        if (enabled) {
            PrometheusMeterRegistry p = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            p.config().commonTags("node", nodeName(system.provider().getDefaultAddress()));
            new JvmMemoryMetrics().bindTo(p);
            JvmGcMetrics gc = new JvmGcMetrics();
            gc.bindTo(p);
            new JvmThreadMetrics().bindTo(p);
            new ClassLoaderMetrics().bindTo(p);
            new ProcessorMetrics().bindTo(p);
            new UptimeMetrics().bindTo(p);
            system.registerOnTermination(() -> {
                gc.close();
                p.close();
            });
            this.registry = p;
            this.prometheus = Optional.of(p);
        } else {
            this.registry = new CompositeMeterRegistry(); // no registry added: every meter is a no-op
            this.prometheus = Optional.empty();
        }
        this.shardDuration = Timer.builder("simrt.shard.duration")
                .description("Time engines of this node spent running one shard")
                .serviceLevelObjectives(
                        Duration.ofMillis(1),
                        Duration.ofMillis(5),
                        Duration.ofMillis(20),
                        Duration.ofMillis(100),
                        Duration.ofMillis(500),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(10),
                        Duration.ofSeconds(60))
                .register(registry);
        this.claims = Counter.builder("simrt.coordinator.claims")
                .description("Claims this node's coordinator sent to engines")
                .register(registry);
        this.refusals = Counter.builder("simrt.coordinator.refusals")
                .description("Claims refused because another coordinator owned the engine")
                .register(registry);
        this.simulations = Counter.builder("simrt.simulations")
                .description("Simulations of the runs this node coordinates")
                .register(registry);
        this.arterySent = Counter.builder("simrt.artery.bytes")
                .baseUnit("bytes")
                .tag("direction", "sent")
                .description("Serialized Artery message bytes this node sent")
                .register(registry);
        this.arteryReceived = Counter.builder("simrt.artery.bytes")
                .baseUnit("bytes")
                .tag("direction", "received")
                .description("Serialized Artery message bytes this node received")
                .register(registry);
        Gauge.builder("simrt.coordinator.engines.owned", enginesOwned, AtomicInteger::get)
                .description("Engines owned by this node's coordinator")
                .register(registry);
        Gauge.builder("simrt.coordinator.requests.in.flight", requestsInFlight, AtomicInteger::get)
                .description("Requests this node's coordinator is serving")
                .register(registry);
    }

    /** The metrics of {@code system}'s node. */
    public static NodeMetrics get(org.apache.pekko.actor.typed.ActorSystem<?> system) {
        return ID.get(Adapter.toClassic(system));
    }

    /** The metrics of a classic {@code system}'s node. */
    public static NodeMetrics get(ActorSystem system) {
        return ID.get(system);
    }

    private static String nodeName(Address a) {
        return a.host().isDefined() ? a.host().get() + ":" + a.port().get() : "local";
    }

    /** Whether meters record anything ({@code simrt.metrics.enabled}). */
    public boolean enabled() {
        return prometheus.isPresent();
    }

    /** The registry every meter of this node is in. */
    public MeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text format (0.0.4) of every meter; empty when metrics are off. */
    public String scrape() {
        return prometheus.map(PrometheusMeterRegistry::scrape).orElse("");
    }

    /** An engine of this node: its queue, shards and busy time, read when scraped. */
    public <T> void engine(
            String engineId,
            T worker,
            ToDoubleFunction<T> queued,
            ToDoubleFunction<T> shardsDone,
            ToDoubleFunction<T> busyNanos) {
        Gauge.builder("simrt.engine.queue", worker, queued)
                .tag("engine", engineId)
                .description("Shards queued or running on an engine")
                .register(registry);
        FunctionCounter.builder("simrt.shards.run", worker, shardsDone)
                .tag("engine", engineId)
                .description("Shards an engine has run")
                .register(registry);
        FunctionCounter.builder("simrt.engine.busy", worker, w -> busyNanos.applyAsDouble(w) / 1e9)
                .tag("engine", engineId)
                .baseUnit("seconds")
                .description("Time an engine spent running shards")
                .register(registry);
    }

    /**
     * This node's bulk lane: bytes it served and fetched, read when scraped. The suppliers are kept here: a
     * Micrometer function counter holds its object weakly, and a method reference has nothing else holding it.
     */
    public void bulkLane(LongSupplier sent, LongSupplier received) {
        held.add(sent);
        held.add(received);
        FunctionCounter.builder("simrt.bulk.bytes", sent, s -> (double) s.getAsLong())
                .tag("direction", "sent")
                .baseUnit("bytes")
                .description("Bytes this node's bulk lane served")
                .register(registry);
        FunctionCounter.builder("simrt.bulk.bytes", received, s -> (double) s.getAsLong())
                .tag("direction", "received")
                .baseUnit("bytes")
                .description("Bytes this node's bulk lane fetched")
                .register(registry);
    }

    /** A shard ran on one of this node's engines for {@code nanos}. */
    public void shardRan(long nanos) {
        shardDuration.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** The coordinator sent a claim. */
    public void claimed() {
        claims.increment();
    }

    /** A claim was refused. */
    public void refused() {
        refusals.increment();
    }

    /** The coordinator's run finished {@code n} more simulations. */
    public void simulated(long n) {
        simulations.increment(n);
    }

    void arterySent(int bytes) {
        arterySent.increment(bytes);
    }

    void arteryReceived(int bytes) {
        arteryReceived.increment(bytes);
    }

    /** Set by the coordinator whenever the engines it owns change. */
    public AtomicInteger enginesOwned() {
        return enginesOwned;
    }

    /** Set by the coordinator whenever a request starts or ends. */
    public AtomicInteger requestsInFlight() {
        return requestsInFlight;
    }

    private static final class Id extends AbstractExtensionId<NodeMetrics> implements ExtensionIdProvider {
        @Override
        public NodeMetrics createExtension(ExtendedActorSystem system) {
            return new NodeMetrics(system);
        }

        @Override
        public Id lookup() {
            return ID;
        }
    }
}

package io.simrt.runtime.observe;

import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.metrics.NodeMetrics;
import io.simrt.runtime.node.Membership;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * What the dashboard shows of the cluster, refreshed every interval off the caller's thread: the members this node
 * sees, every engine the Receptionist lists with its load ({@link Engine.GetLoad}, asked in parallel), and this
 * node's coordinator's requests in flight. Each refresh replaces one snapshot that every page reads, so the cost does
 * not grow with the number of viewers.
 */
final class ClusterWatch implements AutoCloseable {
    private static final Duration ASK = Duration.ofSeconds(2);

    private final ActorSystem<?> system;
    private final boolean clustered;
    private final NodeMetrics metrics;
    private final long origin = System.nanoTime();
    private final Map<String, EngineHistory> engines = new TreeMap<>(); // guarded by this
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private final Cancellable timer;
    private volatile List<Map<String, Object>> members = List.of();
    private volatile List<Map<String, Object>> engineRows = List.of();

    ClusterWatch(ActorSystem<?> system, Duration interval) {
        this.system = system;
        this.clustered = "cluster".equals(system.settings().config().getString("pekko.actor.provider"));
        this.metrics = NodeMetrics.get(system);
        this.timer = system.scheduler()
                .scheduleWithFixedDelay(Duration.ZERO, interval, this::refresh, system.executionContext());
    }

    private void refresh() {
        if (!refreshing.compareAndSet(false, true)) {
            return; // the last refresh is still waiting for answers
        }
        try {
            members = members();
            AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
                            system.receptionist(), r -> Receptionist.find(Engine.KEY, r), ASK, system.scheduler())
                    .thenCompose(listing -> loads(listing.getServiceInstances(Engine.KEY)))
                    .whenComplete((loads, e) -> {
                        if (e == null) {
                            take(loads, System.nanoTime());
                        }
                        refreshing.set(false);
                    });
        } catch (RuntimeException e) {
            refreshing.set(false);
        }
    }

    private List<Map<String, Object>> members() {
        List<Map<String, Object>> out = new ArrayList<>();
        if (!clustered) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("address", "local");
            o.put("status", "Up");
            o.put("roles", List.of());
            out.add(o);
            return out;
        }
        List<Member> sorted = new ArrayList<>();
        Cluster cluster = Cluster.get(system);
        cluster.state().getMembers().forEach(sorted::add);
        sorted.sort(Comparator.comparing(m -> m.address().toString()));
        Set<Member> unreachable = new HashSet<>();
        cluster.state().getUnreachable().forEach(unreachable::add);
        for (Member m : sorted) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("address", m.address().toString());
            o.put("status", m.status().toString() + (unreachable.contains(m) ? " (unreachable)" : ""));
            o.put("roles", Membership.roles(m));
            o.put("self", m.address().equals(cluster.selfMember().address()));
            out.add(o);
        }
        return out;
    }

    private CompletionStage<List<Engine.EngineLoad>> loads(Set<ActorRef<Engine.Command>> refs) {
        List<CompletableFuture<Engine.EngineLoad>> asks = new ArrayList<>();
        for (ActorRef<Engine.Command> ref : refs) {
            asks.add(
                    AskPattern.<Engine.Command, Engine.EngineLoad>ask(ref, Engine.GetLoad::new, ASK, system.scheduler())
                            .toCompletableFuture()
                            .exceptionally(e -> null));
        }
        return CompletableFuture.allOf(asks.toArray(CompletableFuture[]::new)).thenApply(v -> {
            List<Engine.EngineLoad> out = new ArrayList<>();
            for (CompletableFuture<Engine.EngineLoad> a : asks) {
                Engine.EngineLoad l = a.join();
                if (l != null) {
                    out.add(l);
                }
            }
            return out;
        });
    }

    private synchronized void take(List<Engine.EngineLoad> loads, long nanos) {
        Set<String> seen = new HashSet<>();
        for (Engine.EngineLoad l : loads) {
            seen.add(l.engineId());
            engines.computeIfAbsent(l.engineId(), id -> new EngineHistory()).update(l, nanos, origin);
        }
        engines.keySet().retainAll(seen);
        List<Map<String, Object>> rows = new ArrayList<>();
        engines.forEach((id, h) -> {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("id", id);
            o.put("owner", withAddress(h.last().owner()));
            o.put("shardsDone", h.last().shardsDone());
            o.put("queued", h.last().queued());
            o.put("busy", h.busy());
            o.put("throughput", h.throughput());
            rows.add(o);
        });
        engineRows = List.copyOf(rows);
    }

    /**
     * An owner's path as every node names it: an engine owned by a coordinator of its own node reports the path
     * without the node's address ({@code pekko://simrt/system/coordinator}).
     */
    private String withAddress(String owner) {
        String local = system.address().toString();
        String bare = "pekko://" + system.name() + "/";
        if (clustered && owner.startsWith(bare) && system.address().host().isDefined()) {
            return local + "/" + owner.substring(bare.length());
        }
        return owner;
    }

    List<Map<String, Object>> memberRows() {
        return members;
    }

    List<Map<String, Object>> engineRows() {
        return engineRows;
    }

    int requestsInFlight() {
        return metrics.requestsInFlight().get();
    }

    int enginesOwned() {
        return metrics.enginesOwned().get();
    }

    /** Each engine's throughput over time, {@code [seconds, shards/s]}. */
    synchronized Map<String, List<double[]>> throughput() {
        Map<String, List<double[]>> out = new TreeMap<>();
        engines.forEach((id, h) -> out.put(id, h.points()));
        return out;
    }

    @Override
    public void close() {
        timer.cancel();
    }
}

package io.simrt.cli;

import com.typesafe.config.ConfigFactory;
import io.simrt.api.SimrtException;
import io.simrt.api.SimrtTimeoutException;
import io.simrt.config.HostPort;
import io.simrt.config.SimrtConfig;
import io.simrt.config.SimrtSettings;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.node.Membership;
import io.simrt.runtime.node.NodeSpec;
import io.simrt.runtime.node.SimrtNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Leave;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simrt status}: joins the cluster briefly as an observer and prints its members and every engine with its
 * owner, the shards it has done, its queue and its installed models; then leaves.
 */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Show a cluster's members, engines, owners and shards done.")
final class StatusCommand implements Callable<Integer> {
    private static final Duration ASK = Duration.ofSeconds(5);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--seed-nodes",
            split = ",",
            paramLabel = "HOST:PORT",
            description = "Members to join (required). Default: SIMRT_SEED_NODES, else simrt.cluster.seed-nodes.")
    List<String> seedNodes;

    @Option(
            names = "--host",
            paramLabel = "HOST",
            description = "Address this observer advertises. Default: SIMRT_HOST, else 127.0.0.1.")
    String host;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            description = "Remoting port of this observer. Default: 0, a free one (SIMRT_PORT is the engine's).")
    Integer port;

    @Option(
            names = "--join-timeout",
            paramLabel = "DURATION",
            description = "How long joining may take (3s, 2m, ...); a line on stderr says what it waits for "
                    + "meanwhile. Default: simrt.cluster.join-timeout, 30s.")
    String joinTimeout;

    @Option(names = "--json", description = "Print one JSON object on stdout.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        SimrtSettings settings = SimrtSettings.from(SimrtConfig.load());
        List<HostPort> seeds = NodeOptions.seeds(seedNodes, settings.cluster().seedNodes());
        if (seeds.isEmpty()) {
            throw new UsageException(
                    "status needs --seed-nodes host:port,... (or SIMRT_SEED_NODES, or simrt.cluster.seed-nodes)");
        }
        if (port != null && (port < 0 || port > 65535)) {
            throw new UsageException("--port must lie in 0..65535, got " + port);
        }
        Duration join = joinTimeout != null
                ? Durations.positive("--join-timeout", joinTimeout)
                : settings.cluster().joinTimeout();
        SimrtNode observer = SimrtNode.start(
                new NodeSpec(0, true, NodeOptions.host(host), port != null ? port : 0, seeds, List.of("observer")),
                ConfigFactory.parseString("simrt.health.enabled = off"));
        try {
            awaitUp(observer, join, seeds);
            List<Map<String, Object>> members = new ArrayList<>();
            List<Member> sorted = new ArrayList<>();
            Cluster.get(observer.system()).state().getMembers().forEach(sorted::add);
            sorted.sort(Comparator.comparing(m -> m.address().toString()));
            for (Member m : sorted) {
                if (m.address().equals(observer.address())) {
                    continue;
                }
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("address", m.address().toString());
                o.put("status", m.status().toString());
                o.put("roles", Membership.roles(m));
                members.add(o);
            }
            List<Engine.EngineStatus> engines = engines(observer);
            print(members, engines);
        } finally {
            Cluster.get(observer.system()).manager().tell(Leave.create(observer.address()));
            if (!observer.awaitTermination(Duration.ofSeconds(10))) {
                observer.close();
            }
        }
        return 0;
    }

    private void awaitUp(SimrtNode node, Duration timeout, List<HostPort> seeds) {
        CompletableFuture<Void> up = Membership.selfUp(node.system());
        PrintWriter err = spec.commandLine().getErr();
        try {
            RuntimeClient.awaitReporting(
                    up,
                    "joining the cluster at " + seeds,
                    timeout,
                    line -> {
                        err.println(spec.qualifiedName() + ": " + line);
                        err.flush();
                    },
                    () -> "waiting for the cluster at " + seeds);
        } catch (SimrtTimeoutException e) {
            throw new SimrtException("could not join the cluster at " + seeds + " within " + seconds(timeout)
                    + ": is an engine node running there (simrt engine --port ...)?");
        } finally {
            up.cancel(false);
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    private static List<Engine.EngineStatus> engines(SimrtNode node) throws Exception {
        // The receptionist's view of remote engines converges within a gossip round or two after joining.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        Set<ActorRef<Engine.Command>> refs = Set.of();
        int stableRounds = 0;
        while (System.nanoTime() < deadline && stableRounds < 3) {
            Set<ActorRef<Engine.Command>> now = AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
                            node.system().receptionist(),
                            r -> Receptionist.find(Engine.KEY, r),
                            ASK,
                            node.system().scheduler())
                    .toCompletableFuture()
                    .get(ASK.toSeconds() + 1, TimeUnit.SECONDS)
                    .getServiceInstances(Engine.KEY);
            stableRounds = !now.isEmpty() && now.equals(refs) ? stableRounds + 1 : 0;
            refs = now;
            Thread.sleep(200);
        }
        List<Engine.EngineStatus> out = new ArrayList<>();
        for (ActorRef<Engine.Command> ref : refs) {
            try {
                out.add(AskPattern.<Engine.Command, Engine.EngineStatus>ask(
                                ref, Engine.GetStatus::new, ASK, node.system().scheduler())
                        .toCompletableFuture()
                        .get(ASK.toSeconds() + 1, TimeUnit.SECONDS));
            } catch (Exception e) {
                out.add(new Engine.EngineStatus(
                        ref.path().toString(), "(no answer: " + e.getClass().getSimpleName() + ")", -1, -1, List.of()));
            }
        }
        out.sort(Comparator.comparing(Engine.EngineStatus::engineId));
        return out;
    }

    private void print(List<Map<String, Object>> members, List<Engine.EngineStatus> engines) {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            List<Map<String, Object>> es = new ArrayList<>();
            for (Engine.EngineStatus e : engines) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("id", e.engineId());
                o.put("owner", e.owner());
                o.put("shardsDone", e.shardsDone());
                o.put("queued", e.queued());
                o.put("models", e.models());
                es.add(o);
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("members", members);
            o.put("engines", es);
            out.println(Json.write(o));
            return;
        }
        out.printf(Locale.ROOT, "Members (%d):%n", members.size());
        for (Map<String, Object> m : members) {
            out.printf(Locale.ROOT, "  %-40s %-8s %s%n", m.get("address"), m.get("status"), m.get("roles"));
        }
        out.printf(Locale.ROOT, "Engines (%d):%n", engines.size());
        out.printf(Locale.ROOT, "  %-28s %10s %7s  %-60s %s%n", "ENGINE", "SHARDS", "QUEUED", "OWNER", "MODELS");
        for (Engine.EngineStatus e : engines) {
            out.printf(
                    Locale.ROOT,
                    "  %-28s %10d %7d  %-60s %s%n",
                    e.engineId(),
                    e.shardsDone(),
                    e.queued(),
                    e.owner().isEmpty() ? "(free)" : e.owner(),
                    String.join(",", e.models()));
        }
    }
}

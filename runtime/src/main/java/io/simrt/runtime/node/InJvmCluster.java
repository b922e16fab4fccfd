package io.simrt.runtime.node;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simrt.api.Futures;
import io.simrt.models.ParameterException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Leave;

/**
 * Several simrt nodes in one JVM, each an ActorSystem with Artery TCP on a free loopback port, joined
 * programmatically to the first (a free port rules out static seed nodes). Used by tests, benchmarks and the
 * command line's {@code --nodes K}: messages between nodes are really serialized and really cross sockets.
 *
 * <p>Engines are spread over the nodes as numpy's {@code array_split} would (the first nodes get one more).
 * {@link #crash} stops a node abruptly, without leaving, as a killed process would.
 */
public final class InJvmCluster implements AutoCloseable {
    /** Every node started, crashed ones included (they are terminated); joined ones are appended. */
    private final List<SimrtNode> nodes;
    /** The configuration every node starts with. */
    private final Config nodeConfig;

    private InJvmCluster(List<SimrtNode> nodes, Config nodeConfig) {
        this.nodes = new CopyOnWriteArrayList<>(nodes);
        this.nodeConfig = nodeConfig;
    }

    /**
     * @param nodes   number of ActorSystems, at least 1
     * @param engines engines in all, spread over the nodes
     * @param overrides configuration applied to every node (tests: {@code serialize-messages = on}, short timeouts)
     * @param timeout how long forming the cluster may take
     */
    public static InJvmCluster start(int nodes, int engines, Config overrides, Duration timeout) {
        if (nodes < 1) {
            throw ParameterException.of("nodes", nodes, "must be >= 1");
        }
        if (engines < 0) {
            throw ParameterException.of("engines", engines, "must be >= 0");
        }
        int[] perNode = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            perNode[i] = engines / nodes + (i < engines % nodes ? 1 : 0);
        }
        return start(perNode, overrides, timeout);
    }

    /**
     * One node per entry of {@code enginesPerNode}, with that many engines (0: a coordinator-only node).
     */
    public static InJvmCluster start(int[] enginesPerNode, Config overrides, Duration timeout) {
        int nodes = enginesPerNode.length;
        if (nodes < 1) {
            throw ParameterException.of("nodes", nodes, "must be >= 1");
        }
        // A node that is stopped stops like a killed process: no cluster leave on terminate.
        Config perNodeConfig = overrides.withFallback(
                ConfigFactory.parseString("pekko.coordinated-shutdown.run-by-actor-system-terminate = off"));
        List<SimrtNode> started = new ArrayList<>();
        try {
            for (int i = 0; i < nodes; i++) {
                started.add(SimrtNode.start(member(enginesPerNode[i], i == 0), perNodeConfig));
            }
            Address first = started.get(0).address();
            for (SimrtNode n : started) {
                Cluster.get(n.system()).manager().tell(Join.create(first));
            }
            awaitUp(started, nodes, timeout);
            return new InJvmCluster(started, perNodeConfig);
        } catch (RuntimeException e) {
            started.forEach(SimrtNode::close);
            throw e;
        }
    }

    /** A loopback member; the coordinator runs on the first, which alone has the coordinator role. */
    private static NodeSpec member(int engines, boolean first) {
        List<String> roles = new ArrayList<>();
        if (engines > 0) {
            roles.add("engine");
        }
        if (first) {
            roles.add("coordinator");
        }
        return new NodeSpec(engines, true, "127.0.0.1", 0, List.of(), roles);
    }

    /** Waits until every node has seen all {@code expected} members Up. */
    private static void awaitUp(List<SimrtNode> nodes, int expected, Duration timeout) {
        CompletableFuture<?>[] up = nodes.stream()
                .map(n -> Membership.membersUp(n.system(), expected))
                .toArray(CompletableFuture[]::new);
        try {
            Futures.await(CompletableFuture.allOf(up), "forming an in-JVM cluster of " + expected + " nodes", timeout);
        } finally {
            for (CompletableFuture<?> f : up) {
                f.cancel(false);
            }
        }
    }

    public List<SimrtNode> nodes() {
        return nodes;
    }

    public SimrtNode node(int i) {
        return nodes.get(i);
    }

    /**
     * Starts one more node with {@code engines} engines, joins it to node 0 (which must be running) and waits until it
     * is Up; it gets the next index.
     */
    public SimrtNode join(int engines, Duration timeout) {
        SimrtNode n = SimrtNode.start(member(engines, false), nodeConfig);
        try {
            Cluster.get(n.system()).manager().tell(Join.create(nodes.get(0).address()));
            Futures.await(Membership.selfUp(n.system()), "node " + n.name() + " joining the in-JVM cluster", timeout);
        } catch (RuntimeException e) {
            n.close();
            throw e;
        }
        nodes.add(n);
        return n;
    }

    /** Stops node {@code i} abruptly: no leave, its peers find out through the failure detector. */
    public void crash(int i) {
        nodes.get(i).system().terminate();
        nodes.get(i).awaitTermination(Duration.ofSeconds(30));
    }

    /** Node {@code i} leaves the cluster gracefully and stops. */
    public void leave(int i) {
        SimrtNode n = nodes.get(i);
        Cluster.get(n.system()).manager().tell(Leave.create(n.address()));
        if (!n.awaitTermination(Duration.ofSeconds(30))) {
            n.close();
        }
    }

    /** Stops every node at once. */
    @Override
    public void close() {
        CompletableFuture.allOf(nodes.stream()
                        .map(n -> CompletableFuture.runAsync(n::close))
                        .toArray(CompletableFuture[]::new))
                .join();
    }
}

package io.simrt.cli;

import io.simrt.api.Client;
import io.simrt.runtime.client.RuntimeClient;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.apache.pekko.actor.Address;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * Which engines the API benchmarks measure. Engine ids are {@code host:port/eN} on cluster nodes and
 * {@code local/eN} in a single ActorSystem; an engine whose {@code host:port} differs from the coordinator's node
 * is reached over Artery, so every message to it is serialized and crosses a socket.
 */
final class BenchTargets {
    private BenchTargets() {}

    /** {@code host:port} of the node the coordinator runs on, or {@code local} without remoting. */
    static String coordinatorNode(Client client) {
        if (client instanceof RuntimeClient rc) {
            Address a = rc.home().address();
            return a.host().isDefined() ? a.host().get() + ":" + a.port().get() : "local";
        }
        return "native";
    }

    /** The engines (of {@code ids}) on other nodes than the coordinator's. */
    static List<String> remote(Client client, List<String> ids) {
        String home = coordinatorNode(client);
        List<String> out = new ArrayList<>();
        for (String id : ids) {
            int slash = id.lastIndexOf('/');
            String node = slash < 0 ? id : id.substring(0, slash);
            if (!node.equals(home) && !node.equals("local") && !node.equals("native")) {
                out.add(id);
            }
        }
        return out;
    }

    /** The remote engines if there are any, else all of {@code ids} (one node: nothing is remote). */
    static List<String> preferRemote(Client client, List<String> ids) {
        List<String> r = remote(client, ids);
        return r.isEmpty() ? ids : r;
    }

    /** ActorSystems taking part: the in-JVM cluster's nodes, the members of a real cluster, or 1. */
    static int nodes(Client client) {
        if (client instanceof RuntimeClient rc) {
            if (rc.inJvmCluster().isPresent()) {
                return rc.inJvmCluster().get().nodes().size();
            }
            if (rc.home().address().hasGlobalScope()) {
                return (int) StreamSupport.stream(
                                Cluster.get(rc.home()).state().getMembers().spliterator(), false)
                        .count();
            }
        }
        return 1;
    }

    /**
     * CPU time this JVM has used, all threads (engines, actors, transport, JIT, GC), in nanoseconds; -1 if the JVM
     * cannot tell. With every node in this JVM it is the whole cost of the work measured, wherever it ran.
     */
    static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : -1;
    }

    /**
     * Milliseconds the JIT compilers have spent so far, or -1 where the JVM does not say: a figure taken while the
     * JIT is busy shares the cores with it.
     */
    static long jitMillis() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /** Nearest-rank percentile {@code p} (0..100) of sorted values. */
    static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }
}

package io.simrt.cli;

import com.typesafe.config.ConfigFactory;
import io.simrt.config.HostPort;
import io.simrt.config.SimrtSettings;
import io.simrt.runtime.node.HealthServer;
import io.simrt.runtime.node.MembershipLog;
import io.simrt.runtime.node.NodeSpec;
import io.simrt.runtime.node.SimrtNode;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simrt engine}: an engine node. It joins the cluster through its seed nodes (or starts one), serves its
 * engines to whichever coordinator claims them, answers {@code /alive} and {@code /ready}, and serves until
 * stopped; SIGTERM leaves the cluster gracefully (Pekko's coordinated shutdown runs from the JVM's shutdown hook).
 */
@Command(
        name = "engine",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Run an engine node: join a cluster and serve engines until stopped.")
final class EngineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions node = new NodeOptions();

    @Option(
            names = "--engines",
            paramLabel = "N",
            description = "Engines on this node. Default: SIMRT_ENGINES, else one per available processor.")
    Integer engines;

    @Override
    public Integer call() {
        Logging.showRuntimeInfo();
        SimrtSettings settings = SimrtSettings.from(ConfigFactory.load());
        int n = engines != null ? engines : settings.engine().perNode();
        if (n < 0) {
            throw new UsageException("--engines must be >= 0, got " + n);
        }
        n = SimrtSettings.orProcessors(n);
        List<HostPort> seeds = node.seeds(settings.cluster().seedNodes());
        SimrtNode simrt = SimrtNode.start(
                new NodeSpec(n, true, node.host(), node.port(), seeds, List.of("engine")), ConfigFactory.empty());
        if (seeds.isEmpty()) {
            Cluster.get(simrt.system()).manager().tell(Join.create(simrt.address()));
        }
        MembershipLog.start(simrt);
        HealthServer health = simrt.settings().health().enabled()
                ? HealthServer.start(simrt, simrt.settings().health())
                : null;
        spec.commandLine()
                .getOut()
                .printf(
                        "simrt engine node %s: %d engines, seeds %s%s%n",
                        simrt.address(),
                        n,
                        seeds.isEmpty() ? "none (new cluster)" : seeds,
                        health == null
                                ? ""
                                : ", health http://" + simrt.settings().health().bindHostname() + ":" + health.port()
                                        + "/ready");
        spec.commandLine().getOut().flush();
        simrt.system().getWhenTerminated().toCompletableFuture().join();
        if (health != null) {
            health.close();
        }
        return 0;
    }
}

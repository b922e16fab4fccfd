package io.simrt.cli;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simrt.config.HostPort;
import io.simrt.config.SimrtConfig;
import io.simrt.config.SimrtSettings;
import io.simrt.runtime.engine.ExitCulprit;
import io.simrt.runtime.node.FirstSeed;
import io.simrt.runtime.node.HealthServer;
import io.simrt.runtime.node.MembershipLog;
import io.simrt.runtime.node.NodeSpec;
import io.simrt.runtime.node.SimrtNode;
import io.simrt.runtime.observe.Dashboard;
import io.simrt.runtime.observe.DashboardSettings;
import io.simrt.runtime.observe.RunBoard;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code simrt engine}: an engine node. It joins the cluster through its seed nodes (or starts one), serves its
 * engines to whichever coordinator claims them, answers {@code /alive} and {@code /ready}, and serves until stopped.
 *
 * <p>Exit status: 0 when stopped on request (SIGTERM, Ctrl-C: the node leaves the cluster first, Pekko's coordinated
 * shutdown running from the JVM's shutdown hook); {@value #DOWNED} when the cluster downed it (it was unreachable
 * too long, or cut off from its coordinator): start it again and it rejoins; 1 when it stopped for any other
 * reason; 2 for a misused command line.
 */
@Command(
        name = "engine",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = "Run an engine node: join a cluster and serve engines until stopped.")
final class EngineCommand implements Callable<Integer> {
    /**
     * Exit status of a node the cluster downed: sysexits' EX_TEMPFAIL (try again), and not 3, which is what
     * {@code -XX:+ExitOnOutOfMemoryError} exits with.
     */
    static final int DOWNED = 75;

    private static final Logger LOG = LoggerFactory.getLogger(EngineCommand.class);
    private static final int RUNNING = 0;
    private static final int STOP_REQUESTED = 1;
    private static final int ENDED = 2;

    @Spec
    CommandSpec spec;

    @Mixin
    NodeOptions node = new NodeOptions();

    @Option(
            names = "--engines",
            paramLabel = "N",
            description =
                    "Engines on this node; 0 means one per available processor. Default: SIMRT_ENGINES, " + "else 0.")
    Integer engines;

    @Option(
            names = "--dashboard-port",
            paramLabel = "PORT",
            description = "Serve this node's web dashboard and /metrics on PORT (0: a free one) of its host. Default: "
                    + "simrt.dashboard (on in the cluster and kubernetes profiles; 8559 in kubernetes). "
                    + "/metrics is also on the health port.")
    Integer dashboardPort;

    @Option(names = "--no-dashboard", description = "No dashboard on this node (/metrics stays on the health port).")
    boolean noDashboard;

    @Override
    public Integer call() {
        Logging.showRuntimeInfo();
        SimrtSettings settings = SimrtSettings.from(SimrtConfig.load());
        int n = engines != null ? engines : settings.engine().perNode();
        if (n < 0) {
            throw new UsageException("--engines must be >= 0 (0: one per available processor), got " + n);
        }
        n = SimrtSettings.orProcessors(n);
        List<HostPort> seeds = node.seeds(settings.cluster().seedNodes());
        Config join = ConfigFactory.empty();
        HostPort self = new HostPort(node.host(), node.port());
        if (FirstSeed.isFirst(self, seeds) && seeds.size() > 1) {
            List<HostPort> present = FirstSeed.present(self, seeds);
            List<HostPort> absent = new ArrayList<>(seeds);
            absent.removeAll(present);
            LOG.info(
                    "first seed: asking {} whether they are members (up to {} s) before forming a cluster; "
                            + "nothing listens at {}",
                    present.subList(1, present.size()),
                    FirstSeed.PRESENT_SEED_TIMEOUT.toSeconds(),
                    absent);
            if (present.size() > 1) {
                join = FirstSeed.patience();
            }
            seeds = present;
        }
        SimrtNode simrt =
                SimrtNode.start(new NodeSpec(n, true, node.host(), node.port(), seeds, List.of("engine")), join);
        if (seeds.isEmpty()) {
            LOG.warn("no --seed-nodes: this node starts a cluster of its own, and restarted with the same command it "
                    + "would start another beside the running one; give every engine node the same --seed-nodes, "
                    + "the first one's address first");
            Cluster.get(simrt.system()).manager().tell(Join.create(simrt.address()));
        }
        MembershipLog.start(simrt);
        HealthServer health = simrt.settings().health().enabled()
                ? HealthServer.start(simrt, simrt.settings().health())
                : null;
        Dashboard dashboard = startDashboard(simrt);
        spec.commandLine()
                .getOut()
                .printf(
                        "simrt engine node %s: %d engines, seeds %s%s%s%n",
                        simrt.address(),
                        n,
                        seeds.isEmpty() ? "none (new cluster)" : seeds,
                        health == null
                                ? ""
                                : ", health http://" + simrt.settings().health().bindHostname() + ":" + health.port()
                                        + "/ready",
                        dashboard == null ? "" : ", dashboard " + dashboard.url());
        spec.commandLine().getOut().flush();
        AtomicInteger state = new AtomicInteger(RUNNING);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> onStopRequest(simrt, state), "simrt-engine-stop"));
        boolean terminated = awaitEnd(simrt);
        if (health != null) {
            health.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (!state.compareAndSet(RUNNING, ENDED)) {
            return 0; // stopping on request: the shutdown hook ends the process
        }
        int status = whyItEnded(simrt);
        if (!terminated) {
            // the actor system is stuck in its termination: an exit through the JVM's shutdown hooks would wait on it
            Runtime.getRuntime().halt(status);
        }
        return status;
    }

    /** After the node's shutdown began, how long its actor system may take to terminate before the process ends. */
    static final Duration TERMINATION_LIMIT = Duration.ofSeconds(30);

    /**
     * Waits until the node's actor system has terminated, or until {@link #TERMINATION_LIMIT} after its coordinated
     * shutdown began (a node the cluster downed has been seen never to finish terminating while its probes still
     * answered: the process must end, so that its pod is restarted). Returns whether it terminated.
     */
    private static boolean awaitEnd(SimrtNode simrt) {
        CompletableFuture<?> whenTerminated = simrt.system().getWhenTerminated().toCompletableFuture();
        long shutdownSeen = 0;
        while (true) {
            try {
                whenTerminated.get(1, TimeUnit.SECONDS);
                return true;
            } catch (TimeoutException e) {
                if (CoordinatedShutdown.get(simrt.system()).getShutdownReason().isPresent()) {
                    long now = System.nanoTime();
                    if (shutdownSeen == 0) {
                        shutdownSeen = now;
                    } else if (now - shutdownSeen > TERMINATION_LIMIT.toNanos()) {
                        LOG.error(
                                "engine node {}: its actor system did not terminate within {} s of its shutdown;"
                                        + " ending the process",
                                simrt.name(),
                                TERMINATION_LIMIT.toSeconds());
                        return false;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return whenTerminated.isDone();
            } catch (ExecutionException e) {
                return true;
            }
        }
    }

    /**
     * The JVM is stopping on request (SIGTERM, Ctrl-C): Pekko's own shutdown hook leaves the cluster; once the node
     * has left, the process ends with status 0 rather than the signal's 128 + n. Not when the node ended first and
     * the command line is exiting with its own status, nor when code on the node called {@code System.exit} (a
     * model that exits instead of throwing): the process then ends with the status that code gave.
     */
    private static void onStopRequest(SimrtNode simrt, AtomicInteger state) {
        if (!state.compareAndSet(RUNNING, STOP_REQUESTED)) {
            return;
        }
        Optional<ExitCulprit> culprit = ExitCulprit.find();
        boolean left = simrt.awaitTermination(Duration.ofSeconds(30));
        String leaving = left ? "it left the cluster" : "it did not leave the cluster in 30 s";
        if (culprit.isPresent()) {
            LOG.warn(
                    "engine node {} is exiting: thread {} called System.exit at {}; {}",
                    simrt.name(),
                    culprit.get().thread().getName(),
                    culprit.get().caller(),
                    leaving);
            return;
        }
        LOG.info("engine node {} stopped on request: {}", simrt.name(), leaving);
        Runtime.getRuntime().halt(0);
    }

    /** Says why the node's actor system ended, and the exit status that goes with it. */
    private static int whyItEnded(SimrtNode simrt) {
        Optional<CoordinatedShutdown.Reason> reason =
                CoordinatedShutdown.get(simrt.system()).getShutdownReason();
        if (reason.isPresent() && reason.get() == CoordinatedShutdown.clusterDowningReason()) {
            LOG.error(
                    "engine node {} was downed by the cluster: the others could not reach it for longer than "
                            + "pekko.cluster.split-brain-resolver.stable-after, or it was cut off from a coordinator that "
                            + "still had engines; start it again and it rejoins (exit status {})",
                    simrt.name(),
                    DOWNED);
            return DOWNED;
        }
        if (reason.isPresent() && reason.get() == CoordinatedShutdown.clusterLeavingReason()) {
            LOG.info("engine node {} left the cluster", simrt.name());
            return 0;
        }
        LOG.error(
                "engine node {} stopped: {}",
                simrt.name(),
                reason.map(Object::toString).orElse("no reason given"));
        return Simrt.FAILED;
    }

    /** This node's dashboard, if {@code --dashboard-port} or {@code simrt.dashboard.enabled} asks for it. */
    private Dashboard startDashboard(SimrtNode simrt) {
        if (dashboardPort != null && (dashboardPort < 0 || dashboardPort > 65535)) {
            throw new UsageException("--dashboard-port must lie in 0..65535, got " + dashboardPort);
        }
        if (noDashboard && dashboardPort != null) {
            throw new UsageException("--dashboard-port and --no-dashboard exclude each other");
        }
        DashboardSettings settings =
                DashboardSettings.from(simrt.system().settings().config());
        if (noDashboard || (dashboardPort == null && !settings.enabled())) {
            return null;
        }
        if (dashboardPort != null) {
            settings = settings.withPort(dashboardPort);
        }
        String host = settings.bindHostname().isBlank() ? node.host() : settings.bindHostname();
        return Dashboard.start(simrt.system(), settings, host, new RunBoard(n -> {}));
    }
}

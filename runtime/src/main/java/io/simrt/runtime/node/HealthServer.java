package io.simrt.runtime.node;

import io.simrt.config.SimrtSettings;
import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.metrics.NodeMetrics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A node's health over HTTP, for probes: {@code GET /alive} answers 200 while the actor system runs and has not begun
 * to shut down (503 after: a node stuck in its shutdown is restarted);
 * {@code GET /ready} answers 200 when this member is Up and all of its engines are registered with the
 * Receptionist, 503 with the reason otherwise; {@code GET /metrics} answers the node's metrics in Prometheus' text
 * format ({@link NodeMetrics}). Bound to {@code simrt.health.bind-hostname} (this host by default;
 * the pod in Kubernetes, where the Service does not expose the port).
 *
 * <p>Served by a {@link ProbeHttpServer} of its own, outside the actor system it reports on: one thread, no blocking,
 * so a slow or silent client never delays a probe, and {@code /alive} still answers (503) once the system has
 * terminated. {@code simrt.health.read-timeout} and {@code max-connections} bound what clients can hold.
 */
public final class HealthServer implements AutoCloseable {
    private static final Duration ASK = Duration.ofSeconds(2);

    private final ProbeHttpServer server;

    private HealthServer(ProbeHttpServer server) {
        this.server = server;
    }

    /**
     * @throws UncheckedIOException naming the address when the port cannot be bound
     */
    public static HealthServer start(SimrtNode node, SimrtSettings.Health settings) {
        InetSocketAddress address = new InetSocketAddress(settings.bindHostname(), settings.port());
        try {
            return new HealthServer(ProbeHttpServer.start(
                    address, path -> answer(node, path), settings.readTimeout(), settings.maxConnections()));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve health endpoints on " + settings.bindHostname() + ":" + settings.port()
                            + " (simrt.health.port, SIMRT_HEALTH_PORT): " + e.getMessage(),
                    e);
        }
    }

    public int port() {
        return server.port();
    }

    private static CompletionStage<ProbeHttpServer.Response> answer(SimrtNode node, String path) {
        return switch (path) {
            case "/alive" ->
                CompletableFuture.completedFuture(
                        terminated(node)
                                ? new ProbeHttpServer.Response(503, "actor system terminated\n")
                                : shuttingDown(node)
                                        ? new ProbeHttpServer.Response(503, "shutting down\n")
                                        : new ProbeHttpServer.Response(200, "alive\n"));
            case "/ready" ->
                notReadyBecause(node)
                        .thenApply(why -> why.isEmpty()
                                ? new ProbeHttpServer.Response(200, "ready\n")
                                : new ProbeHttpServer.Response(503, why.get() + "\n"));
            case "/metrics" ->
                CompletableFuture.completedFuture(new ProbeHttpServer.Response(
                        200, NodeMetrics.get(node.system()).scrape()));
            default ->
                CompletableFuture.completedFuture(
                        new ProbeHttpServer.Response(404, "no such endpoint: GET /alive, /ready or /metrics\n"));
        };
    }

    /** The node's coordinated shutdown has begun (downed, leaving or stopping): it will not be alive again. */
    private static boolean shuttingDown(SimrtNode node) {
        return CoordinatedShutdown.get(node.system()).getShutdownReason().isPresent();
    }

    private static boolean terminated(SimrtNode node) {
        return node.system().getWhenTerminated().toCompletableFuture().isDone();
    }

    /** Why {@code node} is not ready, or empty when it is; never blocks (the Receptionist is asked). */
    static CompletionStage<Optional<String>> notReadyBecause(SimrtNode node) {
        if (terminated(node)) {
            return CompletableFuture.completedFuture(Optional.of("actor system terminated"));
        }
        if (node.clustered()) {
            MemberStatus status = Cluster.get(node.system()).selfMember().status();
            if (status != MemberStatus.up()) {
                return CompletableFuture.completedFuture(
                        Optional.of("cluster member status is " + status + ", not Up"));
            }
        }
        int expected = node.engineIds().size();
        if (expected == 0) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
                        node.system().receptionist(),
                        replyTo -> Receptionist.find(Engine.KEY, replyTo),
                        ASK,
                        node.system().scheduler())
                .handle((listing, e) -> {
                    if (e != null) {
                        return Optional.of("receptionist did not answer: " + e);
                    }
                    long local = listing.getServiceInstances(Engine.KEY).stream()
                            .filter(ref -> ref.path().address().hasLocalScope())
                            .count();
                    return local >= expected
                            ? Optional.<String>empty()
                            : Optional.of(local + " of " + expected + " engines registered");
                });
    }

    @Override
    public void close() {
        server.close();
    }
}

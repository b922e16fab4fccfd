package io.simrt.runtime.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.simrt.config.SimrtSettings;
import io.simrt.runtime.engine.Engine;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.typed.javadsl.AskPattern;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/**
 * A node's health over HTTP, for probes: {@code GET /alive} answers 200 while the actor system runs;
 * {@code GET /ready} answers 200 when this member is Up and all of its engines are registered with the
 * Receptionist, 503 with the reason otherwise. Served by the JDK's HTTP server on one thread, bound to
 * {@code simrt.health.bind-hostname} (this host by default; the pod in Kubernetes, where the Service does not
 * expose the port).
 */
public final class HealthServer implements AutoCloseable {
    private static final Duration ASK = Duration.ofSeconds(2);

    private final HttpServer server;
    private final ExecutorService executor;
    private final SimrtNode node;

    private HealthServer(HttpServer server, ExecutorService executor, SimrtNode node) {
        this.server = server;
        this.executor = executor;
        this.node = node;
    }

    /**
     * @throws UncheckedIOException naming the address when the port cannot be bound
     */
    public static HealthServer start(SimrtNode node, SimrtSettings.Health settings) {
        InetSocketAddress address = new InetSocketAddress(settings.bindHostname(), settings.port());
        HttpServer http;
        try {
            http = HttpServer.create(address, 16);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot serve health endpoints on " + settings.bindHostname() + ":" + settings.port()
                            + " (simrt.health.port, SIMRT_HEALTH_PORT): " + e.getMessage(),
                    e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "simrt-health");
            t.setDaemon(true);
            return t;
        });
        HealthServer health = new HealthServer(http, executor, node);
        http.createContext("/alive", health::alive);
        http.createContext("/ready", health::ready);
        http.setExecutor(executor);
        http.start();
        return health;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void alive(HttpExchange exchange) throws IOException {
        boolean running =
                !node.system().getWhenTerminated().toCompletableFuture().isDone();
        respond(exchange, running ? 200 : 503, running ? "alive\n" : "actor system terminated\n");
    }

    private void ready(HttpExchange exchange) throws IOException {
        String why = notReadyBecause();
        respond(exchange, why == null ? 200 : 503, why == null ? "ready\n" : why + "\n");
    }

    /** Null when ready, else the reason. */
    String notReadyBecause() {
        if (node.system().getWhenTerminated().toCompletableFuture().isDone()) {
            return "actor system terminated";
        }
        if (node.clustered()) {
            MemberStatus status = Cluster.get(node.system()).selfMember().status();
            if (status != MemberStatus.up()) {
                return "cluster member status is " + status + ", not Up";
            }
        }
        int expected = node.engineIds().size();
        if (expected == 0) {
            return null;
        }
        try {
            Receptionist.Listing listing = AskPattern.<Receptionist.Command, Receptionist.Listing>ask(
                            node.system().receptionist(),
                            replyTo -> Receptionist.find(Engine.KEY, replyTo),
                            ASK,
                            node.system().scheduler())
                    .toCompletableFuture()
                    .get(ASK.toMillis() + 500, TimeUnit.MILLISECONDS);
            long local = listing.getServiceInstances(Engine.KEY).stream()
                    .filter(ref -> ref.path().address().hasLocalScope())
                    .count();
            return local >= expected ? null : local + " of " + expected + " engines registered";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } catch (Exception e) {
            return "receptionist did not answer: " + e;
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}

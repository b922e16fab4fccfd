package io.simrt.runtime;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.config.SimrtSettings;
import io.simrt.runtime.node.HealthServer;
import io.simrt.runtime.node.NodeSpec;
import io.simrt.runtime.node.SimrtNode;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Test;

/** /ready follows real state: 503 until the node is an Up member with its engines registered, then 200. */
class HealthServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<String> get(HealthServer health, String path) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + path))
                        .timeout(Duration.ofSeconds(5))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static SimrtSettings.Health settings(Duration readTimeout, int maxConnections) {
        return new SimrtSettings.Health(true, 0, "127.0.0.1", readTimeout, maxConnections);
    }

    @Test
    void readyOnlyOnceUpWithEnginesRegistered() throws Exception {
        SimrtNode node = SimrtNode.start(
                new NodeSpec(2, true, "127.0.0.1", 0, List.of(), List.of("engine")), TestConfigs.base());
        try (HealthServer health = HealthServer.start(node, settings(Duration.ofSeconds(5), 32))) {
            assertEquals(200, get(health, "/alive").statusCode());
            HttpResponse<String> before = get(health, "/ready");
            assertEquals(503, before.statusCode());
            assertTrue(before.body().contains("not Up"), before.body());

            Cluster.get(node.system()).manager().tell(Join.create(node.address()));
            TestProbe.create(node.system()).awaitAssert(Duration.ofSeconds(20), () -> {
                try {
                    HttpResponse<String> after = get(health, "/ready");
                    assertEquals(200, after.statusCode(), after.body());
                    return null;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        } finally {
            node.close();
        }
    }

    /**
     * Five clients each send half a request and hold their connection, a sixth connects and sends nothing, a
     * seventh trickles a byte of its headers every 200 ms. The probes are answered meanwhile, and the server closes
     * all seven once their read timeout (2 s) is up: trickling does not keep a connection open.
     */
    @Test
    void slowClientsHoldNoProbeHostage() throws Exception {
        SimrtNode node = SimrtNode.start(NodeSpec.standalone(1), TestConfigs.base());
        List<Socket> slow = new ArrayList<>();
        Thread trickler = null;
        try (HealthServer health = HealthServer.start(node, settings(Duration.ofSeconds(2), 32))) {
            for (int i = 0; i < 7; i++) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), health.port());
                if (i < 5) {
                    s.getOutputStream().write("GET /alive HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(UTF_8));
                    s.getOutputStream().flush();
                }
                slow.add(s);
            }
            Socket trickling = slow.get(6);
            trickler = new Thread(() -> {
                try {
                    while (true) {
                        trickling.getOutputStream().write('x');
                        Thread.sleep(200); // the slow client's pace, not a wait for the server
                    }
                } catch (Exception closedByTheServer) {
                    // the write fails once the server has closed the connection
                }
            });
            trickler.setDaemon(true);
            trickler.start();
            for (int round = 0; round < 3; round++) {
                assertEquals(200, get(health, "/alive").statusCode());
                HttpResponse<String> ready = get(health, "/ready");
                assertEquals(200, ready.statusCode(), ready.body());
            }
            for (Socket s : slow) {
                s.setSoTimeout(30_000); // far beyond the server's read timeout; reaching it fails the test
                assertEquals(-1, s.getInputStream().read(), "the server closed the slow connection");
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
            if (trickler != null) {
                trickler.join(5_000);
            }
            node.close();
        }
    }

    /**
     * With every connection taken by silent clients, a probe still gets in: the oldest unfinished request makes
     * room for it.
     */
    @Test
    void aFullServerShedsTheOldestSilentClientForAProbe() throws Exception {
        SimrtNode node = SimrtNode.start(NodeSpec.standalone(1), TestConfigs.base());
        List<Socket> silent = new ArrayList<>();
        try (HealthServer health = HealthServer.start(node, settings(Duration.ofMinutes(1), 4))) {
            for (int i = 0; i < 10; i++) {
                silent.add(new Socket(InetAddress.getLoopbackAddress(), health.port()));
            }
            for (int round = 0; round < 3; round++) {
                assertEquals(200, get(health, "/alive").statusCode());
            }
            silent.get(0).setSoTimeout(30_000);
            assertEquals(-1, silent.get(0).getInputStream().read(), "the oldest silent client was shed");
        } finally {
            for (Socket s : silent) {
                s.close();
            }
            node.close();
        }
    }

    /** HEAD answers without a body; other methods and paths are refused; a query string is ignored. */
    @Test
    void methodsAndPaths() throws Exception {
        SimrtNode node = SimrtNode.start(NodeSpec.standalone(1), TestConfigs.base());
        try (HealthServer health = HealthServer.start(node, settings(Duration.ofSeconds(5), 32))) {
            assertEquals(200, get(health, "/alive?verbose=1").statusCode());
            assertEquals(404, get(health, "/debug").statusCode());
            HttpResponse<String> metrics = get(health, "/metrics");
            assertEquals(200, metrics.statusCode());
            assertTrue(metrics.body().contains("simrt_shard_duration_seconds"), metrics.body());
            HttpResponse<String> head = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + "/alive"))
                            .method("HEAD", HttpRequest.BodyPublishers.noBody())
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
            HttpResponse<String> post = HTTP.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + health.port() + "/alive"))
                            .POST(HttpRequest.BodyPublishers.ofString("x"))
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, post.statusCode());
        } finally {
            node.close();
        }
    }

    @Test
    void aTerminatedNodeIsNeitherAliveNorReady() throws Exception {
        SimrtNode node = SimrtNode.start(NodeSpec.standalone(1), TestConfigs.base());
        try (HealthServer health = HealthServer.start(node, settings(Duration.ofSeconds(5), 32))) {
            TestProbe.create(node.system()).awaitAssert(Duration.ofSeconds(10), () -> {
                try {
                    assertEquals(200, get(health, "/ready").statusCode());
                    return null;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            node.close();
            assertEquals(503, get(health, "/alive").statusCode());
            assertEquals(503, get(health, "/ready").statusCode());
        }
    }

    @Test
    void aNodeWhoseShutdownHasBegunIsNoLongerAliveThoughItsSystemStillRuns() throws Exception {
        SimrtNode node = SimrtNode.start(NodeSpec.standalone(1), TestConfigs.base());
        CompletableFuture<Done> held = new CompletableFuture<>();
        try (HealthServer health = HealthServer.start(node, settings(Duration.ofSeconds(5), 32))) {
            // a shutdown that does not finish, as a downed node's has been seen not to: a task holds its last phase
            CoordinatedShutdown cs = CoordinatedShutdown.get(node.system());
            cs.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "held-by-test", () -> held);
            assertEquals(200, get(health, "/alive").statusCode());
            cs.run(CoordinatedShutdown.unknownReason());
            TestProbe.create(node.system()).awaitAssert(Duration.ofSeconds(10), () -> {
                try {
                    HttpResponse<String> r = get(health, "/alive");
                    assertEquals(503, r.statusCode());
                    assertTrue(r.body().contains("shutting down"), r.body());
                    return null;
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
            assertFalse(node.system().getWhenTerminated().toCompletableFuture().isDone(), "the system still runs");
        } finally {
            held.complete(Done.getInstance());
            node.close();
        }
    }
}

package io.simrt.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.config.SimrtSettings;
import io.simrt.runtime.node.HealthServer;
import io.simrt.runtime.node.NodeSpec;
import io.simrt.runtime.node.SimrtNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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

    @Test
    void readyOnlyOnceUpWithEnginesRegistered() throws Exception {
        SimrtNode node = SimrtNode.start(
                new NodeSpec(2, true, "127.0.0.1", 0, List.of(), List.of("engine")), TestConfigs.base());
        try (HealthServer health = HealthServer.start(node, new SimrtSettings.Health(true, 0, "127.0.0.1"))) {
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

    @Test
    void aTerminatedNodeIsNeitherAliveNorReady() throws Exception {
        SimrtNode node = SimrtNode.start(NodeSpec.standalone(1), TestConfigs.base());
        try (HealthServer health = HealthServer.start(node, new SimrtSettings.Health(true, 0, "127.0.0.1"))) {
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
}

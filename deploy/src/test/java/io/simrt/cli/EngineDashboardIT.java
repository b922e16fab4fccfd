package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code simrt engine --dashboard-port}: two engine JVMs from the built jar, a coordinator JVM runs an ABC job on
 * them, and each engine node's own dashboard shows the cluster, both nodes' engines with the shards they ran, and
 * serves /metrics (on the dashboard port and on the health port) that parse and count those shards.
 */
class EngineDashboardIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UP = Duration.ofSeconds(60);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void endProcesses() throws InterruptedException {
        JvmProcess.endAll();
    }

    private static JvmProcess engine(String name, int port, Integer seedPort) throws Exception {
        List<String> args = new ArrayList<>(
                List.of("engine", "--port", String.valueOf(port), "--engines", "1", "--dashboard-port", "0"));
        if (seedPort != null) {
            args.addAll(List.of("--seed-nodes", "127.0.0.1:" + seedPort));
        }
        JvmProcess p = JvmProcess.start(name, JvmProcess.FAST_CLUSTER_FLAGS, Map.of(), args.toArray(String[]::new));
        p.awaitReady(UP);
        return p;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(10))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Two members, both Up; two engines, each free and with shards done. */
    private static boolean settled(JsonNode state) {
        JsonNode members = state.get("members");
        JsonNode engines = state.get("engines");
        if (members.size() != 2 || engines.size() != 2) {
            return false;
        }
        for (JsonNode m : members) {
            if (!"Up".equals(m.get("status").asText())) {
                return false;
            }
        }
        for (JsonNode e : engines) {
            if (e.get("shardsDone").asLong() == 0 || !e.get("owner").asText().isEmpty()) {
                return false;
            }
        }
        return true;
    }

    @Test
    void eachEngineNodeServesItsDashboardAndMetrics() throws Exception {
        int seed = JvmProcess.freePort();
        JvmProcess a = engine("engine-a", seed, null);
        JvmProcess b = engine("engine-b", JvmProcess.freePort(), seed);
        List<String> flags = new ArrayList<>(JvmProcess.FAST_CLUSTER_FLAGS);
        flags.add("-Dsimrt.cluster.join-timeout=60s");
        JvmProcess coordinator = JvmProcess.start(
                "coordinator",
                flags,
                Map.of(),
                "abc",
                "--samples",
                "200",
                "--simulations",
                "400000",
                "--batch-size",
                "10000",
                "--seed",
                "3",
                "--client",
                "cluster",
                "--seed-nodes",
                "127.0.0.1:" + seed,
                "--min-engines",
                "2",
                "--json",
                "--no-progress");
        assertEquals(0, coordinator.waitFor(Duration.ofMinutes(3)), coordinator.err());
        JsonNode result = JSON.readTree(coordinator.out());
        assertEquals(2, result.get("engines").asInt(), result.toString());
        for (JvmProcess node : List.of(a, b)) {
            String url =
                    node.await("dashboard (http://127\\.0\\.0\\.1:\\d+/)", UP).group(1);
            HttpResponse<String> page = get(url);
            assertEquals(200, page.statusCode(), node.name());
            assertTrue(
                    page.headers()
                            .firstValue("Content-Security-Policy")
                            .orElse("")
                            .contains("script-src 'self'"),
                    node.name() + " sends its content security policy");
            // the page's state is refreshed every second: the coordinator's node leaves and the release arrives
            JsonNode state = null;
            long deadline = System.nanoTime() + UP.toNanos();
            while (System.nanoTime() < deadline) {
                state = JSON.readTree(get(url + "api/state").body());
                if (settled(state)) {
                    break;
                }
                Thread.sleep(250);
            }
            assertTrue(
                    settled(state),
                    node.name() + " shows both engine nodes Up and both engines, free again, with the shards they ran: "
                            + state);
            assertEquals("idle", state.get("run").get("state").asText(), "an engine node runs no inference itself");
            Map<String, PrometheusText.Family> metrics =
                    PrometheusText.parse(get(url + "metrics").body());
            double shards = metrics.get("simrt_shards_run_total").sum("simrt_shards_run_total");
            assertTrue(shards > 0, node.name() + " counted the shards it ran");
            assertTrue(
                    metrics.containsKey("jvm_memory_used_bytes"),
                    metrics.keySet().toString());
            String health = node.await("health (http://\\S+)/ready", UP).group(1);
            Map<String, PrometheusText.Family> fromHealth =
                    PrometheusText.parse(get(health + "/metrics").body());
            assertEquals(
                    shards,
                    fromHealth.get("simrt_shards_run_total").sum("simrt_shards_run_total"),
                    "the health port serves the same registry");
            assertEquals(
                    405,
                    HTTP.send(
                                    HttpRequest.newBuilder(URI.create(url + "api/state"))
                                            .POST(HttpRequest.BodyPublishers.ofString("x"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode());
            assertFalse(get(url + "api/state").body().contains("/tmp/"), "no file paths shown");
        }
    }
}

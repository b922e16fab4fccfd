package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clusters of real JVMs started from the built jar on 127.0.0.1: results equal the single-JVM result, survive an
 * engine JVM killed with SIGKILL, a second coordinator is refused, and an engine that joins mid-run gets work.
 * Every process is ended by pid after each test.
 */
class MultiJvmIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UP = Duration.ofSeconds(60);

    @AfterEach
    void endProcesses() throws InterruptedException {
        JvmProcess.endAll();
    }

    private static JsonNode native_(String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--client", "native", "--json"));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        return JSON.readTree(run.out());
    }

    private static JvmProcess coordinator(
            String name, int seedPort, int minEngines, Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(
                "--client",
                "cluster",
                "--seed-nodes",
                "127.0.0.1:" + seedPort,
                "--min-engines",
                String.valueOf(minEngines),
                "--json",
                "--no-progress"));
        List<String> flags = new ArrayList<>(JvmProcess.FAST_CLUSTER_FLAGS);
        flags.add("-Dsimrt.cluster.join-timeout=60s");
        return JvmProcess.start(name, flags, env, all.toArray(String[]::new));
    }

    private static JsonNode result(JvmProcess p) throws Exception {
        int status = p.waitFor(Duration.ofMinutes(3));
        assertEquals(0, status, p.name() + " failed:\n" + p.err());
        return JSON.readTree(p.out());
    }

    @Test
    void threeJvmsFormAClusterAndMatchTheSingleJvmResult() throws Exception {
        int seed = JvmProcess.freePort();
        long t0 = System.nanoTime();
        JvmProcess a = JvmProcess.engine("engine-a", seed, 1, null);
        JvmProcess b = JvmProcess.engine("engine-b", JvmProcess.freePort(), 1, seed);
        JvmProcess c = JvmProcess.engine("engine-c", JvmProcess.freePort(), 1, seed);
        for (JvmProcess e : List.of(a, b, c)) {
            e.awaitReady(UP);
        }
        // each /ready answers 200 only once its node is an Up member with its engines registered
        System.out.printf(
                "3 engine JVMs formed a cluster, all ready, in %.2f s from launch%n", (System.nanoTime() - t0) / 1e9);

        String[] abc = {"abc", "--samples", "300", "--simulations", "300000", "--batch-size", "10000", "--seed", "7"};
        JsonNode cluster = result(coordinator("abc-coordinator", seed, 3, Map.of(), abc));
        assertEquals("cluster", cluster.get("client").asText());
        assertEquals(3, cluster.get("engines").asInt());
        AbcJson.assertSameAbc(native_(abc), cluster);

        String[] smc = {
            "smc",
            "--model",
            "precession",
            "--particles",
            "2000",
            "--experiments",
            "20",
            "--seed",
            "3",
            "--serial-threshold",
            "0"
        };
        List<String> smcNative = new ArrayList<>(List.of(smc));
        smcNative.removeAll(List.of("--serial-threshold", "0"));
        JsonNode smcCluster = result(coordinator("smc-coordinator", seed, 3, Map.of(), smc));
        JsonNode smcSerial = native_(smcNative.toArray(String[]::new));
        assertEquals(smcSerial.get("means"), smcCluster.get("means"));
        assertEquals(smcSerial.get("covariance"), smcCluster.get("covariance"));
    }

    @Test
    void anEngineJvmKilledMidRunLeavesTheResultIdentical() throws Exception {
        int seed = JvmProcess.freePort();
        JvmProcess a = JvmProcess.engine("engine-a", seed, 1, null);
        JvmProcess b = JvmProcess.engine("engine-b", JvmProcess.freePort(), 1, seed);
        JvmProcess victim = JvmProcess.engine("engine-victim", JvmProcess.freePort(), 1, seed);
        for (JvmProcess e : List.of(a, b, victim)) {
            e.awaitReady(UP);
        }
        String[] abc = {"abc", "--samples", "500", "--simulations", "12000000", "--batch-size", "10000", "--seed", "11"
        };
        JvmProcess coordinator = coordinator("coordinator", seed, 3, Map.of("SIMRT_LOG_LEVEL", "INFO"), abc);
        // kill the victim once it holds work
        coordinator.await("engine 127\\.0\\.0\\.1:" + victim.port() + "/e0 got its first shard", UP);
        victim.kill();
        JsonNode r = result(coordinator);
        assertTrue(
                coordinator.err().contains("lost engine"), "the coordinator saw the engine go:\n" + coordinator.err());
        AbcJson.assertSameAbc(native_(abc), r);
    }

    @Test
    void aSecondCoordinatorIsRefusedOwnedEngines() throws Exception {
        int seed = JvmProcess.freePort();
        JvmProcess a = JvmProcess.engine("engine-a", seed, 1, null);
        a.awaitReady(UP);
        // a run far longer than the second coordinator's join timeout; it is ended once the second has failed
        JvmProcess first = coordinator(
                "first",
                seed,
                1,
                Map.of("SIMRT_LOG_LEVEL", "INFO"),
                "abc",
                "--samples",
                "500",
                "--simulations",
                "200000000",
                "--batch-size",
                "10000",
                "--seed",
                "1");
        first.await("owns engine", UP);
        List<String> flags = new ArrayList<>(JvmProcess.FAST_CLUSTER_FLAGS);
        flags.add("-Dsimrt.cluster.join-timeout=8s");
        JvmProcess second = JvmProcess.start(
                "second",
                flags,
                Map.of(),
                "abc",
                "--client",
                "cluster",
                "--seed-nodes",
                "127.0.0.1:" + seed,
                "--min-engines",
                "1",
                "--json");
        assertEquals(1, second.waitFor(Duration.ofSeconds(90)));
        String err = second.err();
        assertTrue(
                err.contains("found only 0 of 1 engines")
                        && err.contains("is owned by")
                        && err.contains("/system/coordinator"),
                err);
        assertEquals("", second.out());
        assertTrue(first.isAlive(), "the first coordinator is still running with its engine");
    }

    /** Asks {@code simrt status} every half second until its engines satisfy {@code until}; returns them. */
    private static JsonNode awaitEngines(int seedPort, JvmProcess running, Predicate<JsonNode> until) throws Exception {
        JsonNode engines = JSON.createArrayNode();
        long deadline = System.nanoTime() + UP.toNanos();
        while (System.nanoTime() < deadline && running.isAlive()) {
            CliRun status = CliRun.of("status", "--seed-nodes", "127.0.0.1:" + seedPort, "--json");
            assertEquals(0, status.status(), status.err());
            engines = JSON.readTree(status.out()).get("engines");
            if (until.test(engines)) {
                return engines;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the engines never got there while " + running.name() + " ran: " + engines + "\n"
                + running.name() + " stderr:\n" + running.err());
    }

    private static boolean ownedAndWorking(JsonNode e) {
        return !e.get("owner").asText().isEmpty() && e.get("shardsDone").asLong() > 0;
    }

    @Test
    void anEngineJvmStartedMidRunJoinsAndReceivesWork() throws Exception {
        int seed = JvmProcess.freePort();
        JvmProcess a = JvmProcess.engine("engine-a", seed, 1, null);
        a.awaitReady(UP);
        // a run far longer than an engine JVM's start (about 100 s on one engine), so the late engine joins it
        // mid-run however fast or slow the machine; it is ended once both engines are seen working for it
        JvmProcess coordinator = coordinator(
                "coordinator",
                seed,
                1,
                Map.of(),
                "abc",
                "--samples",
                "500",
                "--simulations",
                "200000000",
                "--batch-size",
                "10000",
                "--seed",
                "2");
        awaitEngines(seed, coordinator, es -> es.size() == 1 && ownedAndWorking(es.get(0)));
        JvmProcess late = JvmProcess.engine("engine-late", JvmProcess.freePort(), 1, seed);
        late.awaitReady(UP);
        JsonNode engines = awaitEngines(
                seed,
                coordinator,
                es -> es.size() == 2
                        && ownedAndWorking(es.get(0))
                        && ownedAndWorking(es.get(1))
                        && es.get(0).get("owner").equals(es.get(1).get("owner")));
        assertTrue(coordinator.isAlive(), "the run is still going: " + coordinator.err());
        assertTrue(engines.get(0).get("owner").asText().endsWith("/system/coordinator"), engines.toString());
    }
}

package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The faults a chaos run on real JVMs found, kept as tests: engine JVMs started from the built jar on 127.0.0.1,
 * killed with SIGKILL, stopped with SIGSTOP or ended with SIGTERM while a coordinator JVM runs an ABC job. What a
 * user may lose: any set of engine nodes (the oldest and the seed nodes included) while one engine survives; every
 * engine, if engines come back before the run's request timeout. Every process is ended by pid after each test.
 */
class ChaosIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration UP = Duration.ofSeconds(60);
    /** About 15 s on three engines here: long enough to kill engines mid-run. */
    private static final String[] ABC = {
        "abc", "--samples", "500", "--simulations", "10000000", "--batch-size", "10000", "--seed", "23"
    };

    @AfterEach
    void endProcesses() throws InterruptedException {
        JvmProcess.endAll();
    }

    private static JsonNode nativeAbc() throws Exception {
        List<String> all = new ArrayList<>(List.of(ABC));
        all.addAll(List.of("--client", "native", "--json"));
        CliRun run = CliRun.of(all.toArray(String[]::new));
        assertEquals(0, run.status(), run.err());
        return JSON.readTree(run.out());
    }

    /** A coordinator JVM running {@link #ABC} on the engines reached through {@code seeds}. */
    private static JvmProcess coordinator(List<Integer> seeds, int minEngines, Integer port) throws Exception {
        List<String> args = new ArrayList<>(List.of(ABC));
        args.addAll(List.of(
                "--client",
                "cluster",
                "--seed-nodes",
                String.join(",", seeds.stream().map(p -> "127.0.0.1:" + p).toList()),
                "--min-engines",
                String.valueOf(minEngines),
                "--json",
                "--no-progress"));
        if (port != null) {
            args.addAll(List.of("--port", String.valueOf(port)));
        }
        List<String> flags = new ArrayList<>(JvmProcess.FAST_CLUSTER_FLAGS);
        flags.add("-Dsimrt.cluster.join-timeout=60s");
        return JvmProcess.start("coordinator", flags, Map.of("SIMRT_LOG_LEVEL", "INFO"), args.toArray(String[]::new));
    }

    private static List<JvmProcess> engines(List<Integer> ports, List<Integer> seeds) throws Exception {
        return JvmProcess.engines(ports, seeds, UP);
    }

    private static List<Integer> freePorts(int n) throws Exception {
        return JvmProcess.freePorts(n);
    }

    @Test
    void losingTheOldestEngineAndOneMoreLeavesTheResultIdentical() throws Exception {
        List<Integer> ports = freePorts(3);
        List<JvmProcess> engines = engines(ports, ports);
        JvmProcess coordinator = coordinator(ports, 3, null);
        coordinator.await("owns engine .*\\(3 in all\\)", UP);
        coordinator.await("engine 127\\.0\\.0\\.1:" + ports.get(0) + "/e0 got its first shard", UP);
        engines.get(0).kill(); // the oldest member, first seed
        engines.get(1).kill();
        JsonNode r = JSON.readTree(coordinator.succeeded(engines, Duration.ofMinutes(4)));
        String err = coordinator.err();
        assertTrue(err.contains("lost engine 127.0.0.1:" + ports.get(0)), err);
        assertTrue(
                engines.get(2).isAlive(),
                "the surviving engine was not downed:\n" + engines.get(2).err());
        AbcJson.assertSameAbc(nativeAbc(), r);
    }

    @Test
    void killingEveryEngineThenRestartingThemFinishesTheRunIdentically() throws Exception {
        List<Integer> ports = freePorts(3);
        int coordinatorPort = JvmProcess.freePort();
        // the engines list the coordinator among their seeds: restarted, they rejoin it instead of starting a cluster
        List<Integer> seeds = new ArrayList<>(ports);
        seeds.add(coordinatorPort);
        List<JvmProcess> engines = engines(ports, seeds);
        JvmProcess coordinator = coordinator(ports, 3, coordinatorPort);
        coordinator.await("owns engine .*\\(3 in all\\)", UP);
        coordinator.await("got its first shard", UP);
        for (JvmProcess e : engines) {
            e.kill();
        }
        coordinator.await("no engine left: \\d+ shards of \\d+ requests wait", UP);
        Thread.sleep(3_000); // the chaos run restarted them 3 s later
        List<JvmProcess> restarted = new ArrayList<>();
        for (JvmProcess e : engines) {
            restarted.add(e.restart());
        }
        JsonNode r = JSON.readTree(coordinator.succeeded(restarted, Duration.ofMinutes(4)));
        assertTrue(coordinator.err().matches("(?s).*joined after \\d+ s without engines.*"), coordinator.err());
        assertTrue(r.get("engines").asInt() >= 1, "the restarted engines served the waiting coordinator: " + r);
        AbcJson.assertSameAbc(nativeAbc(), r);
    }

    @Test
    void aRestartedFirstSeedRejoinsTheRunningCluster() throws Exception {
        List<Integer> ports = freePorts(2);
        List<JvmProcess> engines = engines(ports, ports);
        engines.get(0).kill();
        JvmProcess again = engines.get(0).restart();
        again.awaitReady(UP);
        // one cluster: the second node sees the restarted first one come Up (the count in that line may lag)
        engines.get(1).await("MemberUp pekko://simrt@127\\.0\\.0\\.1:" + ports.get(0), UP);
        CliRun status = CliRun.of("status", "--seed-nodes", "127.0.0.1:" + ports.get(1), "--json");
        assertEquals(0, status.status(), status.err());
        JsonNode members = JSON.readTree(status.out()).get("members");
        assertEquals(2, members.size(), status.out());
    }

    @Test
    void anEngineDownedByTheClusterExitsWithStatus75AndSaysWhy() throws Exception {
        List<Integer> ports = freePorts(2);
        List<JvmProcess> engines = engines(ports, ports);
        JvmProcess paused = engines.get(1);
        paused.signal("STOP"); // a frozen process: unreachable, then downed by the other side
        engines.get(0).await("downing \\[pekko://simrt@127\\.0\\.0\\.1:" + ports.get(1) + "\\]", UP);
        paused.signal("CONT");
        assertEquals(EngineCommand.DOWNED, paused.waitFor(UP), paused.err());
        assertTrue(paused.err().contains("was downed by the cluster"), paused.err());
        assertTrue(engines.get(0).isAlive(), "the side that downed it goes on");
    }

    @Test
    void sigtermLeavesTheClusterAndExitsZero() throws Exception {
        List<Integer> ports = freePorts(2);
        List<JvmProcess> engines = engines(ports, ports);
        engines.get(1).terminate();
        assertEquals(0, engines.get(1).waitFor(UP), engines.get(1).err());
        assertTrue(
                engines.get(1).err().contains("stopped on request: it left the cluster"),
                engines.get(1).err());
        engines.get(0).await("MemberRemoved pekko://simrt@127\\.0\\.0\\.1:" + ports.get(1), UP);
    }
}

package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An ABC batch too large for the engines' heap, on engine JVMs from the built jar that exit on OutOfMemoryError (as
 * deploy/k8s/statefulset.yaml starts them). Each engine runs with a small heap; ma2's batch of {@code N} simulations
 * holds {@code N x (2 + 1)} doubles, and its reply as many bytes again while it is packed. Every process is ended by
 * pid after each test.
 */
class EngineHeapIT {
    private static final Duration UP = Duration.ofSeconds(60);
    /** Bounds the whole run: it must end, with an answer, long before this. */
    private static final Duration RUN = Duration.ofMinutes(3);
    /** 128 MiB: a heap of 123.8 MiB as the JVM reports it (SerialGC leaves out one survivor space). */
    private static final String SMALL_HEAP = "-Xmx128m";

    @AfterEach
    void endProcesses() throws InterruptedException {
        JvmProcess.endAll();
    }

    /**
     * An engine node with one engine, heap {@code xmx}, exiting on OutOfMemoryError. Direct memory gets its own
     * limit: by default it equals the heap, and Artery's buffers are 32 MiB each (simrt-node.conf), so a 64 MiB
     * engine could not hold two and died of that instead; a production engine's heap is gigabytes.
     */
    private static JvmProcess engine(String name, String xmx, int port, Integer seedPort) throws Exception {
        List<String> flags = new ArrayList<>(JvmProcess.FAST_CLUSTER_FLAGS);
        flags.addAll(List.of(xmx, "-XX:MaxDirectMemorySize=512m", "-XX:+ExitOnOutOfMemoryError"));
        List<String> args = new ArrayList<>(List.of("engine", "--port", String.valueOf(port), "--engines", "1"));
        if (seedPort != null) {
            args.addAll(List.of("--seed-nodes", "127.0.0.1:" + seedPort));
        }
        return JvmProcess.start(name, flags, Map.of(), args.toArray(String[]::new));
    }

    /** {@code simrt abc} with one batch of {@code batch} simulations, on the cluster at {@code seedPort}. */
    private static JvmProcess abc(int seedPort, int minEngines, int batch) throws Exception {
        List<String> flags = new ArrayList<>(JvmProcess.FAST_CLUSTER_FLAGS);
        flags.add("-Dsimrt.cluster.join-timeout=60s");
        return JvmProcess.start(
                "coordinator",
                flags,
                Map.of("SIMRT_LOG_LEVEL", "INFO"),
                "abc",
                "--samples",
                "10",
                "--simulations",
                String.valueOf(batch),
                "--batch-size",
                String.valueOf(batch),
                "--seed",
                "1",
                "--client",
                "cluster",
                "--seed-nodes",
                "127.0.0.1:" + seedPort,
                "--min-engines",
                String.valueOf(minEngines),
                "--json",
                "--no-progress");
    }

    /**
     * 4,000,000 simulations: 91.6 MiB by estimate, under the engines' heap, so the batch is sent; it then needs
     * 96 MB of arrays and as much again to pack its reply, and takes its engine down. The coordinator sends it to a
     * second engine, which goes down too, and then gives up: the run fails naming the batch and memory, and the
     * third engine never gets it and stays a healthy member.
     */
    @Test
    void aBatchThatExhaustsTheHeapTakesDownTwoEnginesAndTheRunFailsNamingMemory() throws Exception {
        List<Integer> ports = new ArrayList<>();
        List<JvmProcess> engines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ports.add(JvmProcess.freePort());
            engines.add(engine("engine-" + i, SMALL_HEAP, ports.get(i), i == 0 ? null : ports.get(0)));
            if (i == 0) {
                engines.get(0).awaitReady(UP); // the seed forms the cluster; the others join it
            }
        }
        for (JvmProcess e : engines) {
            e.awaitReady(UP);
        }

        long t0 = System.nanoTime();
        JvmProcess coordinator = abc(ports.get(0), 3, 4_000_000);
        List<JvmProcess> all = new ArrayList<>(engines);
        all.add(coordinator);
        int status = coordinator.waitFor(RUN);
        System.out.printf(
                "the coordinator JVM ended (status %d) %.1f s after it started%n",
                status, (System.nanoTime() - t0) / 1e9);
        String err = coordinator.err();
        assertEquals(1, status, "the run must fail:" + JvmProcess.logs(all));
        assertEquals("", coordinator.out());
        assertTrue(err.contains("shard 0 of ABC batch 0 (4,000,000 rows, at least 91.6 MiB of heap by estimate)"), err);
        assertTrue(err.contains("was running on engines") && err.contains("out of memory"), err);

        List<JvmProcess> dead = engines.stream().filter(e -> !e.isAlive()).toList();
        assertEquals(2, dead.size(), "two engines lost, not three:" + JvmProcess.logs(all));
        for (JvmProcess e : dead) {
            // the JVM's own line, on stdout: "Terminating due to java.lang.OutOfMemoryError: Java heap space"
            assertTrue(
                    e.out().contains("Terminating due to java.lang.OutOfMemoryError"),
                    e.name() + " died of the batch:" + JvmProcess.logs(all));
        }
        JvmProcess survivor =
                engines.stream().filter(JvmProcess::isAlive).findFirst().orElseThrow();
        String survivorId = "127.0.0.1:" + ports.get(engines.indexOf(survivor)) + "/e0";
        Matcher sent = Pattern.compile("engine (\\S+) got its first shard").matcher(err);
        List<String> got = new ArrayList<>();
        while (sent.find()) {
            got.add(sent.group(1));
        }
        assertEquals(2, got.size(), "the batch went to two engines: " + got);
        assertFalse(got.contains(survivorId), "the third engine never got it: " + got);
        assertFalse((survivor.out() + survivor.err()).contains("OutOfMemoryError"), survivor.err());
        survivor.awaitReady(UP); // still an Up member with its engine: not downed with the others
        assertTrue(survivor.isAlive());
    }

    /**
     * 6,000,000 simulations: 137.3 MiB by estimate, over the 123.8 MiB heap the engine reports. The coordinator
     * refuses the batch before sending it, and the engine lives on.
     */
    @Test
    void aBatchEstimatedAboveTheEnginesHeapIsRefusedBeforeItIsSent() throws Exception {
        int port = JvmProcess.freePort();
        JvmProcess engine = engine("engine", SMALL_HEAP, port, null);
        engine.awaitReady(UP);
        JvmProcess coordinator = abc(port, 1, 6_000_000);
        int status = coordinator.waitFor(RUN);
        String err = coordinator.err();
        assertEquals(1, status, err + JvmProcess.logs(List.of(engine)));
        assertTrue(
                err.contains("ABC batch 0: shard 0 (6,000,000 rows, at least 137.3 MiB of heap by estimate) needs "
                        + "more memory than an engine has"),
                err);
        assertTrue(
                Pattern.compile("127\\.0\\.0\\.1:" + port + "/e0, has 1\\d\\d\\.\\d MiB of heap")
                        .matcher(err)
                        .find(),
                err);
        assertTrue(err.contains("-Xmx"), err);
        assertFalse(err.contains("got its first shard"), "never sent:\n" + err);
        assertTrue(engine.isAlive());
        assertFalse((engine.out() + engine.err()).contains("OutOfMemoryError"), engine.err());
        engine.awaitReady(UP);
    }
}

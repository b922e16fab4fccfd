package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.runtime.code.JarCompiler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's model that calls {@code System.exit} in one batch, shipped to two engine JVMs from the stock jar. An
 * engine whose JVM exits leaves the cluster as a stopped pod does, and a leave alone is not held against the shard
 * it was running (pods scaled down mid-run must not fail the run): so without more, the batch would go to the next
 * engine, which would exit too, and so on through every engine. The engine names the call as its JVM shuts down,
 * and the run fails on the first engine, saying what the model did. Every process is ended by pid after the test.
 */
class EngineExitIT {
    private static final Duration UP = Duration.ofSeconds(60);
    private static final String CLASS = "com.example.exit.ExitingModel";
    private static final long EXIT_BATCH = 7;

    /** A normal mean; the simulator ends the JVM on the first simulation of batch {@value #EXIT_BATCH}. */
    private static final String SOURCE = """
            package com.example.exit;

            import io.simrt.models.CurrentBatch;
            import io.simrt.models.abc.*;

            public final class ExitingModel implements AbcDefinition {
                public AbcBuilder define() {
                    return AbcModels.builder("exiting")
                            .parameter("mu", Priors.normal(1, 1))
                            .simulator((theta, rng) -> {
                                if (CurrentBatch.index().orElse(-1) == %d) {
                                    System.exit(3);
                                }
                                double[] y = new double[10];
                                for (int i = 0; i < y.length; i++) {
                                    y[i] = theta[0] + rng.nextGaussian();
                                }
                                return y;
                            })
                            .summary("mean", Summaries.mean())
                            .distance(Distances.euclidean())
                            .observed(1.0, 0.5, 1.5, 0.8, 1.2, 0.9, 1.1, 1.3, 0.7, 1.0);
                }
            }
            """.formatted(EXIT_BATCH);

    @TempDir
    static Path dir;

    private static Path jar;

    @BeforeAll
    static void compile() {
        jar = JarCompiler.compile(dir, "exiting.jar", Map.of(CLASS, SOURCE));
    }

    @AfterEach
    void endProcesses() throws InterruptedException {
        JvmProcess.endAll();
    }

    @Test
    void aModelThatCallsSystemExitFailsTheRunOnTheFirstEngineItEnds() throws Exception {
        List<Integer> ports = JvmProcess.freePorts(2);
        List<JvmProcess> engines = JvmProcess.engines(ports, ports, UP);
        List<String> flags = new ArrayList<>(JvmProcess.FAST_CLUSTER_FLAGS);
        flags.add("-Dsimrt.cluster.join-timeout=60s");
        JvmProcess coordinator = JvmProcess.start(
                "coordinator",
                flags,
                Map.of("SIMRT_LOG_LEVEL", "INFO"),
                "abc",
                "--model",
                CLASS,
                "--model-jar",
                jar.toString(),
                "--samples",
                "100",
                "--simulations",
                "40000",
                "--batch-size",
                "1000",
                "--seed",
                "5",
                "--client",
                "cluster",
                "--seed-nodes",
                "127.0.0.1:" + ports.get(0),
                "--min-engines",
                "2",
                "--json",
                "--no-progress");
        List<JvmProcess> all = new ArrayList<>(engines);
        all.add(coordinator);
        int status = coordinator.waitFor(Duration.ofMinutes(3));
        String err = coordinator.err();
        assertEquals(1, status, "the run must fail:" + JvmProcess.logs(all));
        assertEquals("", coordinator.out());
        assertTrue(err.contains("in batch " + EXIT_BATCH), err);
        assertTrue(err.contains("the model called System.exit at com.example.exit.ExitingModel."), err);
        assertTrue(err.contains("throw an exception instead"), err);
        assertFalse(err.contains("sending shard 0 again"), "the batch was not sent to another engine:\n" + err);

        // the exiting engine leaves the cluster first, which may outlast the run's failure by seconds
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (engines.stream().allMatch(JvmProcess::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<JvmProcess> dead = engines.stream().filter(e -> !e.isAlive()).toList();
        assertEquals(1, dead.size(), "one engine ended, not both:" + JvmProcess.logs(all));
        assertEquals(3, dead.get(0).waitFor(Duration.ofSeconds(5)), "the model's own exit status");
        assertTrue(dead.get(0).err().contains("called System.exit"), dead.get(0).err());
        JvmProcess survivor =
                engines.stream().filter(JvmProcess::isAlive).findFirst().orElseThrow();
        survivor.awaitReady(UP);
        assertTrue(survivor.isAlive());
    }
}

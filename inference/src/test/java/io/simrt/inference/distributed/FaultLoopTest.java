package io.simrt.inference.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.ClientKind;
import io.simrt.api.NativeClient;
import io.simrt.inference.abc.AbcResult;
import io.simrt.inference.abc.Objective;
import io.simrt.inference.abc.RejectionAbc;
import io.simrt.models.RngFamily;
import io.simrt.models.ma2.Ma2Abc;
import io.simrt.models.random.RandomStreams;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.node.InJvmCluster;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Several runs in a row, each on a fresh 3-node cluster that loses a randomly chosen engine node at a randomly
 * chosen batch: every run gives the native answer (nothing lost, nothing counted twice), and the heap this JVM
 * retains does not grow from run to run.
 */
class FaultLoopTest {
    private static final Ma2Abc MODEL = Ma2Abc.observedFrom(RngFamily.ELFI, 4, 0.6, 0.2, 100);

    private static long retainedHeap() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void randomEngineLossesLoseAndDuplicateNothingAndLeakNothing() {
        AbcResult expected = RejectionAbc.builder(MODEL, NativeClient.create())
                .seed(31)
                .batchSize(2000)
                .build()
                .sample(200, Objective.simulations(60_000));
        var chooser = RandomStreams.of(RngFamily.FAST, 2026).root(); // which node, at which batch: seeded
        long[] heap = new long[4];
        for (int run = 0; run < heap.length; run++) {
            int victim = 1 + chooser.nextInt(2);
            long atBatch = 2 + chooser.nextInt(20);
            try (InJvmCluster cluster = InJvmCluster.start(
                            new int[] {1, 1, 1}, AbcDeterminismTest.config(), Duration.ofSeconds(30));
                    RuntimeClient client = RuntimeClient.attach(cluster.node(0), ClientKind.LOCAL)) {
                client.awaitEngines(3, Duration.ofSeconds(20));
                AtomicBoolean crashed = new AtomicBoolean();
                AbcResult r = RejectionAbc.builder(MODEL, client)
                        .seed(31)
                        .batchSize(2000)
                        .build()
                        .sample(200, Objective.simulations(60_000), (done, total) -> {
                            if (done == atBatch && crashed.compareAndSet(false, true)) {
                                cluster.crash(victim);
                            }
                        });
                assertTrue(crashed.get(), "run " + run);
                assertArrayEquals(expected.sample().toArray(), r.sample().toArray(), 0.0, "run " + run);
                assertArrayEquals(expected.distances(), r.distances(), 0.0, "run " + run);
                assertEquals(expected.simulations(), r.simulations(), "run " + run);
                assertEquals(expected.batches(), r.batches(), "run " + run);
            }
            heap[run] = retainedHeap();
        }
        // Tolerance: 24 MiB over the first run, a few actor systems' worth of class metadata and caches; a leak of
        // batches (30 x 48 kB per run) or of whole systems (>50 MB each) would exceed it.
        assertTrue(heap[heap.length - 1] - heap[0] < 24L << 20, "retained heap by run: " + Arrays.toString(heap));
    }
}

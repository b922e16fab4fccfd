package io.simrt.runtime.code;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simrt.api.BatchOutput;
import io.simrt.api.BatchRequest;
import io.simrt.api.BatchSimulator;
import io.simrt.api.Client;
import io.simrt.api.NativeClient;
import io.simrt.config.HostPort;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.ma2.Ma2Abc;
import io.simrt.runtime.TestConfigs;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.node.InJvmCluster;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose jar only the coordinator holds runs on engine nodes that never saw it: the engines fetch the jar,
 * load it in a loader of the coordinator's own, and drop it when the coordinator goes. The engine nodes here are
 * in-JVM cluster members (messages serialized, jars over the bulk lane); their class path lacks {@code com.example}
 * as a stock engine's does.
 */
class CodeShippingTest {
    private static final double S1 = 0.6222141127726671;
    private static final double S2 = 0.16831748769474358;
    private static final Duration JOIN = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void aModelOnlyTheCoordinatorHoldsGivesTheNativeAnswerBitForBit() throws Exception {
        Path jar = ShiftedModelJar.build(dir, "shifted-a.jar", 0.0, 0);
        try (InJvmCluster engines = InJvmCluster.start(new int[] {2, 1}, TestConfigs.base(), JOIN);
                RuntimeClient client = cluster(engines, 3)) {
            AbcModel model = ShiftedModelJar.load(jar, S1, S2);
            List<BatchOutput> shipped = run(client, model, 8);
            List<BatchOutput> local = run(NativeClient.create(), Ma2Abc.of(100, S1, S2), 8);
            for (int i = 0; i < local.size(); i++) {
                assertArrayEquals(local.get(i).params(), shipped.get(i).params(), "batch " + i);
                assertArrayEquals(local.get(i).distances(), shipped.get(i).distances(), "batch " + i);
            }
        }
    }

    @Test
    void twoCoordinatorsInTurnEachGetTheirOwnVersionAndTheFirstLoaderIsCollected() throws Exception {
        Path v1 = ShiftedModelJar.build(dir, "shifted-v1.jar", 1.0, 0);
        Path v2 = ShiftedModelJar.build(dir, "shifted-v2.jar", 1000.0, 0);
        try (InJvmCluster engines = InJvmCluster.start(new int[] {2}, TestConfigs.base(), JOIN)) {
            List<BatchOutput> first;
            try (RuntimeClient a = cluster(engines, 2)) {
                first = run(a, ShiftedModelJar.load(v1, S1, S2), 4);
            }
            List<BatchOutput> second;
            try (RuntimeClient b = cluster(engines, 2)) {
                second = run(b, ShiftedModelJar.load(v2, S1, S2), 4);
            }
            for (int i = 0; i < first.size(); i++) {
                double[] d1 = first.get(i).distances();
                double[] d2 = second.get(i).distances();
                for (int j = 0; j < d1.length; j++) {
                    assertEquals((d1[j] - 1.0) + 1000.0, d2[j], 1e-9, "batch " + i + " row " + j);
                }
            }
            List<WeakReference<?>> loaders = ShiftedModelJar.engineLoaders(1.0);
            assertFalse(loaders.isEmpty(), "the engines built the first version in loaders of their own");
            assertTrue(collected(loaders, Duration.ofSeconds(20)), "the first coordinator's loaders were collected");
        }
    }

    static boolean collected(List<WeakReference<?>> refs, Duration within) throws InterruptedException {
        long end = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < end) {
            System.gc();
            if (refs.stream().allMatch(r -> r.get() == null)) {
                return true;
            }
            Thread.sleep(100);
        }
        return false;
    }

    private static RuntimeClient cluster(InJvmCluster engines, int minEngines) {
        Address seed = engines.node(0).address();
        HostPort hp = new HostPort(seed.host().get(), (Integer) seed.port().get());
        Config config = ConfigFactory.parseString("simrt.coordinator.allow-packages = [\"com.example.\"]")
                .withFallback(TestConfigs.base());
        return RuntimeClient.cluster(List.of(hp), "127.0.0.1", 0, minEngines, JOIN, config);
    }

    static List<BatchOutput> run(Client client, AbcModel model, int batches) throws Exception {
        BatchSimulator sim = client.simulator(model);
        List<BatchOutput> out = new ArrayList<>();
        for (int i = 0; i < batches; i++) {
            out.add(sim.submit(BatchRequest.fromPrior(RngFamily.ELFI, 20170530, i, 500))
                    .get());
        }
        return out;
    }
}

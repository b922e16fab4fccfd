package io.simrt.inference.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.simrt.api.Client;
import io.simrt.api.ClientKind;
import io.simrt.api.NativeClient;
import io.simrt.inference.abc.AbcResult;
import io.simrt.inference.abc.AbcSmc;
import io.simrt.inference.abc.Objective;
import io.simrt.inference.abc.Progress;
import io.simrt.inference.abc.RejectionAbc;
import io.simrt.models.RngFamily;
import io.simrt.models.ma2.Ma2Abc;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.node.InJvmCluster;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * For the same seed and batch size, ABC results are bit-identical on every client: native, local engines (1, 2,
 * 4), a 3-node in-JVM cluster, and a 3-node cluster that loses an engine node abruptly mid-run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AbcDeterminismTest {
    private static final Ma2Abc MODEL = Ma2Abc.observedFrom(RngFamily.ELFI, 4, 0.6, 0.2, 100);
    private static final long SEED = 20170530;
    private static final int BATCH = 2000;
    private AbcResult reference;
    private AbcResult thresholdReference;
    private AbcResult smcReference;

    static Config config() {
        return ConfigFactory.parseString("""
                pekko.actor.serialize-messages = on
                pekko.cluster.split-brain-resolver.stable-after = 2s
                pekko.cluster.failure-detector.acceptable-heartbeat-pause = 2s
                pekko.cluster.failure-detector.heartbeat-interval = 300ms
                pekko.cluster.gossip-interval = 200ms
                pekko.cluster.leader-actions-interval = 200ms
                simrt.coordinator.claim-timeout = 3s
                """);
    }

    private static AbcResult rejection(Client client) {
        return RejectionAbc.builder(MODEL, client)
                .seed(SEED)
                .batchSize(BATCH)
                .build()
                .sample(200, Objective.simulations(60_000));
    }

    private static AbcResult threshold(Client client) {
        return RejectionAbc.builder(MODEL, client)
                .seed(SEED + 1)
                .batchSize(BATCH)
                .rng(RngFamily.ELFI)
                .build()
                .sample(100, Objective.threshold(0.15));
    }

    private static AbcResult smc(Client client) {
        return AbcSmc.builder(MODEL, client)
                .seed(SEED)
                .batchSize(500)
                .build()
                .sample(100, List.of(0.5, 0.25), Progress.NONE);
    }

    private static void assertIdentical(AbcResult expected, AbcResult actual, String where) {
        assertArrayEquals(expected.sample().toArray(), actual.sample().toArray(), 0.0, where + ": samples");
        assertArrayEquals(expected.distances(), actual.distances(), 0.0, where + ": distances");
        assertEquals(expected.simulations(), actual.simulations(), where + ": simulations");
        assertEquals(expected.batches(), actual.batches(), where + ": batches");
        assertEquals(Double.doubleToLongBits(expected.threshold()), Double.doubleToLongBits(actual.threshold()), where);
        if (expected.sample().weights().isPresent()) {
            assertArrayEquals(
                    expected.sample().weights().get(), actual.sample().weights().orElseThrow(), 0.0, where);
        }
    }

    @BeforeAll
    void nativeReference() {
        NativeClient client = NativeClient.create();
        reference = rejection(client);
        thresholdReference = threshold(client);
        smcReference = smc(client);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void localEnginesGiveTheNativeResult(int engines) {
        try (RuntimeClient client = RuntimeClient.local(engines, 1, config())) {
            assertEquals(engines, client.engines());
            assertIdentical(reference, rejection(client), engines + " local engines");
            assertIdentical(thresholdReference, threshold(client), engines + " local engines, threshold");
            assertIdentical(smcReference, smc(client), engines + " local engines, ABC-SMC");
        }
    }

    @Test
    void aThreeNodeInJvmClusterGivesTheNativeResult() {
        try (RuntimeClient client = RuntimeClient.local(3, 3, config())) {
            assertEquals(ClientKind.LOCAL, client.kind());
            assertEquals(3, client.engines());
            assertIdentical(reference, rejection(client), "3-node cluster");
            assertIdentical(thresholdReference, threshold(client), "3-node cluster, threshold");
            assertIdentical(smcReference, smc(client), "3-node cluster, ABC-SMC");
        }
    }

    @Test
    void losingAnEngineNodeMidRunChangesNothing() {
        try (InJvmCluster cluster = InJvmCluster.start(new int[] {1, 1, 1}, config(), Duration.ofSeconds(30));
                RuntimeClient client = RuntimeClient.attach(cluster.node(0), ClientKind.LOCAL)) {
            client.awaitEngines(3, Duration.ofSeconds(20));
            AtomicBoolean crashed = new AtomicBoolean();
            // crash node 2 after the fifth batch has been consumed: later batches are in flight on it
            AbcResult r = RejectionAbc.builder(MODEL, client)
                    .seed(SEED)
                    .batchSize(BATCH)
                    .build()
                    .sample(200, Objective.simulations(60_000), (done, total) -> {
                        if (done == 5 && crashed.compareAndSet(false, true)) {
                            cluster.crash(2);
                        }
                    });
            assertTrue(crashed.get());
            assertIdentical(reference, r, "3-node cluster losing node 2");
            assertEquals(2, client.engines());
        }
    }
}

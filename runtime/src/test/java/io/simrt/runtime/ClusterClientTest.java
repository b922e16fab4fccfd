package io.simrt.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.ClientKind;
import io.simrt.api.SimrtException;
import io.simrt.config.HostPort;
import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.model.ParallelizedModel;
import io.simrt.runtime.node.InJvmCluster;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.Address;
import org.junit.jupiter.api.Test;

/** The cluster client joins running engine nodes through a seed node and waits for --min-engines. */
class ClusterClientTest {

    @Test
    void joinsThroughASeedNodeAndUsesTheEngines() {
        try (InJvmCluster engines = InJvmCluster.start(new int[] {1, 2}, TestConfigs.base(), Duration.ofSeconds(30))) {
            Address seed = engines.node(0).address();
            HostPort hp = new HostPort(seed.host().get(), (Integer) seed.port().get());
            try (RuntimeClient client =
                    RuntimeClient.cluster(List.of(hp), "127.0.0.1", 0, 3, Duration.ofSeconds(30), TestConfigs.base())) {
                assertEquals(ClientKind.CLUSTER, client.kind());
                assertEquals(3, client.engines());
                assertEquals(12, client.parallelism());
                ParallelizedModel pm = ParallelizedModel.of(SimplePrecessionModel.of(), client, 0);
                ModelParams mps = ModelParams.column(0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7);
                assertEquals(
                        SimplePrecessionModel.of().likelihood(new int[] {0, 1}, mps, ExpParams.times(1, 2)),
                        pm.likelihood(new int[] {0, 1}, mps, ExpParams.times(1, 2)));
            }
        }
    }

    @Test
    void tooFewEnginesIsAClearErrorAfterTheJoinTimeout() {
        try (InJvmCluster engines = InJvmCluster.start(new int[] {1}, TestConfigs.base(), Duration.ofSeconds(30))) {
            Address seed = engines.node(0).address();
            HostPort hp = new HostPort(seed.host().get(), (Integer) seed.port().get());
            SimrtException e = assertThrows(
                    SimrtException.class,
                    () -> RuntimeClient.cluster(
                            List.of(hp), "127.0.0.1", 0, 3, Duration.ofSeconds(8), TestConfigs.base()));
            assertTrue(e.getMessage().contains("found only 1 of 3 engines within 8 s"), e.getMessage());
        }
    }
}

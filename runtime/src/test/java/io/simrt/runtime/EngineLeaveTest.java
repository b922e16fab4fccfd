package io.simrt.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simrt.api.ClientKind;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.node.InJvmCluster;
import io.simrt.runtime.testtasks.Tasks;
import io.simrt.runtime.view.AsyncResult;
import io.simrt.runtime.view.Engines;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Engines that leave the cluster (their nodes stopped on request, as scaled-down pods are) while running a shard do
 * not count against it: the shard is sent again each time and the request ends with its answer. Two engines lost
 * while running one shard make a request give up when they were lost otherwise (unreachable, stopped), which
 * EngineHeapIT covers; PodsIT had a run fail when the pods scaled down one after the other and the shard sent again
 * from the first went to the second.
 */
class EngineLeaveTest {
    private static final Duration UP = Duration.ofSeconds(30);

    @Test
    void aShardWhoseEnginesLeaveOneAfterTheOtherWhileRunningItIsSentAgainEachTime() throws Exception {
        try (InJvmCluster cluster = InJvmCluster.start(new int[] {0, 1}, TestConfigs.base(), UP);
                RuntimeClient client = RuntimeClient.attach(cluster.node(0), ClientKind.CLUSTER);
                Engines engines = Engines.of(client)) {
            client.awaitEngines(1, UP);
            AsyncResult<String> slow = engines.loadBalanced().applyAsync(new Tasks.Sleep(3_000, "done"));
            Thread.sleep(500); // the only engine is running it
            cluster.join(1, UP);
            cluster.leave(1); // the shard goes to node 2's engine
            Thread.sleep(500);
            cluster.join(1, UP);
            cluster.leave(2); // and then to node 3's
            assertEquals("done", slow.get(Duration.ofSeconds(60)));
        }
    }
}

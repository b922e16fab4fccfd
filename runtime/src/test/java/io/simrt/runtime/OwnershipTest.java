package io.simrt.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.ClientKind;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.coordinator.Coordinator;
import io.simrt.runtime.node.InJvmCluster;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.Test;

/** An engine belongs to one coordinator at a time; ownership ends on release or when the owner's node goes. */
class OwnershipTest {

    private static void await(InJvmCluster cluster, String what, Duration timeout, BooleanSupplier condition) {
        TestProbe.create(cluster.node(0).system()).awaitAssert(timeout, () -> {
            assertTrue(condition.getAsBoolean(), what);
            return null;
        });
    }

    @Test
    void aSecondCoordinatorIsRefusedUntilTheFirstReleases() throws Exception {
        try (InJvmCluster cluster =
                InJvmCluster.start(new int[] {0, 2, 0}, TestConfigs.base(), Duration.ofSeconds(30))) {
            RuntimeClient first = RuntimeClient.attach(cluster.node(0), ClientKind.LOCAL);
            first.awaitEngines(2, Duration.ofSeconds(20));
            RuntimeClient second = RuntimeClient.attach(cluster.node(2), ClientKind.LOCAL);
            await(
                    cluster,
                    "the second coordinator hears both refusals",
                    Duration.ofSeconds(20),
                    () -> second.engineList().refusedBy().size() == 2);
            Coordinator.EngineList seen = second.engineList();
            assertEquals(0, seen.owned().size());
            for (String owner : seen.refusedBy().values()) {
                assertTrue(owner.contains(cluster.node(0).name()) && owner.endsWith("/system/coordinator"), owner);
            }
            first.close(); // stops the first coordinator: the engines are released
            second.awaitEngines(2, Duration.ofSeconds(20));
            assertEquals(2, second.engines());
            second.close();
        }
    }

    @Test
    void ownershipEndsWhenTheOwnersNodeIsGone() throws Exception {
        try (InJvmCluster cluster =
                InJvmCluster.start(new int[] {2, 0, 0}, TestConfigs.base(), Duration.ofSeconds(30))) {
            // engines on node 0 (the oldest, so it survives); owner on node 1; a waiting coordinator on node 2
            RuntimeClient owner = RuntimeClient.attach(cluster.node(1), ClientKind.LOCAL);
            owner.awaitEngines(2, Duration.ofSeconds(20));
            RuntimeClient next = RuntimeClient.attach(cluster.node(2), ClientKind.LOCAL);
            await(
                    cluster,
                    "refusals",
                    Duration.ofSeconds(20),
                    () -> next.engineList().refusedBy().size() == 2);
            cluster.crash(1);
            next.awaitEngines(2, Duration.ofSeconds(30));
            assertEquals(2, next.engines());
            next.close();
        }
    }
}

package io.simrt.runtime.node;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.runtime.TestConfigs;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.Test;

/** Membership futures complete on Pekko's events: not before the node is Up, and at once when it already is. */
class MembershipTest {

    @Test
    void selfUpCompletesWhenTheNodeJoinsAndAtOnceAfterwards() throws Exception {
        try (SimrtNode node = SimrtNode.start(NodeSpec.loopback(0), TestConfigs.base())) {
            CompletableFuture<Void> up = Membership.selfUp(node.system());
            CompletableFuture<Void> two = Membership.membersUp(node.system(), 2);
            assertThrows(TimeoutException.class, () -> up.get(300, TimeUnit.MILLISECONDS), "not joined yet");

            Cluster.get(node.system()).manager().tell(Join.create(node.address()));
            up.get(20, TimeUnit.SECONDS);
            Membership.membersUp(node.system(), 1).get(10, TimeUnit.SECONDS);
            Membership.selfUp(node.system()).get(10, TimeUnit.SECONDS); // already Up: answered from the state
            assertFalse(two.isDone(), "one member cannot be two");
            assertTrue(two.cancel(false), "a caller may give up; its listener stops");
        }
    }
}

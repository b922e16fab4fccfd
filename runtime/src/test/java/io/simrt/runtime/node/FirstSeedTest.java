package io.simrt.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.config.HostPort;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirstSeedTest {
    private static final HostPort SELF = new HostPort("127.0.0.1", 1);

    @Test
    void onlyTheNodeListedFirstMayFormACluster() {
        HostPort other = new HostPort("127.0.0.1", 2);
        assertTrue(FirstSeed.isFirst(SELF, List.of(SELF, other)));
        assertFalse(FirstSeed.isFirst(SELF, List.of(other, SELF)));
        assertFalse(FirstSeed.isFirst(SELF, List.of()));
    }

    @Test
    void seedsWhereNothingListensAreLeftOutAndTheOrderIsKept() throws Exception {
        try (ServerSocket up1 = listening();
                ServerSocket up2 = listening()) {
            HostPort closed = closedPort();
            HostPort there1 = new HostPort("127.0.0.1", up1.getLocalPort());
            HostPort there2 = new HostPort("127.0.0.1", up2.getLocalPort());
            // a pod that does not exist: its name does not resolve (RFC 6761 keeps .invalid unresolvable)
            HostPort unresolvable = new HostPort("simrt-9.simrt.invalid", 17355);
            assertEquals(
                    List.of(SELF, there1, there2),
                    FirstSeed.present(SELF, List.of(SELF, closed, there1, unresolvable, there2)));
            assertEquals(List.of(SELF), FirstSeed.present(SELF, List.of(SELF, closed, unresolvable)));
        }
    }

    @Test
    void aFirstSeedWithSeedsThereWaitsLongerForThemToAnswer() {
        assertEquals(
                FirstSeed.PRESENT_SEED_TIMEOUT, FirstSeed.patience().getDuration("pekko.cluster.seed-node-timeout"));
    }

    private static ServerSocket listening() throws Exception {
        return new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    private static HostPort closedPort() throws Exception {
        try (ServerSocket s = listening()) {
            return new HostPort("127.0.0.1", s.getLocalPort());
        }
    }
}

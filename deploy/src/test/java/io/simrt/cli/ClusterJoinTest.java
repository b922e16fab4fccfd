package io.simrt.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Joining a cluster that is not there: seed addresses as Pekko writes them, a timeout, and word while waiting. */
class ClusterJoinTest {
    /** A loopback port nobody listens on (taken from the system, then let go). */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A line {@code prefix (n s of 3 s)} on stderr (n depends on the machine's load). */
    private static boolean waited(CliRun run, String prefix) {
        return run.err().lines().anyMatch(l -> l.matches(Pattern.quote(prefix) + " \\(\\d+ s of 3 s\\)"));
    }

    @Test
    void aFullPekkoAddressIsASeedAndAnUnreachableOneIsNamedAfterTheJoinTimeout() throws IOException {
        int port = freePort();
        long t0 = System.nanoTime();
        CliRun run = CliRun.of(
                "abc",
                "--client",
                "cluster",
                "--seed-nodes",
                "pekko://simrt@127.0.0.1:" + port,
                "--join-timeout",
                "3s",
                "--no-progress");
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(Simrt.FAILED, run.status(), run.err());
        String seeds = "[127.0.0.1:" + port + "]";
        assertTrue(waited(run, "simrt abc: waiting for the cluster at " + seeds), run.err());
        assertTrue(run.err().contains("could not join the cluster at " + seeds + " within 3 s"), run.err());
        assertTrue(seconds < 20, "gave up after " + seconds + " s");
    }

    @Test
    void statusGivesUpAfterItsJoinTimeoutSayingWhatItWaitsFor() throws IOException {
        int port = freePort();
        CliRun run = CliRun.of("status", "--seed-nodes", "127.0.0.1:" + port, "--join-timeout", "3s");
        assertEquals(Simrt.FAILED, run.status(), run.err());
        String seeds = "[127.0.0.1:" + port + "]";
        assertTrue(
                run.err().contains("simrt status: waiting for the cluster at " + seeds + " (2 s of 3 s)"), run.err());
        assertTrue(run.err().contains("could not join the cluster at " + seeds + " within 3 s"), run.err());
    }

    @Test
    void anAddressOfAnotherActorSystemNamesSimrts() {
        CliRun run = CliRun.of("abc", "--client", "cluster", "--seed-nodes", "pekko://other@127.0.0.1:25520");
        assertEquals(Simrt.USAGE, run.status(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains("pekko://simrt@host:port"), run.err());
    }

    @Test
    void aJoinTimeoutThatIsNotADurationIsRefused() {
        CliRun run = CliRun.of("abc", "--client", "cluster", "--seed-nodes", "127.0.0.1:1", "--join-timeout", "soon");
        assertEquals(Simrt.USAGE, run.status(), run.err());
        assertTrue(run.err().contains("--join-timeout soon: expected a duration"), run.err());
        run = CliRun.of("abc", "--client", "local", "--join-timeout", "3s");
        assertEquals(Simrt.USAGE, run.status(), run.err());
    }
}

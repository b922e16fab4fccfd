package io.simrt.runtime.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import io.simrt.config.HostPort;
import io.simrt.runtime.TestConfigs;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Which transport each profile gives a cluster node, and when plain TCP is said at WARN. Only configurations: no
 * node starts here (TlsClusterTest starts TLS nodes, deploy's ArteryPortAbuseIT the plaintext one).
 */
class NodeTransportTest {
    private static final String TRANSPORT = "pekko.remote.artery.transport";

    /** A cluster node's configuration, as the command line's engine and coordinator nodes build it. */
    private static Config node(String host, String profile, String more) {
        return SimrtNode.config(
                new NodeSpec(1, true, host, 25520, List.of(new HostPort(host, 25520)), List.of("engine")),
                TestConfigs.with("simrt.profile = \"" + profile + "\"\n" + more));
    }

    @Test
    void theMultiHostProfilesRunArteryOverTlsUnlessPlaintextIsNamed() {
        assertEquals("tcp", node("127.0.0.1", "local", "").getString(TRANSPORT));
        assertEquals("tls-tcp", node("10.0.0.5", "cluster", "").getString(TRANSPORT));
        assertEquals("tls-tcp", node("10.0.0.5", "kubernetes", "").getString(TRANSPORT));
        assertEquals("tls-tcp", node("10.0.0.5", "cluster,tls", "").getString(TRANSPORT));
        assertEquals("tcp", node("10.0.0.5", "cluster,plaintext", "").getString(TRANSPORT));
        assertEquals("tcp", node("10.0.0.5", "plaintext,kubernetes", "").getString(TRANSPORT));
        // both TLS profiles look for their stores in SIMRT_TLS_DIR, /etc/simrt/tls by default
        assertEquals(
                "/etc/simrt/tls/keystore.p12",
                node("10.0.0.5", "cluster", "").getString(TlsSettings.PATH + ".key-store"));
        assertEquals(
                "/srv/tls/truststore.p12",
                node("10.0.0.5", "kubernetes", "simrt.tls.dir = /srv/tls")
                        .getString(TlsSettings.PATH + ".trust-store"));
    }

    /**
     * Artery's TCP connections run on its own dispatcher over plain TCP (a quarter off a round trip), and on Pekko's
     * internal one under TLS, where the remote dispatcher delayed a Job's joins by 30 s (simrt-tls.conf).
     */
    @Test
    void arterysConnectionsRunOnTheRemoteDispatcherExceptUnderTls() {
        String key = "pekko.io.tcp.worker-dispatcher";
        String remote = "pekko.remote.default-remote-dispatcher";
        String internal = "pekko.actor.internal-dispatcher";
        assertEquals(remote, node("127.0.0.1", "local", "").getString(key));
        assertEquals(remote, node("10.0.0.5", "cluster,plaintext", "").getString(key));
        assertEquals(remote, node("10.0.0.5", "plaintext,kubernetes", "").getString(key));
        assertEquals(internal, node("10.0.0.5", "cluster", "").getString(key));
        assertEquals(internal, node("10.0.0.5", "kubernetes", "").getString(key));
        assertEquals(internal, node("127.0.0.1", "local,tls", "").getString(key));
    }

    @Test
    void plainTcpOnLoopbackIsTheQuietSingleHostDefault() {
        assertEquals(Optional.empty(), NodeTransport.plainTcpWarning(node("127.0.0.1", "local", "")));
        assertEquals(Optional.empty(), NodeTransport.plainTcpWarning(node("localhost", "local", "")));
        assertEquals(Optional.empty(), NodeTransport.plainTcpWarning(node("10.0.0.5", "cluster", "")), "TLS");
    }

    @Test
    void thePlaintextOptOutIsWarnedAboutWhereverItListens() {
        for (String host : List.of("10.0.0.5", "127.0.0.1")) {
            String warning = NodeTransport.plainTcpWarning(node(host, "cluster,plaintext", ""))
                    .orElseThrow();
            assertTrue(
                    warning.startsWith("Artery runs on plain TCP at 0.0.0.0:25520, by the profile plaintext"), warning);
            assertTrue(
                    warning.contains("Any host that reaches the port (every interface) can join the cluster"), warning);
            assertTrue(warning.contains("Pekko 1.7.0, apache/pekko #3492"), warning);
            assertTrue(warning.contains("drop plaintext from SIMRT_PROFILE"), warning);
            assertTrue(warning.contains("simrt certs init, then simrt certs node NAME"), warning);
        }
        // bound to loopback (as the deploy tests do), the opt-out is still said, with what it exposes there
        String loopback = NodeTransport.plainTcpWarning(
                        node("127.0.0.1", "cluster,plaintext", "pekko.remote.artery.bind.hostname = 127.0.0.1"))
                .orElseThrow();
        assertTrue(loopback.contains("Anything on this host that reaches the port can join"), loopback);
    }

    @Test
    void plainTcpReachableFromOtherHostsIsWarnedAboutWithoutTheOptOut() {
        String warning =
                NodeTransport.plainTcpWarning(node("10.0.0.5", "local", "")).orElseThrow();
        assertTrue(
                warning.startsWith("Artery runs on plain TCP at 10.0.0.5:25520, by profile local with a "
                        + "non-loopback address"),
                warning);
        assertTrue(warning.contains("Any host that reaches the port (10.0.0.5)"), warning);
        assertTrue(warning.contains("use SIMRT_PROFILE=cluster (or kubernetes), whose default is TLS"), warning);
        assertTrue(NodeTransport.plainTcpWarning(
                        node("127.0.0.1", "local", "pekko.remote.artery.bind.hostname = \"0.0.0.0\""))
                .isPresent());
    }
}

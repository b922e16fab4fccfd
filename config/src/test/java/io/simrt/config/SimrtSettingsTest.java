package io.simrt.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimrtSettingsTest {

    private static SimrtSettings with(String hocon) {
        return SimrtSettings.from(ConfigFactory.parseString(hocon).withFallback(ConfigFactory.defaultReference()));
    }

    @Test
    void defaultsAreValid() {
        SimrtSettings s = with("");
        assertEquals("local", s.client());
        assertEquals(10, s.parallelModel().serialThresholdFactor());
        assertEquals(Duration.ofSeconds(5), s.coordinator().claimTimeout());
        assertEquals(2, s.coordinator().engineWindow());
        assertEquals(32, s.coordinator().maxEngineWindow());
        assertEquals(List.of("io.simrt."), s.engine().allowedPackages());
        assertEquals(Duration.ofSeconds(5), s.health().readTimeout());
        assertEquals(32, s.health().maxConnections());
        assertEquals(128, s.bulk().maxConnections());
        assertEquals(Duration.ofSeconds(30), s.bulk().idleTimeout());
        assertEquals(Duration.ofSeconds(20), s.bulk().ioTimeout());
        assertEquals(4, s.bulk().connectionsPerPeer());
    }

    @Test
    void badValuesNameTheirFullPath() {
        SettingsException e = assertThrows(SettingsException.class, () -> with("simrt.coordinator.engine-window = 0"));
        assertEquals("simrt.coordinator.engine-window = 0: must be > 0", e.getMessage());
        e = assertThrows(
                SettingsException.class,
                () -> with("simrt.coordinator.engine-window = 4\n" + "simrt.coordinator.max-engine-window = 3"));
        assertTrue(
                e.getMessage().contains("max-engine-window = 3 is below simrt.coordinator.engine-window = 4"),
                e.getMessage());
        e = assertThrows(SettingsException.class, () -> with("simrt.client = grid"));
        assertTrue(e.getMessage().startsWith("simrt.client = \"grid\""), e.getMessage());
        e = assertThrows(SettingsException.class, () -> with("simrt.cluster.join-timeout = banana"));
        assertTrue(e.getMessage().contains("simrt.cluster.join-timeout"), e.getMessage());
        e = assertThrows(SettingsException.class, () -> with("simrt.cluster.seed-nodes = [\"localhost\"]"));
        assertTrue(
                e.getMessage().contains("simrt.cluster.seed-nodes = \"localhost\": expected host:port"),
                e.getMessage());
        e = assertThrows(SettingsException.class, () -> with("simrt.health.max-connections = 0"));
        assertEquals("simrt.health.max-connections = 0: must be > 0", e.getMessage());
        e = assertThrows(SettingsException.class, () -> with("simrt.health.read-timeout = 0s"));
        assertEquals("simrt.health.read-timeout = PT0S: must be > 0", e.getMessage());
        e = assertThrows(SettingsException.class, () -> with("simrt.bulk.connections-per-peer = 0"));
        assertEquals("simrt.bulk.connections-per-peer = 0: must be > 0", e.getMessage());
        e = assertThrows(SettingsException.class, () -> with("simrt.bulk.io-timeout = -1s"));
        assertTrue(e.getMessage().startsWith("simrt.bulk.io-timeout = PT-1S: must be > 0"), e.getMessage());
        e = assertThrows(SettingsException.class, () -> with("simrt.engine.allowed-packages = [\"\"]"));
        assertTrue(e.getMessage().contains("would allow every class"), e.getMessage());
    }

    @Test
    void theMultiHostProfilesBringTlsUnlessPlaintextIsNamed() {
        assertEquals(List.of("local"), SimrtSettings.profiles("local"));
        assertEquals(List.of("cluster", "tls"), SimrtSettings.profiles("cluster"));
        assertEquals(List.of("kubernetes", "tls"), SimrtSettings.profiles(" Kubernetes "));
        // naming tls as well is redundant and harmless
        assertEquals(List.of("cluster", "tls"), SimrtSettings.profiles("cluster,tls"));
        assertEquals(List.of("tls", "cluster"), SimrtSettings.profiles("tls,cluster"));
        // the explicit opt-out, in either order
        assertEquals(List.of("cluster", "plaintext"), SimrtSettings.profiles("cluster,plaintext"));
        assertEquals(List.of("plaintext", "kubernetes"), SimrtSettings.profiles("plaintext,kubernetes"));
        assertEquals(List.of("local", "tls"), SimrtSettings.profiles("local,tls"));
        assertEquals(List.of("cluster", "tls"), with("simrt.profile = cluster").profiles());

        SettingsException both =
                assertThrows(SettingsException.class, () -> SimrtSettings.profiles("cluster,tls,plaintext"));
        assertTrue(
                both.getMessage().startsWith("simrt.profile = \"cluster,tls,plaintext\": tls and plaintext exclude"),
                both.getMessage());
        SettingsException unknown = assertThrows(SettingsException.class, () -> SimrtSettings.profiles("cluster,ssl"));
        assertTrue(
                unknown.getMessage()
                        .contains("unknown profile 'ssl'; known: local, cluster, kubernetes, tls, plaintext"),
                unknown.getMessage());
    }

    @Test
    void hostPortParsing() {
        assertEquals(new HostPort("127.0.0.1", 17355), HostPort.parse("x", "127.0.0.1:17355"));
        assertEquals(new HostPort("::1", 2552), HostPort.parse("x", "[::1]:2552"));
        assertThrows(SettingsException.class, () -> HostPort.parse("--seed-nodes", "host:99999"));
        assertThrows(SettingsException.class, () -> HostPort.parse("--seed-nodes", "host:"));
    }

    @Test
    void fullPekkoAddressesOfSimrtsSystemAreSeedNodesToo() {
        assertEquals(new HostPort("127.0.0.1", 25520), HostPort.parse("--seed-nodes", "pekko://simrt@127.0.0.1:25520"));
        assertEquals(new HostPort("::1", 25520), HostPort.parse("--seed-nodes", "pekko://simrt@[::1]:25520/"));
        SettingsException e = assertThrows(
                SettingsException.class, () -> HostPort.parse("--seed-nodes", "pekko://other@127.0.0.1:25520"));
        assertEquals(
                "--seed-nodes = \"pekko://other@127.0.0.1:25520\": expected host:port or pekko://simrt@host:port "
                        + "(simrt's nodes run the actor system simrt)",
                e.getMessage());
        e = assertThrows(SettingsException.class, () -> HostPort.parse("--seed-nodes", "simrt@127.0.0.1:25520"));
        assertTrue(e.getMessage().contains("expected host:port or pekko://simrt@host:port"), e.getMessage());
    }

    @Test
    void processorsStandInForZero() {
        assertEquals(Runtime.getRuntime().availableProcessors(), SimrtSettings.orProcessors(0));
        assertEquals(3, SimrtSettings.orProcessors(3));
    }

    @Test
    void aValueFromTheEnvironmentIsRefusedNamingTheVariable() {
        SettingsException e = assertThrows(
                SettingsException.class,
                () -> SimrtSettings.from(
                        ConfigFactory.parseString("simrt.engine.per-node = abc")
                                .withFallback(ConfigFactory.defaultReference()),
                        java.util.Map.of("SIMRT_ENGINES", "abc")::get));
        assertTrue(e.getMessage().startsWith("SIMRT_ENGINES = \"abc\""), e.getMessage());
        assertTrue(e.getMessage().contains("simrt.engine.per-node"), e.getMessage());
        // the same value from elsewhere: no variable to blame
        e = assertThrows(
                SettingsException.class,
                () -> SimrtSettings.from(
                        ConfigFactory.parseString("simrt.engine.per-node = abc")
                                .withFallback(ConfigFactory.defaultReference()),
                        java.util.Map.of("SIMRT_ENGINES", "7")::get));
        assertTrue(e.getMessage().startsWith("invalid simrt configuration"), e.getMessage());
    }
}

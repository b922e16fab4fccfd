package io.simrt.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.simrt.api.BatchRequest;
import io.simrt.api.BatchSimulator;
import io.simrt.api.ClientKind;
import io.simrt.api.NativeClient;
import io.simrt.config.SettingsException;
import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.ma2.Ma2Abc;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.code.ShiftedModelJar;
import io.simrt.runtime.model.ParallelizedModel;
import io.simrt.runtime.node.NodeSpec;
import io.simrt.runtime.node.SimrtNode;
import io.simrt.runtime.node.TlsSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.apache.pekko.cluster.typed.Subscribe;
import org.apache.pekko.cluster.typed.Unsubscribe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profile {@code tls}: Artery over mutually authenticated TLS between two in-JVM nodes on loopback. The stores are
 * made at start by the JDK's keytool: a cluster CA with a certificate for each of the two nodes, and an unrelated CA
 * with an intruder's certificate. Members talk and serve requests; an intruder with a foreign certificate, or
 * without TLS, never gets in; a node with missing or wrong stores does not start at all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsClusterTest {
    /** How long an intruder is given to get in (it retries its join every 2 s meanwhile). */
    private static final Duration KEEP_OUT = Duration.ofSeconds(10);

    private static final String SSL = TlsSettings.PATH;
    static final String CLUSTER_PW = "cluster-secret";
    static final String INTRUDER_PW = "intruder-secret";

    @TempDir
    static Path dir;

    private final List<SimrtNode> members = new ArrayList<>();

    @BeforeAll
    void makeStoresAndStartTheCluster() throws Exception {
        Keytool.makeStores(dir);
        members.add(SimrtNode.start(NodeSpec.loopback(0), tls("node0.p12", "truststore.p12", CLUSTER_PW)));
        members.add(SimrtNode.start(NodeSpec.loopback(2), tls("node1.p12", "truststore.p12", CLUSTER_PW)));
        Address first = members.get(0).address();
        for (SimrtNode n : members) {
            Cluster.get(n.system()).manager().tell(Join.create(first));
        }
        TestProbe.create(members.get(0).system()).awaitAssert(Duration.ofSeconds(30), () -> {
            for (SimrtNode n : members) {
                assertEquals(2, upMembers(n), n.name() + " sees both members Up");
            }
            return null;
        });
    }

    @AfterAll
    void stopTheCluster() {
        CompletableFuture.allOf(members.stream()
                        .map(n -> CompletableFuture.runAsync(n::close))
                        .toArray(CompletableFuture[]::new))
                .join();
    }

    /** A node with the {@code tls} profile, its own key store and the given trust store. */
    private static Config tls(String keyStore, String trustStore, String password) {
        return ConfigFactory.empty()
                .withValue("simrt.profile", ConfigValueFactory.fromAnyRef("local,tls"))
                .withValue(
                        SSL + ".key-store",
                        ConfigValueFactory.fromAnyRef(dir.resolve(keyStore).toString()))
                .withValue(SSL + ".key-store-password", ConfigValueFactory.fromAnyRef(password))
                .withValue(
                        SSL + ".trust-store",
                        ConfigValueFactory.fromAnyRef(dir.resolve(trustStore).toString()))
                .withValue(SSL + ".trust-store-password", ConfigValueFactory.fromAnyRef(password))
                .withValue("simrt.coordinator.allow-packages", ConfigValueFactory.fromIterable(List.of("com.example.")))
                .withFallback(TestConfigs.base());
    }

    private static int upMembers(SimrtNode n) {
        int up = 0;
        for (Member m : Cluster.get(n.system()).state().getMembers()) {
            up += m.status() == MemberStatus.up() ? 1 : 0;
        }
        return up;
    }

    @Test
    void membersWithCertificatesOfTheClusterCaServeRequestsOverTls() {
        for (SimrtNode n : members) {
            assertEquals("tls-tcp", n.system().settings().config().getString("pekko.remote.artery.transport"));
        }
        // the coordinator on node 0 has no engine of its own: every shard crosses the TLS connection to node 1
        try (RuntimeClient client = RuntimeClient.attach(members.get(0), ClientKind.LOCAL)) {
            client.awaitEngines(2, Duration.ofSeconds(20));
            ParallelizedModel pm = ParallelizedModel.of(SimplePrecessionModel.of(), client, 0);
            double[] w = new double[101];
            for (int i = 0; i < w.length; i++) {
                w[i] = 0.1 + 0.017 * i;
            }
            ModelParams mps = ModelParams.column(w);
            ExpParams eps = ExpParams.times(1.0, 2.0, Math.PI);
            assertEquals(
                    SimplePrecessionModel.of().likelihood(new int[] {0, 1}, mps, eps),
                    pm.likelihood(new int[] {0, 1}, mps, eps));
        }
    }

    @Test
    void aModelOnlyTheCoordinatorHoldsTravelsOverTlsAndGivesTheNativeAnswer() throws Exception {
        Path jar = ShiftedModelJar.build(dir, "tls-model.jar", 0.0, 300_000); // beyond the bulk lane's threshold
        AbcModel shipped = ShiftedModelJar.load(jar, 0.6, 0.2);
        try (RuntimeClient client = RuntimeClient.attach(members.get(0), ClientKind.LOCAL)) {
            client.awaitEngines(2, Duration.ofSeconds(20));
            BatchSimulator remote = client.simulator(shipped);
            BatchSimulator local = NativeClient.create().simulator(Ma2Abc.of(100, 0.6, 0.2));
            for (int i = 0; i < 4; i++) {
                BatchRequest r = BatchRequest.fromPrior(RngFamily.ELFI, 11, i, 200);
                assertArrayEquals(
                        local.submit(r).get().distances(),
                        remote.submit(r).get().distances(),
                        "batch " + i);
            }
        }
    }

    @Test
    void aNodeWithACertificateOfAnotherCaNeverJoins() {
        // The intruder trusts both CAs, so its own side would accept the cluster: what keeps it out is that the
        // cluster verifies the intruder's certificate (mutual authentication) against the cluster CA only.
        assertStaysOut(tls("intruder.p12", "intruder-truststore.p12", INTRUDER_PW));
    }

    @Test
    void aNodeWithoutTlsNeverJoins() {
        assertStaysOut(TestConfigs.with("simrt.profile = \"local\""));
    }

    /**
     * Starts a node with {@code config}, lets it try to join node 0 for {@link #KEEP_OUT}, and checks that neither
     * side saw a membership change and that the cluster still has exactly its two members, both Up.
     */
    private void assertStaysOut(Config config) {
        SimrtNode n0 = members.get(0);
        TestProbe<ClusterEvent.MemberEvent> clusterSide = TestProbe.create(n0.system());
        Cluster.get(n0.system())
                .subscriptions()
                .tell(Subscribe.create(clusterSide.ref(), ClusterEvent.MemberEvent.class));
        // the current state comes first, as one MemberUp per member
        for (int i = 0; i < 2; i++) {
            assertTrue(clusterSide.receiveMessage(Duration.ofSeconds(5)) instanceof ClusterEvent.MemberUp);
        }
        Config intruderConfig = ConfigFactory.parseString("""
                pekko.cluster.retry-unsuccessful-join-after = 2s
                pekko.coordinated-shutdown.run-by-actor-system-terminate = off
                """).withFallback(config);
        try (SimrtNode intruder = SimrtNode.start(NodeSpec.loopback(1), intruderConfig)) {
            TestProbe<ClusterEvent.MemberEvent> intruderSide = TestProbe.create(intruder.system());
            Cluster.get(intruder.system())
                    .subscriptions()
                    .tell(Subscribe.create(intruderSide.ref(), ClusterEvent.MemberEvent.class));
            Cluster.get(intruder.system()).manager().tell(Join.create(n0.address()));

            clusterSide.expectNoMessage(KEEP_OUT);
            intruderSide.expectNoMessage(Duration.ofMillis(200));
            assertFalse(
                    Cluster.get(intruder.system())
                            .state()
                            .getMembers()
                            .iterator()
                            .hasNext(),
                    "the intruder knows no members");
            assertTrue(Cluster.get(intruder.system()).selfMember().status() != MemberStatus.up());
            for (SimrtNode m : members) {
                assertEquals(2, upMembers(m), m.name() + " still has exactly its two members Up");
                int all = 0;
                for (Member ignored : Cluster.get(m.system()).state().getMembers()) {
                    all++;
                }
                assertEquals(2, all, m.name() + " has no other member");
                assertTrue(Cluster.get(m.system()).state().getUnreachable().isEmpty(), m.name() + " all reachable");
            }
        } finally {
            Cluster.get(n0.system()).subscriptions().tell(new Unsubscribe<>(clusterSide.ref()));
        }
    }

    @Test
    void aNodeReadsPasswordsNotGivenFromTheFilesNextToItsStores() throws Exception {
        // as simrt certs writes them: keystore.password next to keystore.p12; a final line break is not part of it
        Path stores = Files.createDirectories(dir.resolve("from-files"));
        Files.copy(dir.resolve("node0.p12"), stores.resolve("keystore.p12"));
        Files.copy(dir.resolve("truststore.p12"), stores.resolve("truststore.p12"));
        Files.writeString(stores.resolve("keystore.password"), CLUSTER_PW + "\n");
        Files.writeString(stores.resolve("truststore.password"), CLUSTER_PW);
        Config fromFiles = TestConfigs.with("simrt.profile = \"local,tls\"")
                .withValue("simrt.tls.dir", ConfigValueFactory.fromAnyRef(stores.toString()));
        // a password that is given wins over its file
        Config given =
                fromFiles.withValue(SSL + ".key-store-password", ConfigValueFactory.fromAnyRef("not-the-password"));
        SettingsException wrong =
                assertThrows(SettingsException.class, () -> SimrtNode.start(NodeSpec.loopback(0), given));
        assertTrue(wrong.getMessage().startsWith(SSL + ".key-store-password does not open"), wrong.getMessage());

        // the node joins: Pekko's provider got the passwords from the files too
        SimrtNode n = SimrtNode.start(NodeSpec.loopback(0), fromFiles);
        try {
            Cluster.get(n.system()).manager().tell(Join.create(members.get(0).address()));
            TestProbe.create(n.system()).awaitAssert(Duration.ofSeconds(30), () -> {
                assertEquals(3, upMembers(n), "the node from password files is Up");
                return null;
            });
        } finally {
            n.close();
        }
        // gone again, so that the other tests see the cluster's two members only
        TestProbe.create(members.get(0).system()).awaitAssert(Duration.ofSeconds(30), () -> {
            for (SimrtNode m : members) {
                int all = 0;
                for (Member ignored : Cluster.get(m.system()).state().getMembers()) {
                    all++;
                }
                assertEquals(2, all, m.name() + " has its two members only");
            }
            return null;
        });
    }

    @Test
    void aNodeWithMissingOrWrongStoresDoesNotStart() {
        // no SIMRT_TLS_* variables and no /etc/simrt/tls: the default paths do not exist
        SettingsException missing = assertThrows(
                SettingsException.class,
                () -> SimrtNode.start(NodeSpec.loopback(0), TestConfigs.with("simrt.profile = \"local,tls\"")));
        assertTrue(
                missing.getMessage().startsWith(SSL + ".key-store = \"/etc/simrt/tls/keystore.p12\": no such file")
                        && missing.getMessage().contains("SIMRT_TLS_KEYSTORE"),
                missing.getMessage());
        // one line that names the two commands making the stores and the variables pointing at them
        assertEquals(1, missing.getMessage().lines().count(), missing.getMessage());
        for (String named : List.of(
                "\"simrt certs init\"",
                "\"simrt certs node NAME\"",
                "SIMRT_TLS_DIR",
                "SIMRT_TLS_TRUSTSTORE",
                "SIMRT_TLS_KEYSTORE_PASSWORD",
                "SIMRT_TLS_TRUSTSTORE_PASSWORD")) {
            assertTrue(missing.getMessage().contains(named), named + " in: " + missing.getMessage());
        }

        SettingsException noPassword = assertThrows(
                SettingsException.class,
                () -> SimrtNode.start(
                        NodeSpec.loopback(0),
                        tls("node0.p12", "truststore.p12", "")
                                .withValue(SSL + ".trust-store-password", ConfigValueFactory.fromAnyRef(CLUSTER_PW))));
        assertTrue(
                noPassword
                                .getMessage()
                                .startsWith(SSL + ".key-store-password is empty: set " + "SIMRT_TLS_KEYSTORE_PASSWORD")
                        && noPassword.getMessage().contains("write the password to \"" + dir.resolve("node0.password")),
                noPassword.getMessage());

        SettingsException wrongPassword = assertThrows(
                SettingsException.class,
                () -> SimrtNode.start(NodeSpec.loopback(0), tls("node0.p12", "truststore.p12", "not-the-password")));
        assertTrue(
                wrongPassword.getMessage().startsWith(SSL + ".key-store-password does not open"),
                wrongPassword.getMessage());

        // the intruder's key with the cluster's trust store: peers with this trust store would refuse it
        SettingsException foreign = assertThrows(
                SettingsException.class,
                () -> SimrtNode.start(
                        NodeSpec.loopback(0),
                        tls("intruder.p12", "truststore.p12", INTRUDER_PW)
                                .withValue(SSL + ".trust-store-password", ConfigValueFactory.fromAnyRef(CLUSTER_PW))));
        assertTrue(
                foreign.getMessage().contains("CN=intruder")
                        && foreign.getMessage().contains("issued by 'CN=other-ca'")
                        && foreign.getMessage().contains("is not accepted by the trust store"),
                foreign.getMessage());
    }

    /** The stores, made with the JDK's own keytool (EC P-256 keys, certificates valid for 2 days). */
    static final class Keytool {
        private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");

        private Keytool() {}

        /**
         * In {@code dir}: {@code truststore.p12} (the cluster CA), {@code node0.p12} and {@code node1.p12} (a key
         * each, signed by the cluster CA), all with password {@value #CLUSTER_PW}; {@code intruder.p12} (a key
         * signed by the unrelated CA) and {@code intruder-truststore.p12} (both CAs), password {@value #INTRUDER_PW}.
         */
        static void makeStores(Path dir) throws Exception {
            assertTrue(Files.isExecutable(KEYTOOL), "the JDK's keytool is missing: " + KEYTOOL);
            ExecutorService pool = Executors.newFixedThreadPool(5);
            try {
                // independent steps run side by side: every keytool call is a JVM start
                all(
                        pool,
                        dir,
                        ca("cluster-ca", CLUSTER_PW),
                        ca("other-ca", INTRUDER_PW),
                        key("node0", CLUSTER_PW),
                        key("node1", CLUSTER_PW),
                        key("intruder", INTRUDER_PW));
                all(
                        pool,
                        dir,
                        args(
                                "-exportcert",
                                "-rfc",
                                "-alias",
                                "ca",
                                "-keystore",
                                "cluster-ca.p12",
                                "-storepass",
                                CLUSTER_PW,
                                "-file",
                                "cluster-ca.pem"),
                        args(
                                "-exportcert",
                                "-rfc",
                                "-alias",
                                "ca",
                                "-keystore",
                                "other-ca.p12",
                                "-storepass",
                                INTRUDER_PW,
                                "-file",
                                "other-ca.pem"),
                        certreq("node0", CLUSTER_PW),
                        certreq("node1", CLUSTER_PW),
                        certreq("intruder", INTRUDER_PW));
                all(
                        pool,
                        dir,
                        trust("truststore.p12", "cluster-ca", CLUSTER_PW),
                        trust("intruder-truststore.p12", "cluster-ca", INTRUDER_PW),
                        gencert("node0", "cluster-ca", CLUSTER_PW),
                        gencert("node1", "cluster-ca", CLUSTER_PW),
                        gencert("intruder", "other-ca", INTRUDER_PW));
                for (String[] n :
                        new String[][] {{"node0", "cluster-ca"}, {"node1", "cluster-ca"}, {"intruder", "other-ca"}}) {
                    Files.writeString(
                            dir.resolve(n[0] + "-chain.pem"),
                            Files.readString(dir.resolve(n[0] + ".pem"))
                                    + Files.readString(dir.resolve(n[1] + ".pem")));
                }
                all(
                        pool,
                        dir,
                        trust("intruder-truststore.p12", "other-ca", INTRUDER_PW),
                        reply("node0", CLUSTER_PW),
                        reply("node1", CLUSTER_PW),
                        reply("intruder", INTRUDER_PW));
            } finally {
                pool.shutdownNow();
            }
        }

        private static List<String> args(String... args) {
            return List.of(args);
        }

        private static List<String> ca(String name, String pw) {
            return args(
                    "-genkeypair",
                    "-alias",
                    "ca",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=" + name,
                    "-ext",
                    "bc:c",
                    "-validity",
                    "2",
                    "-keystore",
                    name + ".p12",
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    pw);
        }

        private static List<String> key(String name, String pw) {
            return args(
                    "-genkeypair",
                    "-alias",
                    "node",
                    "-keyalg",
                    "EC",
                    "-groupname",
                    "secp256r1",
                    "-dname",
                    "CN=" + name,
                    "-validity",
                    "2",
                    "-keystore",
                    name + ".p12",
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    pw);
        }

        private static List<String> certreq(String name, String pw) {
            return args(
                    "-certreq", "-alias", "node", "-keystore", name + ".p12", "-storepass", pw, "-file", name + ".csr");
        }

        private static List<String> gencert(String name, String ca, String pw) {
            return args(
                    "-gencert",
                    "-alias",
                    "ca",
                    "-keystore",
                    ca + ".p12",
                    "-storepass",
                    pw,
                    "-infile",
                    name + ".csr",
                    "-outfile",
                    name + ".pem",
                    "-rfc",
                    "-validity",
                    "2",
                    "-ext",
                    "ku:c=digitalSignature",
                    "-ext",
                    "eku=serverAuth,clientAuth",
                    "-ext",
                    "san=dns:localhost,ip:127.0.0.1");
        }

        private static List<String> reply(String name, String pw) {
            return args(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    "node",
                    "-file",
                    name + "-chain.pem",
                    "-keystore",
                    name + ".p12",
                    "-storepass",
                    pw);
        }

        private static List<String> trust(String store, String ca, String pw) {
            return args(
                    "-importcert",
                    "-noprompt",
                    "-alias",
                    ca,
                    "-file",
                    ca + ".pem",
                    "-keystore",
                    store,
                    "-storetype",
                    "PKCS12",
                    "-storepass",
                    pw);
        }

        /** Runs the keytool calls side by side; no two of them may write the same file. */
        @SafeVarargs
        private static void all(ExecutorService pool, Path dir, List<String>... calls) throws Exception {
            List<CompletableFuture<Void>> running = new ArrayList<>();
            for (List<String> call : calls) {
                running.add(CompletableFuture.runAsync(() -> run(dir, call), pool));
            }
            CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        }

        private static void run(Path dir, List<String> call) {
            List<String> command =
                    new ArrayList<>(List.of(KEYTOOL.toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC"));
            command.addAll(call);
            try {
                Process p = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .start();
                p.getOutputStream().close();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new AssertionError("keytool " + String.join(" ", call) + " failed:\n" + out);
                }
            } catch (IOException e) {
                throw new AssertionError("cannot run " + KEYTOOL, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted running keytool", e);
            }
        }
    }
}

package io.simrt.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigValueFactory;
import io.simrt.api.ClientKind;
import io.simrt.config.SimrtSettings;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.node.NodeSpec;
import io.simrt.runtime.node.SimrtNode;
import io.simrt.runtime.node.TlsSettings;
import io.simrt.runtime.protocol.BulkLane;
import io.simrt.runtime.protocol.bulk.BulkReference;
import io.simrt.runtime.protocol.bulk.Lane;
import io.simrt.runtime.protocol.bulk.LaneTls;
import io.simrt.runtime.protocol.bulk.Sink;
import io.simrt.runtime.view.DirectView;
import io.simrt.runtime.view.Engines;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Join;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bulk lane of a TLS cluster speaks TLS with each node's own key and trust store: large arrays travel through it
 * bit for bit, and a client without a certificate of the cluster's CA fetches nothing. Stores as in
 * {@link TlsClusterTest} (keytool, a cluster CA and an unrelated one).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsBulkLaneTest {
    private static final String SSL = TlsSettings.PATH;

    @TempDir
    static Path dir;

    private final List<SimrtNode> members = new ArrayList<>();

    @BeforeAll
    void makeStoresAndStartTheCluster() throws Exception {
        TlsClusterTest.Keytool.makeStores(dir);
        members.add(
                SimrtNode.start(NodeSpec.loopback(0), tls("node0.p12", "truststore.p12", TlsClusterTest.CLUSTER_PW)));
        members.add(
                SimrtNode.start(NodeSpec.loopback(2), tls("node1.p12", "truststore.p12", TlsClusterTest.CLUSTER_PW)));
        Address first = members.get(0).address();
        for (SimrtNode n : members) {
            Cluster.get(n.system()).manager().tell(Join.create(first));
        }
        TestProbe.create(members.get(0).system()).awaitAssert(Duration.ofSeconds(30), () -> {
            for (SimrtNode n : members) {
                int up = 0;
                for (Member m : Cluster.get(n.system()).state().getMembers()) {
                    up += m.status() == MemberStatus.up() ? 1 : 0;
                }
                assertEquals(2, up, n.name() + " sees both members Up");
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
                .withFallback(TestConfigs.base());
    }

    private Lane lane(int member) {
        return BulkLane.of(members.get(member).system()).orElseThrow();
    }

    private static SimrtSettings.Bulk shortTimeouts() {
        SimrtSettings.Bulk d = SimrtSettings.load().bulk();
        return new SimrtSettings.Bulk(
                true, d.threshold(), 0, d.ttl(), 8, Duration.ofSeconds(30), Duration.ofSeconds(5), 4);
    }

    private static double[] awkwardDoubles(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = Double.longBitsToDouble(r.nextLong()); // any bit pattern: NaN payloads, infinities, subnormals
        }
        a[0] = -0.0;
        return a;
    }

    @Test
    void largeArraysTravelThroughTheLaneOverTlsBitForBit() {
        for (int i = 0; i < members.size(); i++) {
            assertTrue(lane(i).serves() && lane(i).tls(), "member " + i + ": " + lane(i).describe());
        }
        long servedByCoordinatorNode = lane(0).served();
        long servedByEngineNode = lane(1).served();
        // the coordinator's node has no engines: every array crosses to node 1 and back
        try (RuntimeClient client = RuntimeClient.attach(members.get(0), ClientKind.LOCAL);
                Engines engines = Engines.of(client)) {
            client.awaitEngines(2, Duration.ofSeconds(20));
            DirectView view = engines.all();
            double[] million = awkwardDoubles(1_000_000, 1);
            view.scatter("x", million);
            double[] back = (double[]) view.gather("x");
            assertEquals(million.length, back.length);
            for (int i = 0; i < million.length; i++) {
                if (Double.doubleToRawLongBits(million[i]) != Double.doubleToRawLongBits(back[i])) {
                    throw new AssertionError("value " + i + " changed its bits");
                }
            }
            double[] exactlyTheThreshold = awkwardDoubles(256 * 1024 / Double.BYTES, 2);
            view.push(Map.of("y", exactlyTheThreshold));
            for (Object y : view.pull("y")) {
                assertArrayEquals(exactlyTheThreshold, (double[]) y);
            }
            view.clear();
        }
        assertTrue(lane(0).served() > servedByCoordinatorNode, "node 1 fetched the scattered parts from node 0");
        assertTrue(lane(1).served() > servedByEngineNode, "node 0 fetched the gathered parts from node 1");
        assertEquals(0, lane(0).pending());
        assertEquals(0, lane(1).pending());
    }

    @Test
    void aClientWithoutTheClusterCertificateFetchesNothing() throws Exception {
        byte[] secret = new byte[300_000];
        new SplittableRandom(3).nextBytes(secret);
        BulkReference ref = lane(1).put(secret);

        // a certificate of another CA (its owner trusts both CAs, so only the lane's own check keeps it out)
        Config intruder = SimrtNode.config(
                NodeSpec.loopback(0), tls("intruder.p12", "intruder-truststore.p12", TlsClusterTest.INTRUDER_PW));
        TlsSettings intruderTls = TlsSettings.from(intruder).orElseThrow();
        try (Lane foreign = Lane.fetchOnly(
                shortTimeouts(),
                Optional.of(new LaneTls(
                        TlsSettings.sslContext(intruder),
                        intruderTls.protocol(),
                        intruderTls.enabledAlgorithms(),
                        false)))) {
            assertRefused(foreign, ref);
        }
        // no certificate at all, only the cluster's trust store
        try (Lane anonymous = Lane.fetchOnly(
                shortTimeouts(),
                Optional.of(new LaneTls(
                        trustOnly(dir.resolve("truststore.p12"), TlsClusterTest.CLUSTER_PW),
                        intruderTls.protocol(),
                        intruderTls.enabledAlgorithms(),
                        false)))) {
            assertRefused(anonymous, ref);
        }
        // plain TCP: the request is not a TLS handshake, so the lane closes the connection without an answer
        try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), lane(1).port())) {
            plain.setSoTimeout(30_000);
            DataOutputStream out = new DataOutputStream(plain.getOutputStream());
            out.writeInt(0x53424C4B);
            out.writeLong(ref.id().hi());
            out.writeLong(ref.id().lo());
            out.flush();
            assertTrue(readsNothingButTheEnd(plain.getInputStream()), "no answer over plain TCP");
        }

        // the array is still there for a member
        byte[] fetched = new byte[secret.length];
        lane(0).fetch(ref, Sink.of(fetched)).get(30, TimeUnit.SECONDS);
        assertArrayEquals(secret, fetched);
    }

    private static void assertRefused(Lane client, BulkReference ref) {
        ExecutionException e = assertThrows(
                ExecutionException.class,
                () -> client.fetch(ref, Sink.of(new byte[ref.length()])).get(60, TimeUnit.SECONDS));
        assertTrue(
                e.getCause().getMessage().startsWith("cannot fetch a " + ref.length() + "-byte array"),
                e.getCause().getMessage());
        assertInstanceOf(SSLHandshakeException.class, e.getCause().getCause(), "the lane refused the handshake");
    }

    /** Whatever comes is a TLS alert at most (a few bytes), then the end; never the array. */
    private static boolean readsNothingButTheEnd(InputStream in) {
        try {
            return in.readAllBytes().length < 100;
        } catch (IOException reset) {
            return !reset.getMessage().contains("timed out");
        }
    }

    private static SSLContext trustOnly(Path trustStore, String password) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            trust.load(in, password.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance("TLSv1.3");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }
}

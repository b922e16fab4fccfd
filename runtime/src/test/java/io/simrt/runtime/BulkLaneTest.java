package io.simrt.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.ContextAttributes;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.simrt.api.BatchOutput;
import io.simrt.api.BatchRequest;
import io.simrt.api.BatchSimulator;
import io.simrt.api.BatchWork;
import io.simrt.api.ClientKind;
import io.simrt.models.RngFamily;
import io.simrt.models.ma2.Ma2Abc;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.metrics.NodeMetrics;
import io.simrt.runtime.node.InJvmCluster;
import io.simrt.runtime.protocol.BulkLane;
import io.simrt.runtime.protocol.Payload;
import io.simrt.runtime.protocol.TensorData;
import io.simrt.runtime.view.DirectView;
import io.simrt.runtime.view.Engines;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The bulk lane: large arrays leave Artery messages and are fetched over a connection of their own. The lane is one
 * per JVM; whichever test starts a cluster node first starts it with the default threshold (256 KiB), which is what
 * {@link #lane()} asks for too.
 */
class BulkLaneTest {
    private static final int THRESHOLD = 256 * 1024;

    @BeforeAll
    static void lane() {
        BulkLane.start("127.0.0.1", "127.0.0.1", 0, THRESHOLD, Duration.ofMinutes(10));
        assertEquals(THRESHOLD, BulkLane.threshold(), "another test started the lane with another threshold");
    }

    private static ObjectMapper mapper(boolean laneOn) {
        ObjectMapper m = new ObjectMapper(new CBORFactory());
        if (laneOn) {
            BulkLane.enable(m);
        } else {
            m.setDefaultAttributes(ContextAttributes.getEmpty());
        }
        return m;
    }

    private static double[] randomDoubles(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextDouble() - 0.5;
        }
        return a;
    }

    @Test
    void aLargeArrayTravelsAsAReferenceAndArrivesBitForBit() throws IOException {
        ObjectMapper m = mapper(true);
        double[] values = randomDoubles(100_000, 1); // 800 kB packed
        values[7] = Double.NaN;
        values[8] = -0.0;
        int before = BulkLane.pending();
        byte[] wire = m.writeValueAsBytes(new TensorData(1, 1000, 100, values));
        assertTrue(wire.length < 200, "the message holds a reference, not the array: " + wire.length + " bytes");
        assertEquals(before + 1, BulkLane.pending());
        TensorData back = m.readValue(wire, TensorData.class);
        assertArrayEquals(values, back.values()); // assertArrayEquals on double[] compares bits (NaN, -0.0)
        assertEquals(before, BulkLane.pending(), "a fetched array is no longer held");
    }

    @Test
    void smallArraysAndNodesWithTheLaneOffStayInline() throws IOException {
        double[] small = randomDoubles(1000, 2);
        byte[] wire = mapper(true).writeValueAsBytes(new TensorData(1, 1, 1000, small));
        assertTrue(wire.length > 8000, "below the threshold the array is inline: " + wire.length);
        assertArrayEquals(small, mapper(false).readValue(wire, TensorData.class).values());

        Payload big = new Payload(Payload.TYPED, new byte[THRESHOLD + 1]);
        int before = BulkLane.pending();
        byte[] inline = mapper(false).writeValueAsBytes(big);
        assertTrue(inline.length > THRESHOLD, "lane off: inline");
        assertEquals(before, BulkLane.pending());
        // a node with the lane on reads what one with it off wrote, and the other way round
        assertEquals(big, mapper(true).readValue(inline, Payload.class));
        assertEquals(big, mapper(false).readValue(mapper(true).writeValueAsBytes(big), Payload.class));
    }

    @Test
    void aReferenceIsGoodForOneFetchAndThenNamesWhatHappened() throws IOException {
        ObjectMapper m = mapper(true);
        byte[] wire = m.writeValueAsBytes(new Payload(Payload.DOUBLES, new byte[THRESHOLD]));
        assertEquals(THRESHOLD, m.readValue(wire, Payload.class).bytes().length);
        IOException again = assertThrows(IOException.class, () -> m.readValue(wire, Payload.class));
        assertTrue(again.getMessage().contains("no longer holds array"), again.getMessage());
        assertTrue(again.getMessage().contains("simrt.bulk.ttl"), again.getMessage());
    }

    @Test
    void aReferenceToALaneNobodyServesFailsNamingTheAddress() throws IOException {
        ObjectMapper m = mapper(true);
        int deadPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            deadPort = s.getLocalPort();
        }
        byte[] original = m.writeValueAsBytes(new Payload(Payload.DOUBLES, new byte[THRESHOLD]));
        ObjectNode tree = (ObjectNode) m.readTree(original);
        ((ObjectNode) tree.get("bytes")).put("port", deadPort); // the same reference, pointing where nothing listens
        byte[] wire = m.writeValueAsBytes(tree);
        IOException e = assertThrows(IOException.class, () -> m.readValue(wire, Payload.class));
        assertTrue(
                e.getMessage()
                        .contains("cannot fetch a " + THRESHOLD + "-byte array from the bulk lane at 127.0.0.1:"
                                + deadPort),
                e.getMessage());
        assertEquals(THRESHOLD, m.readValue(original, Payload.class).bytes().length); // still there, and now fetched
    }

    /**
     * The arrays FailureTest shows failing over a 256 KiB frame limit with the lane off go through with it on, and
     * give the same answer as the native path; a scatter/gather of a million doubles too.
     */
    @Test
    void arraysOverTheFrameLimitGoThroughTheLane() throws Exception {
        var config = TestConfigs.with("""
                pekko.remote.artery.advanced.maximum-frame-size = 256 KiB
                pekko.remote.artery.advanced.maximum-large-frame-size = 256 KiB
                """);
        try (InJvmCluster cluster = InJvmCluster.start(new int[] {0, 1}, config, Duration.ofSeconds(30));
                RuntimeClient client = RuntimeClient.attach(cluster.node(0), ClientKind.LOCAL);
                Engines engines = Engines.of(client)) {
            client.awaitEngines(1, Duration.ofSeconds(20));
            int pending = BulkLane.pending();
            Ma2Abc model = Ma2Abc.of(100, 0.62, 0.17);
            BatchSimulator sim = client.simulator(model);
            BatchRequest big = BatchRequest.fromPrior(RngFamily.FAST, 1, 0, 20_000); // reply ~540 kB
            BatchOutput out = sim.submit(big).get(60, TimeUnit.SECONDS);
            BatchOutput expected = BatchWork.run(model, big);
            assertArrayEquals(expected.params(), out.params());
            assertArrayEquals(expected.distances(), out.distances());

            double[] proposals = randomDoubles(80_000, 3); // request ~640 kB
            for (int i = 0; i < proposals.length; i++) {
                proposals[i] = Math.abs(proposals[i]) * 0.5; // inside the MA2 triangle prior
            }
            BatchRequest withProposals = BatchRequest.withProposals(RngFamily.FAST, 1, 1, 40_000, proposals);
            assertArrayEquals(
                    BatchWork.run(model, withProposals).distances(),
                    sim.submit(withProposals).get(60, TimeUnit.SECONDS).distances());

            DirectView view = engines.all();
            double[] million = randomDoubles(1_000_000, 4);
            view.scatter("x", million);
            assertArrayEquals(million, (double[]) view.gather("x"));
            view.clear();
            assertEquals(pending, BulkLane.pending(), "every array sent was fetched");
            // the million doubles went out and came back through the lane: both nodes' metrics count them
            System.gc(); // the counters' suppliers must outlive a collection (meters hold them weakly)
            for (int n = 0; n < 2; n++) {
                String scrape = NodeMetrics.get(cluster.node(n).system()).scrape();
                for (String direction : new String[] {"sent", "received"}) {
                    assertTrue(bulkBytes(scrape, direction) >= 8_000_000, direction + " on node " + n + ":\n" + scrape);
                }
            }
        }
    }

    /** The value of simrt_bulk_bytes_total with {@code direction} in a scrape, or -1. */
    private static double bulkBytes(String scrape, String direction) {
        return scrape.lines()
                .filter(l -> l.startsWith("simrt_bulk_bytes_total{") && l.contains("direction=\"" + direction + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(-1);
    }
}

package io.simrt.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.simrt.config.SimrtSettings;
import io.simrt.runtime.protocol.BulkLane;
import io.simrt.runtime.protocol.Payload;
import io.simrt.runtime.protocol.bulk.BlobId;
import io.simrt.runtime.protocol.bulk.BulkReference;
import io.simrt.runtime.protocol.bulk.Lane;
import io.simrt.runtime.protocol.bulk.Sink;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What a node's bulk lane holds, whatever its clients and peers do. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BulkLaneLimitsTest {
    private static final int THRESHOLD = 256 * 1024;
    /** "SBLK", the start of a fetch request. */
    private static final int MAGIC = 0x53424C4B;

    /** For awaitAssert only. */
    private ActorTestKit kit;

    @BeforeAll
    void startKit() {
        kit = ActorTestKit.create("bulk-lane-limits");
    }

    @AfterAll
    void stopKit() {
        kit.shutdownTestKit();
    }

    private static SimrtSettings.Bulk settings(int maxConnections, Duration idle, Duration io) {
        return new SimrtSettings.Bulk(true, THRESHOLD, 0, Duration.ofMinutes(10), maxConnections, idle, io, 4);
    }

    private static Lane lane(int maxConnections, Duration idle, Duration io) {
        return Lane.start("127.0.0.1", "127.0.0.1", settings(maxConnections, idle, io), Optional.empty());
    }

    private static Socket connect(Lane lane) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), lane.port());
        s.setSoTimeout(30_000); // far beyond any timeout under test: reaching it fails the test
        return s;
    }

    /** Sends a fetch request for {@code ref} by hand, as a client that may then not read the answer. */
    private static void request(Socket s, BulkReference ref) throws IOException {
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(MAGIC);
        out.writeLong(ref.id().hi());
        out.writeLong(ref.id().lo());
        out.flush();
    }

    private static byte[] fetch(Lane from, BulkReference ref) throws Exception {
        byte[] bytes = new byte[ref.length()];
        from.fetch(ref, Sink.of(bytes)).get(60, TimeUnit.SECONDS);
        return bytes;
    }

    private static byte[] random(int n, long seed) {
        byte[] b = new byte[n];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }

    /** Whether the server closed {@code s}: reading ends (after whatever it had sent). */
    private static boolean closedByServer(Socket s) {
        try (InputStream in = s.getInputStream()) {
            byte[] sink = new byte[64 * 1024];
            while (in.read(sink) >= 0) {
                // what was sent before the close
            }
            return true;
        } catch (IOException e) {
            return !e.getMessage().contains("timed out"); // a reset is a close too
        }
    }

    @Test
    void aThousandIdleConnectionsLeaveTheThreadCountBounded() throws Exception {
        BulkLane.start("127.0.0.1", "127.0.0.1", 0, THRESHOLD, Duration.ofMinutes(10));
        ObjectMapper m = new ObjectMapper(new CBORFactory());
        BulkLane.enable(m);
        byte[] wire = m.writeValueAsBytes(new Payload(Payload.DOUBLES, new byte[THRESHOLD]));
        int port = m.readTree(wire).get("bytes").get("port").asInt();

        int before = ManagementFactory.getThreadMXBean().getThreadCount();
        List<Socket> idle = new ArrayList<>();
        try {
            for (int i = 0; i < 1000; i++) {
                idle.add(new Socket(InetAddress.getLoopbackAddress(), port));
            }
            // the lane still serves (connections are accepted in order, so all the idle ones came first)
            assertEquals(THRESHOLD, m.readValue(wire, Payload.class).bytes().length);
            int after = ManagementFactory.getThreadMXBean().getThreadCount();
            assertTrue(after - before < 50, "1000 idle connections took " + (after - before) + " threads");
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }

    @Test
    void idleAndStalledConnectionsAreClosedAfterTheirTimeouts() throws Exception {
        try (Lane lane = lane(16, Duration.ofSeconds(1), Duration.ofSeconds(1));
                Socket silent = connect(lane);
                Socket halfARequest = connect(lane)) {
            halfARequest.getOutputStream().write(new byte[] {0x53, 0x42, 0x4c}); // 3 of the 20 bytes
            halfARequest.getOutputStream().flush();
            assertTrue(closedByServer(silent), "an idle connection is closed after simrt.bulk.idle-timeout");
            assertTrue(closedByServer(halfARequest), "a stalled request is closed after simrt.bulk.io-timeout");
        }
    }

    /**
     * A client that asks for a large array and stops reading holds its connection only until the io timeout; the
     * one slot it held then serves someone else. While it is held, a further connection is refused at once.
     */
    @Test
    void aClientThatStopsReadingIsCutOffAndBeyondTheBoundConnectionsAreRefused() throws Exception {
        try (Lane lane = lane(1, Duration.ofMinutes(1), Duration.ofSeconds(2));
                Lane client =
                        Lane.fetchOnly(settings(1, Duration.ofMinutes(1), Duration.ofSeconds(30)), Optional.empty());
                Socket stalled = connect(lane)) {
            stalled.setReceiveBufferSize(4096);
            BulkReference big = lane.put(new byte[64 << 20]); // far more than the socket buffers hold
            request(stalled, big);
            stalled.getInputStream().readNBytes(Long.BYTES); // the answer has begun: the connection is busy
            // the server is now writing to a client that reads no more: its only slot is taken
            try (Socket refused = connect(lane)) {
                assertTrue(closedByServer(refused), "a connection beyond simrt.bulk.max-connections is closed");
            }
            assertEquals(1, lane.refusedConnections());
            kit.createTestProbe().awaitAssert(Duration.ofSeconds(30), () -> {
                assertEquals(0, lane.openConnections(), "the client that stopped reading was cut off");
                return null;
            });
            assertTrue(closedByServer(stalled), "reset by the server");
            byte[] bytes = random(THRESHOLD + 3, 5);
            assertArrayEquals(bytes, fetch(client, lane.put(bytes)), "the freed slot serves the next fetch");
        }
    }

    /** A fetch from a lane that accepts and never answers fails after the io timeout, naming it and the lane. */
    @Test
    void aFetchFromAPeerThatNeverAnswersFailsAfterTheIoTimeout() throws Exception {
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                Lane client =
                        Lane.fetchOnly(settings(4, Duration.ofMinutes(1), Duration.ofSeconds(1)), Optional.empty())) {
            BulkReference ref = new BulkReference("127.0.0.1", blackHole.getLocalPort(), new BlobId(1, 2), 1000, false);
            ExecutionException e = assertThrows(
                    ExecutionException.class,
                    () -> client.fetch(ref, Sink.of(new byte[1000])).get(60, TimeUnit.SECONDS));
            String message = e.getCause().getMessage();
            assertTrue(
                    message.startsWith("cannot fetch a 1000-byte array from the bulk lane at 127.0.0.1:"
                            + blackHole.getLocalPort()),
                    message);
            assertTrue(
                    message.contains("simrt.bulk.io-timeout") && message.contains("waiting for the answer"), message);
        }
    }

    /** Kept connections are reused, and one the server closed meanwhile is replaced without failing a fetch. */
    @Test
    void keptConnectionsAreReusedOrReplacedWhenTheServerClosedThem() throws Exception {
        try (Lane lane = lane(16, Duration.ofMillis(1500), Duration.ofSeconds(5));
                Lane client =
                        Lane.fetchOnly(settings(16, Duration.ofMinutes(10), Duration.ofSeconds(5)), Optional.empty())) {
            for (int i = 0; i < 5; i++) {
                byte[] bytes = random(1000 + i, i);
                assertArrayEquals(bytes, fetch(client, lane.put(bytes)));
            }
            assertTrue(lane.openConnections() <= 1, "one connection served all five: " + lane.openConnections());
            // the server's idle timeout closes the kept connection; the client keeps it for much longer
            kit.createTestProbe().awaitAssert(Duration.ofSeconds(20), () -> {
                assertEquals(0, lane.openConnections());
                return null;
            });
            byte[] bytes = random(2000, 9);
            assertArrayEquals(bytes, fetch(client, lane.put(bytes)));
        }
    }

    /** Several fetches at once from one lane, more than run at once per peer, all arrive whole. */
    @Test
    void manyFetchesAtOnceAllArriveWhole() throws Exception {
        try (Lane lane = lane(16, Duration.ofMinutes(1), Duration.ofSeconds(20));
                Lane client =
                        Lane.fetchOnly(settings(16, Duration.ofMinutes(1), Duration.ofSeconds(20)), Optional.empty())) {
            List<byte[]> sent = new ArrayList<>();
            List<byte[]> got = new ArrayList<>();
            List<CompletableFuture<Void>> fetches = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                byte[] bytes = random(THRESHOLD * (1 + i % 3) + i, 100 + i);
                byte[] into = new byte[bytes.length];
                sent.add(bytes);
                got.add(into);
                fetches.add(client.fetch(lane.put(bytes), Sink.of(into)));
            }
            for (int i = 0; i < fetches.size(); i++) {
                fetches.get(i).get(60, TimeUnit.SECONDS);
                assertArrayEquals(sent.get(i), got.get(i));
            }
            assertEquals(0, lane.pending());
        }
    }
}

package io.simrt.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.simrt.api.BatchRequest;
import io.simrt.api.ClientKind;
import io.simrt.api.EngineFailedException;
import io.simrt.api.SimrtException;
import io.simrt.models.RngFamily;
import io.simrt.models.ma2.Ma2Abc;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.node.InJvmCluster;
import io.simrt.runtime.node.SimrtNode;
import io.simrt.runtime.protocol.BulkDelivery;
import io.simrt.runtime.protocol.BulkLane;
import io.simrt.runtime.protocol.Payload;
import io.simrt.runtime.protocol.WireMessage;
import io.simrt.runtime.protocol.bulk.Lane;
import io.simrt.runtime.view.DirectView;
import io.simrt.runtime.view.Engines;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.junit.jupiter.api.Test;

/**
 * A peer whose bulk lane never answers does not hold up anything else that arrives at the node: while fetches of
 * arrays from it hang, small messages and a request/answer round trip into the same node go through.
 */
class SlowBulkPeerTest {

    /** A message whose array is announced in a bulk lane that accepts connections and never answers. */
    public record HangingArray(
            @JsonSerialize(using = PointsAtTheBlackHole.class) @JsonDeserialize(using = BulkLane.Reader.class)
            byte[] bytes)
            implements WireMessage {}

    /** Writes a reference, in the lane's format, to an array in the black hole instead of the array. */
    public static final class PointsAtTheBlackHole extends JsonSerializer<byte[]> {
        static volatile int port;

        @Override
        public void serialize(byte[] value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeStartObject();
            gen.writeStringField("bulk", "127.0.0.1");
            gen.writeNumberField("port", port);
            gen.writeNumberField("hi", 1);
            gen.writeNumberField("lo", 2);
            gen.writeNumberField("n", value.length);
            gen.writeEndObject();
        }
    }

    /** {@code ref} of a system on another node, as {@code from} addresses it: every message to it crosses Artery. */
    private static <T> ActorRef<T> remote(SimrtNode from, SimrtNode owner, ActorRef<T> ref) {
        String path = ActorRefResolver.get(owner.system()).toSerializationFormat(ref);
        return ActorRefResolver.get(from.system()).resolveActorRef(path);
    }

    @Test
    void smallMessagesAndAnswersKeepFlowingWhileFetchesHang() throws Exception {
        // never accepts: connecting and sending the request succeed (the kernel queues them), no answer ever comes
        try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                InJvmCluster cluster = InJvmCluster.start(
                        new int[] {0, 1}, TestConfigs.with("simrt.bulk.io-timeout = 3s"), Duration.ofSeconds(30))) {
            PointsAtTheBlackHole.port = blackHole.getLocalPort();
            SimrtNode sender = cluster.node(0);
            SimrtNode receiver = cluster.node(1);

            List<TestProbe<Object>> stuck = new ArrayList<>();
            for (int i = 0; i < 8; i++) { // several recipients, so that every inbound lane of Artery gets one
                TestProbe<Object> p = TestProbe.create(receiver.system());
                stuck.add(p);
                remote(sender, receiver, p.ref()).tell(new HangingArray(new byte[512 * 1024]));
            }
            TestProbe<Object> small = TestProbe.create(receiver.system());
            ActorRef<Object> smallRemote = remote(sender, receiver, small.ref());
            for (int i = 0; i < 3; i++) {
                Payload p = new Payload(Payload.INT, new byte[] {0, 0, 0, (byte) i});
                smallRemote.tell(p);
                assertEquals(p, small.receiveMessage(Duration.ofSeconds(10)), "a small message got through");
            }
            ActorRef<Engine.Command> engine = ActorRefResolver.get(sender.system())
                    .resolveActorRef("pekko://" + SimrtNode.SYSTEM_NAME + "@" + receiver.name() + "/user/engine-0");
            TestProbe<Engine.EngineStatus> answers = TestProbe.create(sender.system());
            for (int i = 0; i < 3; i++) {
                engine.tell(new Engine.GetStatus(answers.ref()));
                assertEquals(
                        receiver.name() + "/e0",
                        answers.receiveMessage(Duration.ofSeconds(10)).engineId(),
                        "a round trip into the node got through");
            }
            // the stuck messages were handed on as deliveries still waiting for their arrays, which then failed
            Object first = stuck.get(0).receiveMessage(Duration.ofSeconds(10));
            BulkDelivery waiting = assertInstanceOf(BulkDelivery.class, first);
            ExecutionException failed = assertThrows(
                    ExecutionException.class, () -> waiting.arrived().get(30, TimeUnit.SECONDS));
            assertTrue(failed.getCause().getMessage().contains("simrt.bulk.io-timeout"), failed.getMessage());
        }
    }

    /**
     * When a shard's arrays cannot be fetched (here the coordinator's lane is closed), the engine answers the shard
     * as failed instead of dropping it: a shard bound to its engine fails at once, a load-balanced one is sent again
     * up to simrt.coordinator.max-shard-retries times, and the caller's error names the lane and the cause.
     */
    @Test
    void aShardWhoseArraysCannotBeFetchedFailsNamingTheLane() {
        try (InJvmCluster cluster = InJvmCluster.start(
                        new int[] {0, 1},
                        TestConfigs.with("simrt.coordinator.max-shard-retries = 1"),
                        Duration.ofSeconds(30));
                RuntimeClient client = RuntimeClient.attach(cluster.node(0), ClientKind.LOCAL);
                Engines engines = Engines.of(client)) {
            client.awaitEngines(1, Duration.ofSeconds(20));
            Lane lane = BulkLane.of(cluster.node(0).system()).orElseThrow();
            lane.close(); // its arrays can no longer be fetched; it still takes them

            DirectView view = engines.all();
            SimrtException scatter = assertThrows(SimrtException.class, () -> view.scatter("x", new double[100_000]));
            assertTrue(scatter.getMessage().contains("the shard's arrays did not reach engine"), scatter.getMessage());
            assertTrue(
                    scatter.getMessage().contains("from the bulk lane at 127.0.0.1:" + lane.port()),
                    scatter.getMessage());

            double[] proposals = new double[80_000]; // zeros lie inside the MA2 prior
            BatchRequest big = BatchRequest.withProposals(RngFamily.FAST, 1, 1, 40_000, proposals);
            ExecutionException e = assertThrows(
                    ExecutionException.class,
                    () -> client.simulator(Ma2Abc.of(100, 0.62, 0.17))
                            .submit(big)
                            .get(60, TimeUnit.SECONDS));
            assertInstanceOf(EngineFailedException.class, e.getCause());
            assertTrue(
                    e.getCause().getMessage().contains("failed 2 times"),
                    e.getCause().getMessage());
            assertTrue(
                    e.getCause().getMessage().contains("cannot fetch a 640000-byte array"),
                    e.getCause().getMessage());
        }
    }
}

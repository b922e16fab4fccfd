package io.simrt.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.simrt.api.BatchOutput;
import io.simrt.api.BatchRequest;
import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import io.simrt.models.RngFamily;
import io.simrt.models.Tensor3;
import io.simrt.models.ma2.Ma2Abc;
import io.simrt.models.qinfer.BinomialModel;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.ClassNotAllowedException;
import io.simrt.runtime.protocol.ExpTable;
import io.simrt.runtime.protocol.Matrix;
import io.simrt.runtime.protocol.ShardKey;
import io.simrt.runtime.protocol.SpecCodec;
import io.simrt.runtime.protocol.SpecEnvelope;
import io.simrt.runtime.protocol.TensorData;
import io.simrt.runtime.protocol.Work;
import io.simrt.runtime.protocol.WorkResult;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.SerializationTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.serialization.SerializationExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Every message that crosses nodes goes through Jackson CBOR and comes back equal, arrays included. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireSerializationTest {
    private ActorTestKit kit;
    private SerializationTestKit serialization;

    @BeforeAll
    void start() {
        kit = ActorTestKit.create(
                "wire",
                ConfigFactory.parseString("pekko.actor.provider = cluster\n" + "pekko.remote.artery.canonical.port = 0")
                        .withFallback(ConfigFactory.load()));
        serialization = new SerializationTestKit(kit.system());
    }

    @AfterAll
    void stop() {
        kit.shutdownTestKit();
    }

    private <T> T roundTrip(T message) {
        assertEquals(
                "BulkCborSerializer", // Pekko's Jackson CBOR serializer, fetching bulk arrays off Artery's threads
                SerializationExtension.get(kit.system())
                        .findSerializerFor(message)
                        .getClass()
                        .getSimpleName(),
                "the serializer bound to " + message.getClass().getName());
        return serialization.verifySerialization(message, false);
    }

    @Test
    void shardMessagesRoundTripWithTheirArrays() {
        TestProbe<Engine.ShardReply> probe = kit.createTestProbe();
        TestProbe<Object> owner = kit.createTestProbe();
        Work.Likelihood work = new Work.Likelihood(
                "m-1",
                new int[] {0, 1},
                Matrix.of(ModelParams.column(0.5, 1.0, Double.MIN_VALUE)),
                ExpTable.of(ExpParams.times(1, Math.PI)));
        SpecEnvelope env = new SpecCodec(AllowedClasses.of(List.of("io.simrt.")))
                .encode(SimplePrecessionModel.of().spec());
        Engine.RunShard run = new Engine.RunShard(owner.ref(), new ShardKey(7, 2), work, Optional.of(env), probe.ref());
        Engine.RunShard back = roundTrip(run);
        assertEquals(run.key(), back.key());
        assertEquals(run.install(), back.install());
        Work.Likelihood w = assertInstanceOf(Work.Likelihood.class, back.work());
        assertArrayEquals(new int[] {0, 1}, w.outcomes());
        assertEquals(
                ModelParams.column(0.5, 1.0, Double.MIN_VALUE), w.modelParams().toModelParams());
        assertEquals(ExpParams.times(1, Math.PI), w.expParams().toExpParams());

        Tensor3 t = Tensor3.of(1, 2, 2, -0.0, Double.NaN, Double.POSITIVE_INFINITY, 1e-300);
        Engine.ShardDone done = new Engine.ShardDone(
                new ShardKey(7, 2), "127.0.0.1:1/e0", new WorkResult.Tensor(TensorData.of(t)), 12345, 678);
        Engine.ShardDone doneBack = roundTrip(done);
        assertEquals(12345, doneBack.computeNanos());
        assertEquals(678, doneBack.waitNanos());
        Tensor3 tBack = ((WorkResult.Tensor) doneBack.result()).tensor().toTensor();
        assertEquals(t, tBack);

        BatchOutput out = BatchOutput.of(3, 2, new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {1.5, 2.5});
        Engine.ShardDone batch = new Engine.ShardDone(new ShardKey(1, 0), "e", WorkResult.Batch.of(out), 1, 0);
        assertEquals(out, ((WorkResult.Batch) roundTrip(batch).result()).toOutput());
        BatchOutput withSummaries = BatchOutput.of(
                3, 2, new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {1.5, 2.5}, new double[] {7, 8, 9, 10});
        Engine.ShardDone summaries =
                new Engine.ShardDone(new ShardKey(1, 0), "e", WorkResult.Batch.of(withSummaries), 1, 0);
        BatchOutput summariesBack = ((WorkResult.Batch) roundTrip(summaries).result()).toOutput();
        assertEquals(withSummaries, summariesBack);
        assertEquals(2, summariesBack.nSummaries());
        // a batch that kept rows 1 and 4 of 5 under its cut, and one that kept none: the positions and nParams travel
        BatchOutput part = BatchOutput.of(
                3, 5, 2, new int[] {1, 4}, new double[] {0.1, 0.2, 0.3, 0.4}, new double[] {1.5, -0.0}, null);
        BatchOutput partBack = ((WorkResult.Batch)
                        roundTrip(new Engine.ShardDone(new ShardKey(1, 0), "e", WorkResult.Batch.of(part), 1, 0))
                                .result())
                .toOutput();
        assertEquals(part, partBack);
        assertEquals(4, partBack.row(1));
        BatchOutput none = BatchOutput.of(3, 5, 2, new int[0], new double[0], new double[0], null);
        BatchOutput noneBack = ((WorkResult.Batch)
                        roundTrip(new Engine.ShardDone(new ShardKey(1, 0), "e", WorkResult.Batch.of(none), 1, 0))
                                .result())
                .toOutput();
        assertEquals(none, noneBack);
        assertEquals(0, noneBack.kept());
        assertEquals(false, noneBack.complete());

        BatchRequest request = BatchRequest.withProposals(RngFamily.ELFI, 123, 4, 2, new double[] {0.1, 0.2, 0.3, 0.4});
        Work.AbcBatch abc = Work.AbcBatch.of("ma2-x", request);
        assertEquals(
                request,
                ((Work.AbcBatch) roundTrip(new Engine.RunShard(
                                        owner.ref(), new ShardKey(1, 1), abc, Optional.empty(), probe.ref()))
                                .work())
                        .toRequest());
        BatchRequest cut = BatchRequest.fromPrior(RngFamily.FAST, 9, 1, 5).withCut(0.25);
        assertEquals(
                cut,
                ((Work.AbcBatch) roundTrip(new Engine.RunShard(
                                        owner.ref(),
                                        new ShardKey(1, 3),
                                        Work.AbcBatch.of("ma2-x", cut),
                                        Optional.empty(),
                                        probe.ref()))
                                .work())
                        .toRequest());
        BatchRequest keep = BatchRequest.fromPrior(RngFamily.FAST, 9, 1, 5).withSummaries(true);
        assertEquals(
                keep,
                ((Work.AbcBatch) roundTrip(new Engine.RunShard(
                                        owner.ref(),
                                        new ShardKey(1, 2),
                                        Work.AbcBatch.of("ma2-x", keep),
                                        Optional.empty(),
                                        probe.ref()))
                                .work())
                        .toRequest());

        Work.Simulation sim = new Work.Simulation(
                "m",
                Matrix.of(ModelParams.column(1, 2)),
                ExpTable.of(ExpParams.times(3)),
                2,
                RngFamily.FAST,
                -5L,
                3,
                256,
                true);
        Work.Simulation simBack = (Work.Simulation)
                roundTrip(new Engine.RunShard(owner.ref(), new ShardKey(2, 0), sim, Optional.empty(), probe.ref()))
                        .work();
        assertEquals(sim.seed(), simBack.seed());
        assertEquals(sim.firstBlock(), simBack.firstBlock());
    }

    @Test
    void controlMessagesRoundTrip() {
        TestProbe<Engine.ClaimReply> claims = kit.createTestProbe();
        TestProbe<Engine.Purged> purged = kit.createTestProbe();
        TestProbe<Engine.EngineStatus> status = kit.createTestProbe();
        TestProbe<Engine.Command> engine = kit.createTestProbe();
        roundTrip(new Engine.Claim(claims.ref(), claims.ref()));
        assertEquals(
                "owner",
                roundTrip(new Engine.Refused("e0", engine.ref(), "owner")).owner());
        roundTrip(new Engine.Claimed("e0", engine.ref(), 256L << 20));
        roundTrip(new Engine.Release(claims.ref()));
        roundTrip(new Engine.Abort(claims.ref(), new ShardKey(1, 2)));
        roundTrip(new Engine.Purge(claims.ref(), purged.ref()));
        assertEquals(new Engine.Purged("e0", 2, 1), roundTrip(new Engine.Purged("e0", 2, 1)));
        roundTrip(new Engine.GetStatus(status.ref()));
        assertEquals(
                List.of("a", "b"),
                roundTrip(new Engine.EngineStatus("e0", "", 3, 0, List.of("a", "b")))
                        .models());
        Engine.ShardFailed failed = new Engine.ShardFailed(
                new ShardKey(1, 2), "e0", Engine.FailureKind.USER_CODE, "java.lang.IllegalStateException", "boom");
        assertEquals(failed, roundTrip(failed));
    }

    @Test
    void specsTravelAsClassNameAndJsonAndNestedSpecsKeepTheirType() {
        SpecCodec codec = new SpecCodec(AllowedClasses.of(List.of("io.simrt.")));
        SpecEnvelope binomial =
                codec.encode(BinomialModel.of(SimplePrecessionModel.of(0.25)).spec());
        assertEquals(BinomialModel.of(SimplePrecessionModel.of(0.25)).spec(), codec.decode(binomial));
        SpecEnvelope ma2 = codec.encode(Ma2Abc.of(100, 0.6, 0.2).spec());
        assertEquals(Ma2Abc.of(100, 0.6, 0.2).spec(), codec.decode(ma2));
        assertEquals(
                ma2.modelId(), codec.encode(Ma2Abc.of(100, 0.6, 0.2).spec()).modelId(), "ids are stable");
        assertTrue(!ma2.modelId()
                .equals(codec.encode(Ma2Abc.of(100, 0.6, 0.21).spec()).modelId()));

        SpecCodec strict = new SpecCodec(AllowedClasses.of(List.of("io.simrt.models.qinfer.")));
        ClassNotAllowedException nested = assertThrows(
                ClassNotAllowedException.class,
                () -> strict.decode(new SpecEnvelope(
                        "x",
                        binomial.className(),
                        binomial.json()
                                .replace(SimplePrecessionModel.Spec.class.getName(), "java.lang.ProcessBuilder"))));
        assertTrue(nested.getMessage().contains("not allowed"), nested.getMessage());
        ClassNotAllowedException top = assertThrows(
                ClassNotAllowedException.class, () -> strict.decode(new SpecEnvelope("x", "java.lang.Runtime", "{}")));
        assertTrue(top.getMessage().contains("java.lang.Runtime is not in the allowed packages"), top.getMessage());
        IllegalArgumentException missing = assertThrows(
                IllegalArgumentException.class, () -> codec.decode(new SpecEnvelope("x", "io.simrt.NoSuchSpec", "{}")));
        assertTrue(missing.getMessage().contains("not on this engine's classpath"), missing.getMessage());
    }
}

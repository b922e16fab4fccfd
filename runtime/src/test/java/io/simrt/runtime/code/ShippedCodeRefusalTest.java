package io.simrt.runtime.code;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.BatchRequest;
import io.simrt.config.SimrtSettings;
import io.simrt.models.RngFamily;
import io.simrt.runtime.EngineKit;
import io.simrt.runtime.engine.CodeRequest;
import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.ShardKey;
import io.simrt.runtime.protocol.SpecCodec;
import io.simrt.runtime.protocol.SpecEnvelope;
import io.simrt.runtime.protocol.Work;
import io.simrt.runtime.testmodels.CommandSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An engine checks shipped code before anything loads: a probe plays the owner's code server, and serves what a
 * hostile or broken coordinator might. Every message is serialized on the way, as between nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShippedCodeRefusalTest {
    private static final Duration WAIT = EngineKit.WAIT;
    private static final AllowedClasses BASE = AllowedClasses.of(List.of("io.simrt."));
    private static final SpecCodec COORDINATOR = new SpecCodec(AllowedClasses.of(List.of("io.simrt.", "com.example.")));

    @TempDir
    Path dir;

    private EngineKit engines;
    private ActorTestKit kit;
    private int jars;

    @BeforeAll
    void start() {
        engines = new EngineKit("shipped-code", BASE);
        kit = engines.kit();
    }

    @AfterEach
    void reset() {
        engines.reset();
    }

    @AfterAll
    void stop() throws InterruptedException {
        engines.close();
    }

    /** A jar of its own per test (the JVM's jar cache would otherwise hold it from an earlier test). */
    private Path freshJar() {
        return ShiftedModelJar.build(dir, "refusal-" + (++jars) + ".jar", jars, jars);
    }

    private record Setup(
            ActorRef<Engine.Command> engine,
            TestProbe<Object> owner,
            TestProbe<CodeRequest> server,
            TestProbe<Engine.ShardReply> replies,
            SpecEnvelope env) {
        void run(int shard) {
            Work work = Work.AbcBatch.of(env.modelId(), BatchRequest.fromPrior(RngFamily.ELFI, 1, shard, 20));
            engine.tell(
                    new Engine.RunShard(owner.ref(), new ShardKey(1, shard), work, Optional.of(env), replies.ref()));
        }
    }

    private Setup claimed(SimrtSettings.Code code, Path jar) throws Exception {
        ActorRef<Engine.Command> engine = engines.spawnEngine(code);
        TestProbe<Object> owner = kit.createTestProbe();
        TestProbe<CodeRequest> server = kit.createTestProbe();
        TestProbe<Engine.ClaimReply> claim = kit.createTestProbe();
        engine.tell(new Engine.Claim(owner.ref(), claim.ref(), Optional.of(server.ref())));
        assertInstanceOf(Engine.Claimed.class, claim.receiveMessage(WAIT));
        SpecEnvelope env =
                COORDINATOR.encode(ShiftedModelJar.load(jar, 0.5, 0.1).spec());
        return new Setup(engine, owner, server, kit.createTestProbe(), env);
    }

    private static JarRef refOf(Path jar) throws Exception {
        byte[] bytes = Files.readAllBytes(jar);
        return new JarRef(Sha256.hex(bytes), jar.getFileName().toString(), bytes.length);
    }

    private static Engine.CodeLocated located(Setup s, JarRef ref, String... allow) {
        return new Engine.CodeLocated(s.env().modelId(), List.of(ref), List.of(allow), "");
    }

    private static Engine.ShardFailed failure(Setup s) {
        return assertInstanceOf(Engine.ShardFailed.class, s.replies().receiveMessage(WAIT));
    }

    @Test
    void theRightBytesInstallTheModelAndShardsThatArriveMeanwhileWaitForIt() throws Exception {
        Path jar = freshJar();
        Setup s = claimed(SimrtSettings.Code.DEFAULT, jar);
        s.run(0);
        CodeRequest.Locate locate =
                assertInstanceOf(CodeRequest.Locate.class, s.server().receiveMessage(WAIT));
        assertEquals(List.of(ShiftedModelJar.CLASS + "$Spec"), locate.classNames());
        s.run(1);
        locate.replyTo().tell(located(s, refOf(jar), "com.example."));
        CodeRequest.Fetch fetch =
                assertInstanceOf(CodeRequest.Fetch.class, s.server().receiveMessage(WAIT));
        fetch.replyTo().tell(new Engine.CodeArrived(fetch.jar(), Files.readAllBytes(jar), ""));
        assertInstanceOf(Engine.ShardDone.class, s.replies().receiveMessage(WAIT));
        assertInstanceOf(Engine.ShardDone.class, s.replies().receiveMessage(WAIT));
        assertEquals(List.of(s.env().modelId()), engines.status(s.engine()).models());
    }

    @Test
    void aJarWhoseBytesDoNotMatchItsHashIsRefusedBeforeAnythingLoads() throws Exception {
        Path jar = freshJar();
        Setup s = claimed(SimrtSettings.Code.DEFAULT, jar);
        s.run(0);
        CodeRequest.Locate locate =
                assertInstanceOf(CodeRequest.Locate.class, s.server().receiveMessage(WAIT));
        locate.replyTo().tell(located(s, refOf(jar), "com.example."));
        CodeRequest.Fetch fetch =
                assertInstanceOf(CodeRequest.Fetch.class, s.server().receiveMessage(WAIT));
        byte[] tampered = Files.readAllBytes(jar);
        tampered[tampered.length / 2] ^= 1;
        fetch.replyTo().tell(new Engine.CodeArrived(fetch.jar(), tampered, ""));
        Engine.ShardFailed f = failure(s);
        assertEquals(Engine.FailureKind.NOT_ALLOWED, f.kind());
        assertTrue(f.message().contains("that were offered: refused, nothing was loaded"), f.message());
        assertTrue(JarCache.shared().get(fetch.jar().sha256()).isEmpty(), "the tampered jar was not kept");
        assertTrue(engines.status(s.engine()).models().isEmpty());
    }

    @Test
    void aJarOverTheEnginesLimitIsNotEvenFetched() throws Exception {
        Path jar = freshJar();
        Setup s = claimed(new SimrtSettings.Code(true, List.of(), 1000, Duration.ofSeconds(60)), jar);
        s.run(0);
        CodeRequest.Locate locate =
                assertInstanceOf(CodeRequest.Locate.class, s.server().receiveMessage(WAIT));
        locate.replyTo().tell(located(s, refOf(jar), "com.example."));
        Engine.ShardFailed f = failure(s);
        assertEquals(Engine.FailureKind.NOT_ALLOWED, f.kind());
        assertTrue(f.message().contains("is larger than the 1000 bytes engine"), f.message());
        s.server().expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void anEngineThatNarrowsThePackagesRefusesOthersBeforeFetching() throws Exception {
        Path jar = freshJar();
        Setup s =
                claimed(new SimrtSettings.Code(true, List.of("org.trusted."), 64L << 20, Duration.ofSeconds(60)), jar);
        s.run(0);
        CodeRequest.Locate locate =
                assertInstanceOf(CodeRequest.Locate.class, s.server().receiveMessage(WAIT));
        locate.replyTo().tell(located(s, refOf(jar), "com.example."));
        Engine.ShardFailed f = failure(s);
        assertEquals(Engine.FailureKind.NOT_ALLOWED, f.kind());
        assertTrue(f.message().contains("com.example.Shifted$Spec is not in the allowed packages"), f.message());
        assertTrue(f.message().contains("narrowed to [org.trusted.]"), f.message());
        s.server().expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void anEngineThatTakesNoShippedCodeSaysSoWithoutAsking() throws Exception {
        Setup s = claimed(new SimrtSettings.Code(false, List.of(), 64L << 20, Duration.ofSeconds(60)), freshJar());
        s.run(0);
        Engine.ShardFailed f = failure(s);
        assertEquals(Engine.FailureKind.NOT_ALLOWED, f.kind());
        assertTrue(f.message().contains("takes no shipped code: simrt.engine.code.accept = false"), f.message());
        s.server().expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void jarsThatNeverComeFailTheShardsAfterTheFetchTimeout() throws Exception {
        Setup s = claimed(new SimrtSettings.Code(true, List.of(), 64L << 20, Duration.ofSeconds(1)), freshJar());
        s.run(0);
        assertInstanceOf(CodeRequest.Locate.class, s.server().receiveMessage(WAIT));
        Engine.ShardFailed f = failure(s);
        assertEquals(Engine.FailureKind.INSTALL_FAILED, f.kind());
        assertTrue(f.message().contains("within 1 s (simrt.engine.code.fetch-timeout)"), f.message());
    }

    @Test
    void aClassTheCoordinatorCannotFindIsNamed() throws Exception {
        Setup s = claimed(SimrtSettings.Code.DEFAULT, freshJar());
        s.run(0);
        CodeRequest.Locate locate =
                assertInstanceOf(CodeRequest.Locate.class, s.server().receiveMessage(WAIT));
        locate.replyTo().tell(new Engine.CodeLocated(s.env().modelId(), List.of(), List.of(), "class X is missing"));
        Engine.ShardFailed f = failure(s);
        assertEquals(Engine.FailureKind.INSTALL_FAILED, f.kind());
        assertTrue(f.message().contains("cannot ship the classes of model com.example.Shifted$Spec"), f.message());
        assertTrue(f.message().endsWith("class X is missing"), f.message());
    }

    @Test
    void anEngineThatTakesNoShippedCodeStartsNoCommandItIsSent() {
        SimrtSettings.Code noCode = new SimrtSettings.Code(false, List.of(), 64L << 20, Duration.ofSeconds(60));
        SpecEnvelope env = COORDINATOR.encode(new CommandSpec(List.of("sh", "-c", "echo pwned")));
        for (SimrtSettings.Code code : List.of(noCode, SimrtSettings.Code.DEFAULT)) {
            ActorRef<Engine.Command> engine = engines.spawnEngine(code);
            TestProbe<Object> owner = kit.createTestProbe();
            TestProbe<Engine.ClaimReply> claim = kit.createTestProbe();
            engine.tell(new Engine.Claim(owner.ref(), claim.ref()));
            assertInstanceOf(Engine.Claimed.class, claim.receiveMessage(WAIT));
            TestProbe<Engine.ShardReply> replies = kit.createTestProbe();
            Work work = Work.AbcBatch.of(env.modelId(), BatchRequest.fromPrior(RngFamily.ELFI, 1, 0, 5));
            engine.tell(new Engine.RunShard(owner.ref(), new ShardKey(1, 0), work, Optional.of(env), replies.ref()));
            Engine.ShardFailed f = assertInstanceOf(Engine.ShardFailed.class, replies.receiveMessage(WAIT));
            if (code.accept()) {
                assertEquals(Engine.FailureKind.INSTALL_FAILED, f.kind());
                assertTrue(f.message().contains(CommandSpec.BUILT), "an engine that takes code builds it: " + f);
            } else {
                assertEquals(Engine.FailureKind.NOT_ALLOWED, f.kind());
                assertTrue(f.message().contains("would start [sh, -c, echo pwned] on engine"), f.message());
                assertTrue(f.message().contains("simrt.engine.code.accept = false"), f.message());
            }
        }
    }
}

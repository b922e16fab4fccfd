package io.simrt.runtime.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.Task;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.runtime.EngineKit;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.ClassNotAllowedException;
import io.simrt.runtime.protocol.ShardKey;
import io.simrt.runtime.protocol.SpecCodec;
import io.simrt.runtime.protocol.SpecEnvelope;
import io.simrt.runtime.protocol.TaskCodec;
import io.simrt.runtime.protocol.TaskEnvelope;
import io.simrt.runtime.protocol.ValueCodec;
import io.simrt.runtime.protocol.Work;
import io.simrt.runtime.protocol.WorkResult;
import io.simrt.runtime.testtasks.Gates;
import io.simrt.runtime.testtasks.Tasks;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The engine's protocol, one actor at a time: probes act as owners and as reply addresses, and talk to a real
 * {@link Engine} whose shards run on a thread pool of this test. Every message is serialized on the way
 * ({@code serialize-messages = on}), as it would be between nodes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineProtocolTest {
    private static final Duration WAIT = EngineKit.WAIT;
    private static final Duration GATE_MAX = EngineKit.GATE_MAX;

    private static final AllowedClasses ALLOWED = AllowedClasses.of(List.of("io.simrt."));

    private final TaskCodec tasks = new TaskCodec(ALLOWED);
    private final ValueCodec values = new ValueCodec(ALLOWED);
    private EngineKit engines;
    private ActorTestKit kit;

    @BeforeAll
    void start() {
        engines = new EngineKit("engine-protocol", ALLOWED);
        kit = engines.kit();
    }

    @AfterEach
    void stopEngines() {
        engines.reset();
    }

    @AfterAll
    void stop() throws InterruptedException {
        engines.close();
    }

    // ---- helpers ----------------------------------------------------------------------------------------------

    private ActorRef<Engine.Command> spawnEngine() {
        return engines.spawnEngine();
    }

    private String idOf(ActorRef<Engine.Command> engine) {
        return engines.idOf(engine);
    }

    private Engine.ClaimReply claim(ActorRef<Engine.Command> engine, TestProbe<Engine.ClaimReply> claimant) {
        engine.tell(new Engine.Claim(claimant.ref(), claimant.ref()));
        return claimant.receiveMessage(WAIT);
    }

    /** A new engine, claimed by {@code owner}. */
    private ActorRef<Engine.Command> engineOwnedBy(TestProbe<Engine.ClaimReply> owner) {
        ActorRef<Engine.Command> engine = spawnEngine();
        assertInstanceOf(Engine.Claimed.class, claim(engine, owner));
        return engine;
    }

    private Gates.Gate gate() {
        return engines.gate();
    }

    private Work apply(Task<?> task) {
        return new Work.Apply(tasks.encode(task));
    }

    private static Engine.RunShard run(TestProbe<?> owner, int shard, Work work, TestProbe<Engine.ShardReply> replies) {
        return new Engine.RunShard(owner.ref(), new ShardKey(1, shard), work, Optional.empty(), replies.ref());
    }

    private List<Object> valuesOf(Engine.ShardReply reply) {
        Engine.ShardDone done = assertInstanceOf(Engine.ShardDone.class, reply, () -> "a result, not " + reply);
        return ((WorkResult.Values) done.result())
                .values().stream().map(values::decode).toList();
    }

    private Engine.EngineStatus status(ActorRef<Engine.Command> engine) {
        return engines.status(engine);
    }

    private static String pathOf(TestProbe<?> probe) {
        return probe.ref().path().toString();
    }

    private static SpecEnvelope modelSpec() {
        return new SpecCodec(ALLOWED).encode(SimplePrecessionModel.of().spec());
    }

    // ---- ownership --------------------------------------------------------------------------------------------

    @Test
    void aFreeEngineIsClaimedByTheFirstClaimantAndRefusesOthersNamingItsOwner() {
        ActorRef<Engine.Command> engine = spawnEngine();
        TestProbe<Engine.ClaimReply> owner = kit.createTestProbe();
        TestProbe<Engine.ClaimReply> other = kit.createTestProbe();

        Engine.Claimed claimed = assertInstanceOf(Engine.Claimed.class, claim(engine, owner));
        assertEquals(idOf(engine), claimed.engineId());
        assertEquals(engine, claimed.engine());
        assertEquals(Runtime.getRuntime().maxMemory(), claimed.heapBytes(), "an engine reports its JVM's heap");

        Engine.Refused refused = assertInstanceOf(Engine.Refused.class, claim(engine, other));
        assertEquals(idOf(engine), refused.engineId());
        assertEquals(engine, refused.engine());
        assertEquals(pathOf(owner), refused.owner());

        assertInstanceOf(Engine.Claimed.class, claim(engine, owner), "the owner's repeated claim");
        assertInstanceOf(Engine.Refused.class, claim(engine, other), "still refused");
        assertEquals(pathOf(owner), status(engine).owner());
    }

    @Test
    void workFromANonOwnerIsRefusedNamingTheOwnerAndNeverRuns() {
        ActorRef<Engine.Command> engine = spawnEngine();
        TestProbe<Engine.ClaimReply> owner = kit.createTestProbe();
        TestProbe<Engine.ClaimReply> other = kit.createTestProbe();
        TestProbe<Engine.ShardReply> replies = kit.createTestProbe();

        engine.tell(run(other, 0, apply(new Tasks.WhoAmI()), replies));
        Engine.ShardFailed unclaimed = assertInstanceOf(Engine.ShardFailed.class, replies.receiveMessage(WAIT));
        assertEquals(Engine.FailureKind.REFUSED, unclaimed.kind());
        assertTrue(unclaimed.message().contains("is not claimed by " + pathOf(other)), unclaimed.message());

        assertInstanceOf(Engine.Claimed.class, claim(engine, owner));
        engine.tell(run(other, 1, apply(new Tasks.WhoAmI()), replies));
        Engine.ShardFailed failed = assertInstanceOf(Engine.ShardFailed.class, replies.receiveMessage(WAIT));
        assertEquals(Engine.FailureKind.REFUSED, failed.kind());
        assertEquals(new ShardKey(1, 1), failed.key());
        assertEquals(idOf(engine), failed.engineId());
        assertTrue(failed.message().contains("is owned by " + pathOf(owner)), failed.message());
        assertEquals(0, status(engine).shardsDone(), "refused work does not run");

        engine.tell(run(owner, 2, apply(new Tasks.WhoAmI()), replies));
        assertEquals(List.of(idOf(engine)), valuesOf(replies.receiveMessage(WAIT)));
    }

    @Test
    void releaseByTheOwnerFreesTheEngineAndItsModelsWhileReleaseByOthersChangesNothing() {
        TestProbe<Engine.ClaimReply> owner = kit.createTestProbe();
        TestProbe<Engine.ClaimReply> other = kit.createTestProbe();
        TestProbe<Engine.ShardReply> replies = kit.createTestProbe();
        ActorRef<Engine.Command> engine = engineOwnedBy(owner);
        SpecEnvelope spec = modelSpec();
        engine.tell(new Engine.RunShard(
                owner.ref(), new ShardKey(1, 0), new Work.Push(Map.of()), Optional.of(spec), replies.ref()));
        assertInstanceOf(Engine.ShardDone.class, replies.receiveMessage(WAIT));
        assertEquals(List.of(spec.modelId()), status(engine).models());

        engine.tell(new Engine.Release(other.ref()));
        assertInstanceOf(Engine.Refused.class, claim(engine, other), "a non-owner's release is ignored");
        Engine.EngineStatus kept = status(engine);
        assertEquals(pathOf(owner), kept.owner());
        assertEquals(List.of(spec.modelId()), kept.models());

        engine.tell(new Engine.Release(owner.ref()));
        Engine.EngineStatus freed = status(engine);
        assertEquals("", freed.owner());
        assertEquals(List.of(), freed.models(), "a released engine forgets its models");
        assertInstanceOf(Engine.Claimed.class, claim(engine, other));
        assertEquals(pathOf(other), status(engine).owner());

        engine.tell(run(owner, 1, apply(new Tasks.WhoAmI()), replies));
        assertEquals(
                Engine.FailureKind.REFUSED,
                assertInstanceOf(Engine.ShardFailed.class, replies.receiveMessage(WAIT))
                        .kind(),
                "the former owner's work is refused");
    }

    @Test
    void whenTheOwnerTerminatesTheEngineIsFreeAgain() {
        TestProbe<Engine.ClaimReply> owner = kit.createTestProbe();
        TestProbe<Engine.ClaimReply> next = kit.createTestProbe();
        TestProbe<Engine.ShardReply> replies = kit.createTestProbe();
        ActorRef<Engine.Command> engine = engineOwnedBy(owner);
        engine.tell(new Engine.RunShard(
                owner.ref(), new ShardKey(1, 0), new Work.Push(Map.of()), Optional.of(modelSpec()), replies.ref()));
        assertInstanceOf(Engine.ShardDone.class, replies.receiveMessage(WAIT));
        assertInstanceOf(Engine.Refused.class, claim(engine, next));

        owner.stop();

        TestProbe<Engine.EngineStatus> statuses = kit.createTestProbe();
        Engine.EngineStatus freed = statuses.awaitAssert(WAIT, () -> {
            engine.tell(new Engine.GetStatus(statuses.ref()));
            Engine.EngineStatus s = statuses.receiveMessage(WAIT);
            assertEquals("", s.owner(), "the engine hears that its owner terminated");
            return s;
        });
        assertEquals(List.of(), freed.models(), "the models of the terminated owner are forgotten");
        assertInstanceOf(Engine.Claimed.class, claim(engine, next));
        assertEquals(pathOf(next), status(engine).owner());
    }

    // ---- purge ------------------------------------------------------------------------------------------------

    @Test
    void purgeAnswersWhatItFreedForTheOwnerAndFreesNothingForOthers() {
        TestProbe<Engine.ClaimReply> owner = kit.createTestProbe();
        TestProbe<Engine.ClaimReply> other = kit.createTestProbe();
        TestProbe<Engine.ShardReply> replies = kit.createTestProbe();
        TestProbe<Engine.Purged> purged = kit.createTestProbe();
        ActorRef<Engine.Command> engine = engineOwnedBy(owner);
        Map<String, io.simrt.runtime.protocol.Payload> names = new LinkedHashMap<>();
        names.put("a", values.encode(1));
        names.put("b", values.encode("two"));
        engine.tell(new Engine.RunShard(
                owner.ref(), new ShardKey(1, 0), new Work.Push(names), Optional.of(modelSpec()), replies.ref()));
        assertInstanceOf(Engine.ShardDone.class, replies.receiveMessage(WAIT));

        engine.tell(new Engine.Purge(other.ref(), purged.ref()));
        assertEquals(new Engine.Purged(idOf(engine), 0, 0), purged.receiveMessage(WAIT));
        engine.tell(run(owner, 1, new Work.Pull(List.of("a", "b")), replies));
        assertEquals(List.of(1, "two"), valuesOf(replies.receiveMessage(WAIT)), "a non-owner's purge frees nothing");
        assertEquals(1, status(engine).models().size());

        engine.tell(new Engine.Purge(owner.ref(), purged.ref()));
        assertEquals(new Engine.Purged(idOf(engine), 1, 2), purged.receiveMessage(WAIT));
        assertEquals(List.of(), status(engine).models());
        engine.tell(run(owner, 2, new Work.Pull(List.of("a")), replies));
        Engine.ShardFailed gone = assertInstanceOf(Engine.ShardFailed.class, replies.receiveMessage(WAIT));
        assertEquals(Engine.FailureKind.USER_CODE, gone.kind());
        assertEquals("java.util.NoSuchElementException", gone.errorClass());
        assertTrue(gone.message().contains("'a' is not defined on engine " + idOf(engine)), gone.message());

        engine.tell(new Engine.Purge(owner.ref(), purged.ref()));
        assertEquals(new Engine.Purged(idOf(engine), 0, 0), purged.receiveMessage(WAIT), "nothing left to free");
        assertEquals(pathOf(owner), status(engine).owner(), "purging keeps the ownership");
    }

    // ---- abort ------------------------------------------------------------------------------------------------

    @Test
    void aQueuedShardThatIsAbortedNeverRunsAndIsNotAnswered() throws InterruptedException {
        TestProbe<Engine.ClaimReply> owner = kit.createTestProbe();
        TestProbe<Engine.ShardReply> replies = kit.createTestProbe();
        ActorRef<Engine.Command> engine = engineOwnedBy(owner);
        Gates.Gate busy = gate();
        Gates.Gate never = gate();
        engine.tell(run(owner, 0, apply(busy.task(GATE_MAX)), replies));
        assertTrue(busy.awaitEntered(WAIT), "the first shard runs");
        engine.tell(run(owner, 1, apply(never.task(GATE_MAX)), replies));
        assertEquals(2, status(engine).queued(), "one running, one queued");

        engine.tell(new Engine.Abort(owner.ref(), new ShardKey(1, 1)));
        assertEquals(1, status(engine).queued(), "the queued shard is dropped at once");
        busy.open();
        Engine.ShardReply first = replies.receiveMessage(WAIT);
        assertEquals(new ShardKey(1, 0), first.key());
        assertEquals(List.of("opened"), valuesOf(first));

        // the engine runs shards in order: had shard 1 run, its answer would come before shard 2's
        engine.tell(run(owner, 2, apply(new Tasks.WhoAmI()), replies));
        Engine.ShardReply third = replies.receiveMessage(WAIT);
        assertEquals(new ShardKey(1, 2), third.key());
        assertEquals(List.of(idOf(engine)), valuesOf(third));
        replies.expectNoMessage(Duration.ofMillis(300));
        assertEquals(0, never.runs(), "the aborted shard's task never started");
        Engine.EngineStatus s = status(engine);
        assertEquals(2, s.shardsDone());
        assertEquals(0, s.queued());
    }

    @Test
    void anAbortFromANonOwnerIsIgnored() throws InterruptedException {
        TestProbe<Engine.ClaimReply> owner = kit.createTestProbe();
        TestProbe<Engine.ClaimReply> other = kit.createTestProbe();
        TestProbe<Engine.ShardReply> replies = kit.createTestProbe();
        ActorRef<Engine.Command> engine = engineOwnedBy(owner);
        Gates.Gate busy = gate();
        engine.tell(run(owner, 0, apply(busy.task(GATE_MAX)), replies));
        assertTrue(busy.awaitEntered(WAIT));
        engine.tell(run(owner, 1, apply(new Tasks.WhoAmI()), replies));

        engine.tell(new Engine.Abort(other.ref(), new ShardKey(1, 0)));
        engine.tell(new Engine.Abort(other.ref(), new ShardKey(1, 1)));
        assertEquals(2, status(engine).queued(), "nothing was dropped");
        busy.open();
        assertEquals(List.of("opened"), valuesOf(replies.receiveMessage(WAIT)));
        assertEquals(List.of(idOf(engine)), valuesOf(replies.receiveMessage(WAIT)));
        assertFalse(busy.wasInterrupted());
    }

    @Test
    void aRunningShardThatIsAbortedIsInterruptedAndAnsweredAborted() throws InterruptedException {
        TestProbe<Engine.ClaimReply> owner = kit.createTestProbe();
        TestProbe<Engine.ShardReply> replies = kit.createTestProbe();
        ActorRef<Engine.Command> engine = engineOwnedBy(owner);
        Gates.Gate blocked = gate();
        engine.tell(run(owner, 0, apply(blocked.task(GATE_MAX)), replies));
        assertTrue(blocked.awaitEntered(WAIT));

        engine.tell(new Engine.Abort(owner.ref(), new ShardKey(1, 0)));
        Engine.ShardFailed aborted = assertInstanceOf(Engine.ShardFailed.class, replies.receiveMessage(WAIT));
        assertEquals(Engine.FailureKind.ABORTED, aborted.kind());
        assertEquals(new ShardKey(1, 0), aborted.key());
        assertEquals(idOf(engine), aborted.engineId());
        assertTrue(blocked.wasInterrupted(), "the task saw the interrupt");

        // the interrupt was meant for that shard only: the next one runs normally, even one that sleeps
        engine.tell(run(owner, 1, apply(new Tasks.Sleep(1, "after")), replies));
        assertEquals(List.of("after"), valuesOf(replies.receiveMessage(WAIT)));
        assertEquals(2, status(engine).shardsDone());
    }

    @Test
    void whenOwnershipEndsARunningShardIsInterruptedAndTheQueueDropped() throws InterruptedException {
        TestProbe<Engine.ClaimReply> owner = kit.createTestProbe();
        TestProbe<Engine.ShardReply> replies = kit.createTestProbe();
        ActorRef<Engine.Command> engine = engineOwnedBy(owner);
        Gates.Gate blocked = gate();
        Gates.Gate queued = gate();
        engine.tell(run(owner, 0, apply(blocked.task(GATE_MAX)), replies));
        engine.tell(run(owner, 1, apply(queued.task(GATE_MAX)), replies));
        assertTrue(blocked.awaitEntered(WAIT));

        engine.tell(new Engine.Release(owner.ref()));
        assertTrue(blocked.awaitInterrupted(WAIT), "the released owner's running shard is stopped");
        // the next owner is not kept waiting behind the last one's work
        TestProbe<Engine.ClaimReply> next = kit.createTestProbe();
        assertInstanceOf(Engine.Claimed.class, claim(engine, next));
        engine.tell(run(next, 2, apply(new Tasks.Sleep(0, "mine")), replies));
        assertEquals(
                List.of("mine"),
                valuesOf(replies.receiveMessage(WAIT)),
                "the first reply is the new owner's: no one waits for the old owner's shards");
        assertEquals(0, queued.runs(), "the old owner's queued shard never ran");
    }

    // ---- status -----------------------------------------------------------------------------------------------

    @Test
    void statusReportsOwnerShardsDoneQueueAndModels() throws InterruptedException {
        ActorRef<Engine.Command> engine = spawnEngine();
        assertEquals(new Engine.EngineStatus(idOf(engine), "", 0, 0, List.of()), status(engine));

        TestProbe<Engine.ClaimReply> owner = kit.createTestProbe();
        TestProbe<Engine.ShardReply> replies = kit.createTestProbe();
        assertInstanceOf(Engine.Claimed.class, claim(engine, owner));
        Gates.Gate busy = gate();
        SpecEnvelope spec = modelSpec();
        engine.tell(new Engine.RunShard(
                owner.ref(), new ShardKey(1, 0), apply(busy.task(GATE_MAX)), Optional.of(spec), replies.ref()));
        assertTrue(busy.awaitEntered(WAIT));
        engine.tell(run(owner, 1, apply(new Tasks.WhoAmI()), replies));
        engine.tell(run(owner, 2, apply(new Tasks.WhoAmI()), replies));
        assertEquals(
                new Engine.EngineStatus(idOf(engine), pathOf(owner), 0, 3, List.of(spec.modelId())), status(engine));

        busy.open();
        List<Engine.ShardReply> got = replies.receiveSeveralMessages(3, WAIT);
        assertEquals(List.of(0, 1, 2), got.stream().map(r -> r.key().shard()).toList(), "in order");
        assertEquals(
                new Engine.EngineStatus(idOf(engine), pathOf(owner), 3, 0, List.of(spec.modelId())), status(engine));
    }

    // ---- allowed packages -------------------------------------------------------------------------------------

    @Test
    void aModelOutsideTheAllowedPackagesIsRefusedBeforeAnythingLoads() {
        TestProbe<Engine.ClaimReply> owner = kit.createTestProbe();
        TestProbe<Engine.ShardReply> replies = kit.createTestProbe();
        ActorRef<Engine.Command> engine = engineOwnedBy(owner);
        Map<String, io.simrt.runtime.protocol.Payload> names = Map.of("x", values.encode(1));

        // com.example.EvilSpec does not exist: had the engine tried to load it, the answer would be INSTALL_FAILED
        SpecEnvelope evil = new SpecEnvelope("evil-1", "com.example.EvilSpec", "{}");
        engine.tell(new Engine.RunShard(
                owner.ref(), new ShardKey(1, 0), new Work.Push(names), Optional.of(evil), replies.ref()));
        Engine.ShardFailed refused = assertInstanceOf(Engine.ShardFailed.class, replies.receiveMessage(WAIT));
        assertEquals(Engine.FailureKind.NOT_ALLOWED, refused.kind());
        assertEquals(ClassNotAllowedException.class.getName(), refused.errorClass());
        assertTrue(
                refused.message().contains("com.example.EvilSpec is not in the allowed packages [io.simrt.]"),
                refused.message());
        Engine.EngineStatus after = status(engine);
        assertEquals(List.of(), after.models());
        assertEquals(0, after.shardsDone(), "the shard that came with the model did not run");

        // the contrast: an allowed class that is missing is looked up, and fails as an install
        SpecEnvelope missing = new SpecEnvelope("missing-1", "io.simrt.NoSuchSpec", "{}");
        engine.tell(new Engine.RunShard(
                owner.ref(), new ShardKey(1, 1), new Work.Push(names), Optional.of(missing), replies.ref()));
        Engine.ShardFailed install = assertInstanceOf(Engine.ShardFailed.class, replies.receiveMessage(WAIT));
        assertEquals(Engine.FailureKind.INSTALL_FAILED, install.kind());
        assertTrue(install.message().contains("not on this engine's classpath"), install.message());

        // a task class outside the allowed packages is refused the same way, by the engine's thread
        engine.tell(run(owner, 2, new Work.Apply(new TaskEnvelope("com.example.EvilTask", "{}")), replies));
        Engine.ShardFailed task = assertInstanceOf(Engine.ShardFailed.class, replies.receiveMessage(WAIT));
        assertEquals(Engine.FailureKind.NOT_ALLOWED, task.kind());
        assertTrue(task.message().contains("com.example.EvilTask is not in the allowed packages"), task.message());

        engine.tell(run(owner, 3, apply(new Tasks.WhoAmI()), replies));
        assertEquals(List.of(idOf(engine)), valuesOf(replies.receiveMessage(WAIT)), "the engine still works");
    }
}

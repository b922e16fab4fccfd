package io.simrt.runtime.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.simrt.api.BatchRequest;
import io.simrt.api.EngineFailedException;
import io.simrt.api.RemoteException;
import io.simrt.api.Task;
import io.simrt.config.SimrtSettings;
import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import io.simrt.models.RngFamily;
import io.simrt.models.ma2.Ma2Abc;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.runtime.EngineKit;
import io.simrt.runtime.TestConfigs;
import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.ExpTable;
import io.simrt.runtime.protocol.Matrix;
import io.simrt.runtime.protocol.ModelFootprint;
import io.simrt.runtime.protocol.Payload;
import io.simrt.runtime.protocol.TaskCodec;
import io.simrt.runtime.protocol.ValueCodec;
import io.simrt.runtime.protocol.Work;
import io.simrt.runtime.protocol.WorkResult;
import io.simrt.runtime.testtasks.Gates;
import io.simrt.runtime.testtasks.Tasks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The coordinator's protocol in one actor system: real {@link Engine}s register with the Receptionist themselves,
 * coordinators discover and claim them, and probes (and the futures {@code Submit} completes) stand in for the
 * client. Each test stops its coordinators and engines afterwards, so that the next test's coordinator finds only
 * the engines that test spawns.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CoordinatorProtocolTest {
    private static final Duration WAIT = EngineKit.WAIT;
    /** Claims refused once are retried every 2 s, and a claim may wait for its timeout (3 s here) first. */
    private static final Duration RECLAIM = Duration.ofSeconds(10);

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration GATE_MAX = EngineKit.GATE_MAX;

    private final List<ActorRef<Coordinator.Command>> coordinators = new ArrayList<>();
    private final AtomicLong requestIds = new AtomicLong();
    private EngineKit engines;
    private ActorTestKit kit;
    private SimrtSettings settings;
    private TaskCodec tasks;
    private ValueCodec values;

    @BeforeAll
    void start() {
        settings = SimrtSettings.from(TestConfigs.base().withFallback(ConfigFactory.load()));
        AllowedClasses allowed = AllowedClasses.of(settings.engine().allowedPackages());
        engines = new EngineKit("coordinator-protocol", allowed);
        kit = engines.kit();
        tasks = new TaskCodec(allowed);
        values = new ValueCodec(allowed);
    }

    @AfterEach
    void stopActors() {
        coordinators.forEach(c -> kit.stop(c, WAIT)); // first: they release their engines
        coordinators.clear();
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

    private ActorRef<Coordinator.Command> spawnCoordinator() {
        ActorRef<Coordinator.Command> c = kit.spawn(
                Coordinator.create(settings, Long.MAX_VALUE, Integer.MAX_VALUE), "coordinator-" + engines.next());
        coordinators.add(c);
        return c;
    }

    /** Waits until {@code coordinator} owns at least {@code min} engines; returns how many it owns. */
    private int awaitEngines(ActorRef<Coordinator.Command> coordinator, int min, Duration max) {
        TestProbe<Coordinator.EnginesReady> ready = kit.createTestProbe();
        coordinator.tell(new Coordinator.AwaitEngines(min, ready.ref()));
        int owned = ready.receiveMessage(max).engines();
        assertTrue(owned >= min, owned + " engines, awaited " + min);
        return owned;
    }

    private Coordinator.EngineList engineList(ActorRef<Coordinator.Command> coordinator) {
        TestProbe<Coordinator.EngineList> probe = kit.createTestProbe();
        coordinator.tell(new Coordinator.GetEngines(probe.ref()));
        return probe.receiveMessage(WAIT);
    }

    private static Set<String> ownedIds(Coordinator.EngineList list) {
        return list.owned().stream().map(Coordinator.EngineInfo::engineId).collect(Collectors.toSet());
    }

    private Engine.EngineStatus status(ActorRef<Engine.Command> engine) {
        return engines.status(engine);
    }

    private Gates.Gate gate() {
        return engines.gate();
    }

    private Work apply(Task<?> task) {
        return new Work.Apply(tasks.encode(task));
    }

    /** The one value of a one-task shard. */
    private Object valueOf(WorkResult result) {
        return values.decode(((WorkResult.Values) result).values().get(0));
    }

    /** Submits {@code plan}; the future completes on the request child's thread, as the client's does. */
    private CompletableFuture<RequestReply> submit(
            ActorRef<Coordinator.Command> coordinator, long requestId, Plan<?> plan) {
        CompletableFuture<RequestReply> reply = new CompletableFuture<>();
        coordinator.tell(new Coordinator.Submit(requestId, plan, REQUEST_TIMEOUT, reply::complete));
        return reply;
    }

    private static RequestReply await(CompletableFuture<RequestReply> reply) throws Exception {
        return reply.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ---- engines ----------------------------------------------------------------------------------------------

    @Test
    void awaitEnginesAnswersOnceEnoughAreOwnedAndGetEnginesListsThem() {
        ActorRef<Coordinator.Command> coordinator = spawnCoordinator();
        TestProbe<Coordinator.EnginesReady> ready = kit.createTestProbe();
        coordinator.tell(new Coordinator.AwaitEngines(2, ready.ref()));

        ActorRef<Engine.Command> first = spawnEngine();
        TestProbe<Coordinator.EngineList> lists = kit.createTestProbe();
        lists.awaitAssert(WAIT, () -> {
            coordinator.tell(new Coordinator.GetEngines(lists.ref()));
            assertEquals(Set.of(engines.idOf(first)), ownedIds(lists.receiveMessage(WAIT)));
            return null;
        });
        ready.expectNoMessage(Duration.ofMillis(200)); // one engine is not two

        ActorRef<Engine.Command> second = spawnEngine();
        assertEquals(new Coordinator.EnginesReady(2), ready.receiveMessage(WAIT));
        Coordinator.EngineList list = engineList(coordinator);
        assertEquals(Set.of(engines.idOf(first), engines.idOf(second)), ownedIds(list));
        for (Coordinator.EngineInfo info : list.owned()) {
            assertEquals(engines.idOf(info.ref()), info.engineId(), "each id goes with its engine");
            assertEquals(0, info.outstanding());
        }
        assertEquals(Map.of(), list.refusedBy());
        assertEquals(coordinator.path().toString(), status(first).owner());
        assertEquals(coordinator.path().toString(), status(second).owner());

        assertEquals(2, awaitEngines(coordinator, 1, WAIT), "already satisfied: answered at once, with the count");
    }

    @Test
    void anEngineOwnedByAnotherCoordinatorIsReportedAndClaimedOnceThatOwnerStops() {
        ActorRef<Engine.Command> engine = spawnEngine();
        ActorRef<Coordinator.Command> first = spawnCoordinator();
        awaitEngines(first, 1, WAIT);

        ActorRef<Coordinator.Command> second = spawnCoordinator();
        TestProbe<Coordinator.EngineList> lists = kit.createTestProbe();
        Coordinator.EngineList seen = lists.awaitAssert(WAIT, () -> {
            second.tell(new Coordinator.GetEngines(lists.ref()));
            Coordinator.EngineList l = lists.receiveMessage(WAIT);
            assertEquals(Map.of(engine.path().toString(), first.path().toString()), l.refusedBy());
            return l;
        });
        assertEquals(List.of(), seen.owned());
        assertEquals(first.path().toString(), status(engine).owner());

        kit.stop(first, WAIT);
        coordinators.remove(first);
        awaitEngines(second, 1, RECLAIM);
        Coordinator.EngineList after = engineList(second);
        assertEquals(Set.of(engines.idOf(engine)), ownedIds(after));
        assertEquals(Map.of(), after.refusedBy());
        assertEquals(second.path().toString(), status(engine).owner());
    }

    @Test
    void anEngineThatStopsIsLostAndItsShardIsSentToAnother() throws Exception {
        ActorRef<Engine.Command> a = spawnEngine();
        ActorRef<Engine.Command> b = spawnEngine();
        ActorRef<Coordinator.Command> coordinator = spawnCoordinator();
        awaitEngines(coordinator, 2, WAIT);
        Gates.Gate gate = gate();
        CompletableFuture<RequestReply> reply = submit(
                coordinator,
                requestIds.incrementAndGet(),
                Plan.single("wait on a gate", apply(gate.task(GATE_MAX)), this::valueOf));
        assertTrue(gate.awaitEntered(WAIT));
        Coordinator.EngineInfo busy = engineList(coordinator).owned().stream()
                .filter(i -> i.outstanding() == 1)
                .findFirst()
                .orElseThrow();
        ActorRef<Engine.Command> lost = busy.ref();
        ActorRef<Engine.Command> kept = lost.equals(a) ? b : a;

        engines.stop(lost);
        TestProbe<Object> probe = kit.createTestProbe();
        probe.awaitAssert(WAIT, () -> {
            assertEquals(2, gate.runs(), "the shard was sent again, to the other engine");
            return null;
        });
        Coordinator.EngineList list = engineList(coordinator);
        assertEquals(Set.of(engines.idOf(kept)), ownedIds(list));
        assertEquals(1, list.owned().get(0).outstanding());

        gate.open();
        RequestReply.Done done = assertInstanceOf(RequestReply.Done.class, await(reply));
        assertEquals("opened", done.value());
    }

    @Test
    void aClaimThatGetsNoAnswerIsTriedAgain() {
        TestProbe<Engine.Command> silent = kit.createTestProbe();
        kit.system().receptionist().tell(Receptionist.register(Engine.KEY, silent.ref()));
        try {
            spawnCoordinator();
            silent.expectMessageClass(Engine.Claim.class, WAIT);
            // unanswered, the claim times out (3 s here) and is tried again, as a refused one is
            silent.expectMessageClass(Engine.Claim.class, RECLAIM);
        } finally {
            silent.stop();
        }
    }

    // ---- requests ---------------------------------------------------------------------------------------------

    @Test
    void aSubmittedPlanIsAnsweredDoneWithItsCombinedValue() throws Exception {
        ActorRef<Engine.Command> a = spawnEngine();
        ActorRef<Engine.Command> b = spawnEngine();
        ActorRef<Coordinator.Command> coordinator = spawnCoordinator();
        awaitEngines(coordinator, 2, WAIT);
        Set<String> engineIds = Set.of(engines.idOf(a), engines.idOf(b));

        long single = requestIds.incrementAndGet();
        RequestReply.Done who = assertInstanceOf(
                RequestReply.Done.class,
                await(submit(coordinator, single, Plan.single("who am I", apply(new Tasks.WhoAmI()), this::valueOf))));
        assertEquals(single, who.requestId());
        assertEquals(1, who.shards());
        assertTrue(engineIds.contains((String) who.value()), who.value() + " is one of " + engineIds);
        assertEquals(Set.of(who.value()), who.engineNanos().keySet(), "the engine that ran it");

        AtomicInteger splitFor = new AtomicInteger();
        Plan<String> six = new Plan<>(
                "six values",
                engines -> {
                    splitFor.set(engines);
                    return IntStream.range(0, 6)
                            .mapToObj(i -> apply(new Tasks.Sleep(0, "v" + i)))
                            .toList();
                },
                results -> results.stream().map(r -> (String) valueOf(r)).collect(Collectors.joining(",")));
        long many = requestIds.incrementAndGet();
        RequestReply.Done done = assertInstanceOf(RequestReply.Done.class, await(submit(coordinator, many, six)));
        assertEquals(2, splitFor.get(), "split is told how many engines the coordinator owns");
        assertEquals(many, done.requestId());
        assertEquals("v0,v1,v2,v3,v4,v5", done.value(), "combined in shard order");
        assertEquals(6, done.shards());
        assertTrue(
                engineIds.containsAll(done.engineNanos().keySet()),
                done.engineNanos().toString());
        assertEquals(
                0,
                engineList(coordinator).owned().stream()
                        .mapToInt(Coordinator.EngineInfo::outstanding)
                        .sum(),
                "every shard settled");
    }

    @Test
    void aRequestIdAlreadyInFlightIsRefusedAndTheCoordinatorCarriesOn() throws Exception {
        spawnEngine();
        ActorRef<Coordinator.Command> coordinator = spawnCoordinator();
        awaitEngines(coordinator, 1, WAIT);
        Gates.Gate gate = gate();
        long id = requestIds.incrementAndGet();
        CompletableFuture<RequestReply> first =
                submit(coordinator, id, Plan.single("wait on a gate", apply(gate.task(GATE_MAX)), this::valueOf));
        assertTrue(gate.awaitEntered(WAIT));

        RequestReply.Failed again = assertInstanceOf(
                RequestReply.Failed.class,
                await(submit(coordinator, id, Plan.single("who am I", apply(new Tasks.WhoAmI()), this::valueOf))));
        assertTrue(
                again.error().getMessage().contains("request " + id + " is already in flight"),
                again.error().getMessage());
        assertEquals(1, engineList(coordinator).owned().size(), "the coordinator still runs and owns its engine");
        gate.open();
        assertEquals(
                "opened",
                assertInstanceOf(RequestReply.Done.class, await(first)).value());
    }

    @Test
    void aShardThatThrowsIsAnsweredFailedWithARemoteExceptionNamingTheEngine() throws Exception {
        ActorRef<Engine.Command> engine = spawnEngine();
        ActorRef<Coordinator.Command> coordinator = spawnCoordinator();
        awaitEngines(coordinator, 1, WAIT);

        long id = requestIds.incrementAndGet();
        RequestReply.Failed failed = assertInstanceOf(
                RequestReply.Failed.class,
                await(submit(
                        coordinator,
                        id,
                        Plan.single("pull an undefined name", new Work.Pull(List.of("undefined")), r -> r))));
        assertEquals(id, failed.requestId());
        RemoteException error = assertInstanceOf(RemoteException.class, failed.error());
        assertEquals(engines.idOf(engine), error.engineId());
        assertEquals("java.util.NoSuchElementException", error.remoteClass());
        assertTrue(
                error.remoteMessage().contains("'undefined' is not defined on engine " + engines.idOf(engine)),
                error.remoteMessage());
        assertTrue(error.getMessage().startsWith("on engine " + engines.idOf(engine)), error.getMessage());

        // a user task that throws is not a failed shard: its exception comes back as the task's value, and the
        // views turn that value into a RemoteException of their own (so one failed item does not fail a map)
        RequestReply.Done done = assertInstanceOf(
                RequestReply.Done.class,
                await(submit(
                        coordinator,
                        requestIds.incrementAndGet(),
                        Plan.single(
                                "explode",
                                apply(new Tasks.Explode("boom")),
                                r -> ((WorkResult.Values) r).values().get(0)))));
        Payload value = (Payload) done.value();
        assertEquals(Payload.ERROR, value.kind());
        assertEquals(new ValueCodec.RemoteError("java.io.IOException", "boom"), ValueCodec.error(value));
    }

    @Test
    void cancelOfARunningRequestInterruptsItsShardOnTheEngineAndAnswersNobody() throws Exception {
        ActorRef<Engine.Command> engine = spawnEngine();
        ActorRef<Coordinator.Command> coordinator = spawnCoordinator();
        awaitEngines(coordinator, 1, WAIT);
        Gates.Gate gate = gate();
        long id = requestIds.incrementAndGet();
        CompletableFuture<RequestReply> reply =
                submit(coordinator, id, Plan.single("wait on a gate", apply(gate.task(GATE_MAX)), this::valueOf));
        assertTrue(gate.awaitEntered(WAIT));

        coordinator.tell(new Coordinator.Cancel(id));
        assertTrue(gate.awaitInterrupted(WAIT), "the engine interrupted the cancelled shard");
        TestProbe<Engine.EngineStatus> statuses = kit.createTestProbe();
        statuses.awaitAssert(WAIT, () -> {
            engine.tell(new Engine.GetStatus(statuses.ref()));
            Engine.EngineStatus s = statuses.receiveMessage(WAIT);
            assertEquals(0, s.queued());
            assertEquals(1, s.shardsDone());
            return null;
        });
        assertEquals(0, engineList(coordinator).owned().get(0).outstanding(), "the engine's slot is free");
        assertThrows(
                TimeoutException.class,
                () -> reply.get(300, TimeUnit.MILLISECONDS),
                "a cancelled request is not answered");

        RequestReply.Done next = assertInstanceOf(
                RequestReply.Done.class,
                await(submit(
                        coordinator,
                        requestIds.incrementAndGet(),
                        Plan.single("who am I", apply(new Tasks.WhoAmI()), this::valueOf))));
        assertEquals(engines.idOf(engine), next.value());
    }

    @Test
    void cancelOfARequestQueuedOnTheEngineDropsItsShardBeforeItRuns() throws Exception {
        ActorRef<Engine.Command> engine = spawnEngine();
        ActorRef<Coordinator.Command> coordinator = spawnCoordinator();
        awaitEngines(coordinator, 1, WAIT);
        Gates.Gate running = gate();
        Gates.Gate queued = gate();
        CompletableFuture<RequestReply> first = submit(
                coordinator,
                requestIds.incrementAndGet(),
                Plan.single("running", apply(running.task(GATE_MAX)), this::valueOf));
        assertTrue(running.awaitEntered(WAIT));
        long second = requestIds.incrementAndGet();
        CompletableFuture<RequestReply> cancelled =
                submit(coordinator, second, Plan.single("queued", apply(queued.task(GATE_MAX)), this::valueOf));
        TestProbe<Engine.EngineStatus> statuses = kit.createTestProbe();
        statuses.awaitAssert(WAIT, () -> {
            engine.tell(new Engine.GetStatus(statuses.ref()));
            assertEquals(2, statuses.receiveMessage(WAIT).queued(), "the engine window (2) holds both");
            return null;
        });

        coordinator.tell(new Coordinator.Cancel(second));
        statuses.awaitAssert(WAIT, () -> {
            engine.tell(new Engine.GetStatus(statuses.ref()));
            assertEquals(1, statuses.receiveMessage(WAIT).queued(), "the queued shard was dropped");
            return null;
        });
        running.open();
        assertEquals(
                "opened",
                assertInstanceOf(RequestReply.Done.class, await(first)).value());
        assertEquals(0, queued.runs(), "the cancelled shard never started");
        assertFalse(running.wasInterrupted(), "the other request's shard was left alone");
        assertFalse(cancelled.isDone());
        assertEquals(1, status(engine).shardsDone());
    }

    // ---- shards that take their engine down -------------------------------------------------------------------

    /** The one engine of {@code coordinator} that holds a shard now. */
    private ActorRef<Engine.Command> busyEngine(ActorRef<Coordinator.Command> coordinator) {
        List<Coordinator.EngineInfo> busy = engineList(coordinator).owned().stream()
                .filter(i -> i.outstanding() > 0)
                .toList();
        assertEquals(1, busy.size(), "one engine holds the shard: " + busy);
        return busy.get(0).ref();
    }

    private Plan<Object> pinned(String description, Gates.Gate gate, ActorRef<Engine.Command> engine) {
        return new Plan<>(
                description,
                n -> List.of(apply(gate.task(GATE_MAX))),
                r -> valueOf(r.get(0)),
                List.of(engines.idOf(engine)),
                Plan.ShardListener.NONE);
    }

    private void awaitQueued(ActorRef<Engine.Command> engine, int queued) {
        TestProbe<Engine.EngineStatus> statuses = kit.createTestProbe();
        statuses.awaitAssert(WAIT, () -> {
            engine.tell(new Engine.GetStatus(statuses.ref()));
            assertEquals(queued, statuses.receiveMessage(WAIT).queued());
            return null;
        });
    }

    @Test
    void aShardRunningOnTwoEnginesLostInTurnFailsNamingItAndIsNotSentToAThird() throws Exception {
        List<ActorRef<Engine.Command>> all = List.of(spawnEngine(), spawnEngine(), spawnEngine());
        ActorRef<Coordinator.Command> coordinator = spawnCoordinator();
        awaitEngines(coordinator, 3, WAIT);
        Gates.Gate gate = gate();
        CompletableFuture<RequestReply> reply = submit(
                coordinator,
                requestIds.incrementAndGet(),
                Plan.single("the engine killer", apply(gate.task(GATE_MAX)), this::valueOf));
        assertTrue(gate.awaitEntered(WAIT));
        ActorRef<Engine.Command> first = busyEngine(coordinator);
        engines.stop(first); // as a JVM that exits on OutOfMemoryError would vanish
        TestProbe<Object> probe = kit.createTestProbe();
        probe.awaitAssert(WAIT, () -> {
            assertEquals(2, gate.runs(), "one loss never fails a shard: it runs again elsewhere");
            return null;
        });
        ActorRef<Engine.Command> second = busyEngine(coordinator);
        engines.stop(second);

        RequestReply.Failed failed = assertInstanceOf(RequestReply.Failed.class, await(reply));
        EngineFailedException error = assertInstanceOf(EngineFailedException.class, failed.error());
        String message = error.getMessage();
        assertTrue(message.contains("shard 0 of the engine killer"), message);
        assertTrue(message.contains(engines.idOf(first)) && message.contains(engines.idOf(second)), message);
        assertTrue(message.contains("out of memory") && message.contains("engines' logs"), message);
        assertEquals(engines.idOf(second), error.engineId());
        ActorRef<Engine.Command> third = all.stream()
                .filter(e -> !e.equals(first) && !e.equals(second))
                .findFirst()
                .orElseThrow();
        Engine.EngineStatus spared = status(third);
        assertEquals(0, spared.shardsDone() + spared.queued(), "the third engine never got the shard");
        assertEquals(2, gate.runs());
    }

    /**
     * An engine runs its shards one at a time; one lost while a shard only waited behind another is not that shard's
     * doing. Here the running shards are pinned to their engines (their requests fail with the engine), and the
     * queued one, lost twice, still runs on the third engine.
     */
    @Test
    void aShardLostTwiceWhileOnlyQueuedIsNotBlamedAndRunsOnTheNextEngine() throws Exception {
        ActorRef<Engine.Command> a = spawnEngine();
        ActorRef<Coordinator.Command> coordinator = spawnCoordinator();
        awaitEngines(coordinator, 1, WAIT);
        Gates.Gate blockerA = gate();
        CompletableFuture<RequestReply> pinnedA =
                submit(coordinator, requestIds.incrementAndGet(), pinned("pinned to A", blockerA, a));
        assertTrue(blockerA.awaitEntered(WAIT));
        Gates.Gate queued = gate();
        CompletableFuture<RequestReply> reply = submit(
                coordinator,
                requestIds.incrementAndGet(),
                Plan.single("queued twice", apply(queued.task(GATE_MAX)), this::valueOf));
        awaitQueued(a, 2);

        ActorRef<Engine.Command> b = spawnEngine();
        awaitEngines(coordinator, 2, WAIT);
        Gates.Gate blockerB = gate();
        CompletableFuture<RequestReply> pinnedB =
                submit(coordinator, requestIds.incrementAndGet(), pinned("pinned to B", blockerB, b));
        assertTrue(blockerB.awaitEntered(WAIT));

        engines.stop(a);
        assertInstanceOf(RequestReply.Failed.class, await(pinnedA));
        awaitQueued(b, 2); // the queued shard waits behind B's pinned one
        engines.stop(b);
        assertInstanceOf(RequestReply.Failed.class, await(pinnedB));
        assertEquals(0, queued.runs(), "lost twice, never started");

        ActorRef<Engine.Command> c = spawnEngine();
        assertTrue(queued.awaitEntered(RECLAIM), "the shard runs on the engine that joined");
        queued.open();
        assertEquals(
                "opened",
                assertInstanceOf(RequestReply.Done.class, await(reply)).value());
        assertEquals(1, status(c).shardsDone());
    }

    @Test
    void twoShardsOfARequestEachLostOnceWhileRunningComplete() throws Exception {
        ActorRef<Engine.Command> a = spawnEngine();
        ActorRef<Engine.Command> b = spawnEngine();
        ActorRef<Coordinator.Command> coordinator = spawnCoordinator();
        awaitEngines(coordinator, 2, WAIT);
        Gates.Gate p = gate();
        Gates.Gate q = gate();
        Plan<String> two = new Plan<>(
                "two shards",
                n -> List.of(apply(p.task(GATE_MAX)), apply(q.task(GATE_MAX))),
                results -> results.stream().map(r -> (String) valueOf(r)).collect(Collectors.joining(",")));
        CompletableFuture<RequestReply> reply = submit(coordinator, requestIds.incrementAndGet(), two);
        assertTrue(p.awaitEntered(WAIT) && q.awaitEntered(WAIT), "one shard runs on each engine");
        ActorRef<Engine.Command> c = spawnEngine();
        awaitEngines(coordinator, 3, WAIT);

        TestProbe<Object> probe = kit.createTestProbe();
        engines.stop(a);
        probe.awaitAssert(WAIT, () -> {
            assertEquals(3, p.runs() + q.runs(), "A's shard runs again, on C");
            return null;
        });
        engines.stop(b);
        awaitQueued(c, 2); // B's shard waits on C behind A's
        p.open();
        q.open();
        assertEquals(
                "opened,opened",
                assertInstanceOf(RequestReply.Done.class, await(reply)).value());
    }

    @Test
    void aShardEstimatedAboveEveryEnginesHeapIsRefusedBeforeItIsSentAndOneThatFitsRuns() throws Exception {
        long heap = 1L << 20;
        ActorRef<Engine.Command> small = engines.spawnEngine(heap);
        ActorRef<Coordinator.Command> coordinator = spawnCoordinator();
        awaitEngines(coordinator, 1, WAIT);
        assertEquals(heap, engineList(coordinator).owned().get(0).heapBytes(), "the heap the engine reported");

        Work twoMiB = new Work.Push(Map.of("big", values.encode(new double[1 << 18])));
        RequestReply.Failed failed = assertInstanceOf(
                RequestReply.Failed.class,
                await(submit(coordinator, requestIds.incrementAndGet(), Plan.single("push 2 MiB", twoMiB, r -> r))));
        EngineFailedException error = assertInstanceOf(EngineFailedException.class, failed.error());
        String message = error.getMessage();
        assertTrue(message.contains("push 2 MiB: shard 0 (1 row, at least 2.0 MiB of heap by estimate)"), message);
        assertTrue(message.contains(engines.idOf(small) + ", has 1.0 MiB of heap (1048576 bytes)"), message);
        assertTrue(message.contains("out of memory") && message.contains("-Xmx"), message);
        assertEquals(0, status(small).shardsDone() + status(small).queued(), "never sent");

        Work fits = new Work.Push(Map.of("small", values.encode(new double[1000])));
        assertInstanceOf(
                RequestReply.Done.class,
                await(submit(coordinator, requestIds.incrementAndGet(), Plan.single("push 8 kB", fits, r -> r))));
        assertEquals(1, status(small).shardsDone());
    }

    @Test
    void aShardTooLargeForOneEngineGoesToOneWithMoreHeap() throws Exception {
        ActorRef<Engine.Command> small = engines.spawnEngine(1L << 20);
        ActorRef<Engine.Command> large = engines.spawnEngine(64L << 20);
        ActorRef<Coordinator.Command> coordinator = spawnCoordinator();
        awaitEngines(coordinator, 2, WAIT);
        List<CompletableFuture<RequestReply>> replies = new ArrayList<>();
        for (int i = 0; i < 4; i++) { // more than the large engine's window: the rest wait for it
            Work twoMiB = new Work.Push(Map.of("big" + i, values.encode(new double[1 << 18])));
            replies.add(submit(coordinator, requestIds.incrementAndGet(), Plan.single("push 2 MiB", twoMiB, r -> r)));
        }
        for (CompletableFuture<RequestReply> reply : replies) {
            RequestReply.Done done = assertInstanceOf(RequestReply.Done.class, await(reply));
            assertEquals(Set.of(engines.idOf(large)), done.engineNanos().keySet());
        }
        assertEquals(0, status(small).shardsDone());
        assertEquals(4, status(large).shardsDone());
    }

    /** An ABC batch carries no parameters; the model's footprint, registered with it, says how many it has. */
    @Test
    void anAbcBatchIsEstimatedWithTheFootprintOfItsRegisteredModel() throws Exception {
        ActorRef<Engine.Command> engine = engines.spawnEngine(16L << 20);
        ActorRef<Coordinator.Command> coordinator = spawnCoordinator();
        awaitEngines(coordinator, 1, WAIT);
        Ma2Abc ma2 = Ma2Abc.of(100, 0.6, 0.2);
        TestProbe<Coordinator.ModelRegistered> registered = kit.createTestProbe();
        coordinator.tell(new Coordinator.RegisterModel(ma2.spec(), ModelFootprint.of(ma2), registered.ref()));
        String modelId = registered.receiveMessage(WAIT).modelId();

        // 1,000,000 x (t1, t2, distance) = 24 MB: over 16 MiB (the distances alone, 8 MB, would not be)
        Work tooLarge = Work.AbcBatch.of(modelId, BatchRequest.fromPrior(RngFamily.FAST, 1, 0, 1_000_000));
        RequestReply.Failed failed = assertInstanceOf(
                RequestReply.Failed.class,
                await(submit(coordinator, requestIds.incrementAndGet(), Plan.single("ABC batch 0", tooLarge, r -> r))));
        String message = failed.error().getMessage();
        assertTrue(message.contains("(1,000,000 rows, at least 22.9 MiB of heap by estimate)"), message);
        assertTrue(message.contains("has 16.0 MiB of heap"), message);

        Work fits = Work.AbcBatch.of(modelId, BatchRequest.fromPrior(RngFamily.FAST, 1, 1, 1000));
        WorkResult.Batch batch = (WorkResult.Batch) assertInstanceOf(
                        RequestReply.Done.class,
                        await(submit(
                                coordinator, requestIds.incrementAndGet(), Plan.single("ABC batch 1", fits, r -> r))))
                .value();
        assertEquals(1000, batch.size());
        assertEquals(1, status(engine).shardsDone());
    }

    // ---- purge ------------------------------------------------------------------------------------------------

    @Test
    void purgeAnswersEachEnginesPurged() throws Exception {
        ActorRef<Engine.Command> a = spawnEngine();
        ActorRef<Engine.Command> b = spawnEngine();
        ActorRef<Coordinator.Command> coordinator = spawnCoordinator();
        awaitEngines(coordinator, 2, WAIT);
        String idA = engines.idOf(a);
        String idB = engines.idOf(b);

        TestProbe<Coordinator.ModelRegistered> registered = kit.createTestProbe();
        coordinator.tell(
                new Coordinator.RegisterModel(SimplePrecessionModel.of().spec(), registered.ref()));
        String modelId = registered.receiveMessage(WAIT).modelId();
        Work likelihood = new Work.Likelihood(
                modelId, new int[] {0, 1}, Matrix.of(ModelParams.column(0.5, 1.0)), ExpTable.of(ExpParams.times(1, 2)));
        Work twoNames = new Work.Push(Map.of("x", values.encode(1), "y", values.encode(2.5)));
        Work oneName = new Work.Push(Map.of("z", values.encode("three")));
        // targeted shards: the model and two names on A, one name on B
        Plan<Integer> setUp = new Plan<>(
                "set up",
                engines -> List.of(likelihood, twoNames, oneName),
                List::size,
                List.of(idA, idA, idB),
                Plan.ShardListener.NONE);
        assertEquals(
                3,
                assertInstanceOf(
                                RequestReply.Done.class,
                                await(submit(coordinator, requestIds.incrementAndGet(), setUp)))
                        .value());
        assertEquals(List.of(modelId), status(a).models());

        TestProbe<Coordinator.PurgeReport> reports = kit.createTestProbe();
        coordinator.tell(new Coordinator.Purge(reports.ref()));
        Coordinator.PurgeReport report = reports.receiveMessage(WAIT);
        assertEquals(
                List.of(new Engine.Purged(idA, 1, 2), new Engine.Purged(idB, 0, 1)),
                report.engines().stream()
                        .sorted(Comparator.comparing(Engine.Purged::engineId))
                        .toList());
        assertEquals(List.of(), report.unanswered());
        assertEquals(List.of(), status(a).models());

        coordinator.tell(new Coordinator.Purge(reports.ref()));
        assertEquals(
                List.of(new Engine.Purged(idA, 0, 0), new Engine.Purged(idB, 0, 0)),
                reports.receiveMessage(WAIT).engines().stream()
                        .sorted(Comparator.comparing(Engine.Purged::engineId))
                        .toList());

        // the coordinator forgot its installs too: the model goes along again with the next shard that needs it
        Plan<Object> again = new Plan<>(
                "likelihood again",
                engines -> List.of(likelihood),
                r -> r.get(0),
                List.of(idA),
                Plan.ShardListener.NONE);
        assertInstanceOf(RequestReply.Done.class, await(submit(coordinator, requestIds.incrementAndGet(), again)));
        assertEquals(List.of(modelId), status(a).models());
    }

    @Test
    void purgeWithoutEnginesAnswersAnEmptyReport() {
        ActorRef<Coordinator.Command> coordinator = spawnCoordinator();
        TestProbe<Coordinator.PurgeReport> reports = kit.createTestProbe();
        coordinator.tell(new Coordinator.Purge(reports.ref()));
        assertEquals(new Coordinator.PurgeReport(List.of(), List.of()), reports.receiveMessage(WAIT));
    }
}

package io.simrt.runtime.coordinator;

import io.simrt.api.SimrtException;
import io.simrt.config.SimrtSettings;
import io.simrt.models.ModelSpec;
import io.simrt.runtime.engine.CodeRequest;
import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.metrics.NodeMetrics;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.ModelFootprint;
import io.simrt.runtime.protocol.RequestInbox;
import io.simrt.runtime.protocol.ShardKey;
import io.simrt.runtime.protocol.SpecCodec;
import io.simrt.runtime.protocol.SpecEnvelope;
import io.simrt.runtime.protocol.Work;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Subscribe;

/**
 * Owns engines and serves requests. It discovers engines through the Receptionist, claims them (an engine owned by
 * another coordinator refuses and is retried later), watches them, and serves every request with a short-lived
 * {@link ShardedRequest} child that splits, sends, combines and answers once.
 *
 * <p>Shards go to engines as they become free; which engine and when is the {@link ShardScheduler}'s decision (at
 * most {@code simrt.coordinator.engine-window} shards per engine, least-loaded first, among the engines whose
 * reported heap holds the shard's {@link Work#heapBytes} estimate; a shard that fits none is refused). The coordinator
 * keeps what ownership and messages need: who it owns, who refused, which models each engine was sent. When an engine
 * dies or leaves, it tells the requests concerned to send that engine's shards again elsewhere.
 */
public final class Coordinator extends AbstractBehavior<Coordinator.Command> {

    /**
     * Messages the coordinator accepts. All come from this JVM (the client facade, request children, adapters),
     * so none is ever serialized.
     */
    public sealed interface Command extends NoSerializationVerificationNeeded {}

    /**
     * Registers a model spec; engines receive it with their first shard that needs it. {@code footprint} is what the
     * caller knows of the model's memory, for the estimates of its shards ({@link Work#heapBytes}).
     */
    public record RegisterModel(
            ModelSpec<?> spec, ModelFootprint footprint, ClassLoader codeLoader, ActorRef<ModelRegistered> replyTo)
            implements Command {
        /** A model whose classes engines lack come through {@code codeLoader} (the caller's context class loader). */
        public RegisterModel(ModelSpec<?> spec, ModelFootprint footprint, ActorRef<ModelRegistered> replyTo) {
            this(spec, footprint, contextLoader(), replyTo);
        }

        /** A model whose footprint is unknown. */
        public RegisterModel(ModelSpec<?> spec, ActorRef<ModelRegistered> replyTo) {
            this(spec, ModelFootprint.UNKNOWN, replyTo);
        }

        private static ClassLoader contextLoader() {
            ClassLoader l = Thread.currentThread().getContextClassLoader();
            return l != null ? l : RegisterModel.class.getClassLoader();
        }
    }

    public record ModelRegistered(String modelId) implements NoSerializationVerificationNeeded {}

    /**
     * Serves one request. The answer is handed to {@code replyTo} on the request child's thread, exactly once: the
     * caller completes its own future there, without one more trip through an actor.
     */
    public record Submit(long requestId, Plan<?> plan, Duration timeout, Consumer<RequestReply> replyTo)
            implements Command {}

    /** Withdraws a request: its queued shards are dropped and its caller gets no answer. */
    public record Cancel(long requestId) implements Command {}

    /** Answers once at least {@code min} engines are owned. */
    public record AwaitEngines(int min, ActorRef<EnginesReady> replyTo) implements Command {}

    public record EnginesReady(int engines) implements NoSerializationVerificationNeeded {}

    /** Lists owned engines and those owned by someone else. */
    public record GetEngines(ActorRef<EngineList> replyTo) implements Command {}

    /**
     * An owned engine: its id, its actor, the shards it holds now, and the heap it reported (shards estimated larger
     * are not sent to it).
     */
    public record EngineInfo(String engineId, ActorRef<Engine.Command> ref, int outstanding, long heapBytes) {}

    public record EngineList(List<EngineInfo> owned, Map<String, String> refusedBy)
            implements NoSerializationVerificationNeeded {
        public EngineList {
            owned = List.copyOf(owned);
            refusedBy = Map.copyOf(refusedBy);
        }
    }

    /** Every owned engine drops installed models and anything retained; the coordinator forgets installs. */
    public record Purge(ActorRef<PurgeReport> replyTo) implements Command {}

    public record PurgeReport(List<Engine.Purged> engines, List<String> unanswered)
            implements NoSerializationVerificationNeeded {
        public PurgeReport {
            engines = List.copyOf(engines);
            unanswered = List.copyOf(unanswered);
        }
    }

    /**
     * From a request child: send this shard to a free engine ({@code target} empty) or to that engine, one whose
     * heap holds {@code heapBytes} (the shard's {@link Work#heapBytes} estimate).
     */
    record Dispatch(
            ShardKey key,
            Work work,
            String target,
            long heapBytes,
            ActorRef<Engine.ShardReply> replyTo,
            ActorRef<RequestInbox> request)
            implements Command, ShardScheduler.Shard {}

    /**
     * From a request child: an engine answered this shard (its slot is free again), with how long the shard ran and
     * waited in the engine's queue ({@code -1} for a failure).
     */
    record Settled(ShardKey key, String engineId, boolean modelMissing, long computeNanos, long waitNanos)
            implements Command {}

    /** From a request child that has finished or given up: drop whatever of it is still queued or running. */
    record Withdraw(long requestId) implements Command {}

    private record ListingChanged(Receptionist.Listing listing) implements Command {}

    private record ClaimAnswered(ActorRef<Engine.Command> engine, Engine.ClaimReply reply, Throwable error)
            implements Command {}

    private record EngineTerminated(ActorRef<Engine.Command> engine) implements Command {}

    /** A member came Up: engines on it that answered a claim before it was Up can now be owned. */
    private record MemberCameUp(Address address) implements Command {}

    /** A member is leaving the cluster on request (Leaving, then Exiting): its node was stopped, not lost. */
    private record MemberLeaving(Address address) implements Command {}

    private enum RetryClaims implements Command {
        INSTANCE
    }

    /** While no engine is left and shards wait, a reminder that says so. */
    private enum StillWaiting implements Command {
        INSTANCE
    }

    private static final Duration CLAIM_RETRY = Duration.ofSeconds(2);
    private static final Duration WAITING_REMINDER = Duration.ofSeconds(30);
    /** Why an engine was lost when its member left the cluster rather than became unreachable. */
    private static final String LEFT_THE_CLUSTER = "left the cluster";

    /** What the coordinator keeps of an engine it owns. */
    private static final class Owned {
        final ActorRef<Engine.Command> ref;
        /** Models this engine has been sent (their specs go along with the first shard that needs them). */
        final Set<String> installed = new HashSet<>();
        /** The heap the engine reported when claimed. */
        final long heapBytes;

        long shardsSent;

        Owned(ActorRef<Engine.Command> ref, long heapBytes) {
            this.ref = ref;
            this.heapBytes = heapBytes;
        }
    }

    private final SimrtSettings settings;
    private final SpecCodec codec;
    private final long maxRemoteFrameBytes;
    private final int bulkThreshold;
    private final ShardScheduler<Owned, Dispatch> scheduler;
    private final Map<ActorRef<Engine.Command>, String> idsByRef = new HashMap<>();
    /** Nodes seen leaving the cluster on request, until a node comes up at the same address again. */
    private final Set<Address> leaving = new HashSet<>();

    private final Claims<ActorRef<Engine.Command>> claims = new Claims<>();
    private final Map<String, SpecEnvelope> specs = new HashMap<>();
    /** Where the code server looks for the classes of registered models: latest first. */
    private final List<ClassLoader> codeLoaders = new CopyOnWriteArrayList<>();

    private final ActorRef<CodeRequest> codeServer;
    private final Map<String, ModelFootprint> footprints = new HashMap<>();
    private final List<AwaitEngines> waiting = new ArrayList<>();
    private final Map<Long, ActorRef<RequestInbox>> requests = new HashMap<>();
    /** When each request in flight gives up (System.nanoTime), for telling how long shards can wait. */
    private final Map<Long, Long> deadlines = new HashMap<>();

    private final TimerScheduler<Command> timers;
    private final NodeMetrics metrics;
    /** Since when no engine is owned while shards wait (System.nanoTime), or -1. */
    private long waitingSince = -1;

    private Coordinator(
            ActorContext<Command> context,
            TimerScheduler<Command> timers,
            SimrtSettings settings,
            long maxRemoteFrameBytes,
            int bulkThreshold) {
        super(context);
        // the logger named after this class, so that io.simrt's level (SIMRT_LOG_LEVEL) applies: otherwise Pekko
        // names it from the call stack at the first log call, falling back to one of its own classes, under the
        // root level (WARN); PodsIT saw every INFO line of a coordinator missing in some runs
        context.setLoggerName(Coordinator.class);
        this.settings = settings;
        this.codec = new SpecCodec(AllowedClasses.of(settings.engine().allowedPackages()));
        this.maxRemoteFrameBytes = maxRemoteFrameBytes;
        this.bulkThreshold = bulkThreshold;
        this.timers = timers;
        this.metrics = NodeMetrics.get(context.getSystem());
        this.scheduler = new ShardScheduler<>(
                settings.coordinator().engineWindow(),
                settings.coordinator().maxEngineWindow(),
                nodeBudget(context.getSystem()),
                System::nanoTime);
        ActorRef<Receptionist.Listing> listings =
                context.messageAdapter(Receptionist.Listing.class, ListingChanged::new);
        context.getSystem().receptionist().tell(Receptionist.subscribe(Engine.KEY, listings));
        if (clustered(context.getSystem())) {
            onMemberEvent(context, ClusterEvent.MemberUp.class, MemberCameUp::new);
            // Left, then Exited: the second alone when gossip brought both changes at once
            onMemberEvent(context, ClusterEvent.MemberLeft.class, MemberLeaving::new);
            onMemberEvent(context, ClusterEvent.MemberExited.class, MemberLeaving::new);
        }
        timers.startTimerWithFixedDelay(RetryClaims.INSTANCE, CLAIM_RETRY);
        this.codeServer = context.spawn(
                CodeServer.create(codeLoaders, settings.coordinator().allowPackages(), settings),
                "code",
                DispatcherSelector.blocking());
    }

    /**
     * @param maxRemoteFrameBytes Artery's maximum frame size; shards estimated larger than this are refused with a
     *                            clear error instead of being dropped by the transport
     * @param bulkThreshold       arrays of at least this many bytes leave shards for the bulk lane
     *                            ({@link Integer#MAX_VALUE}: the lane is off on this node)
     */
    public static Behavior<Command> create(SimrtSettings settings, long maxRemoteFrameBytes, int bulkThreshold) {
        return Behaviors.setup(ctx ->
                Behaviors.withTimers(t -> new Coordinator(ctx, t, settings, maxRemoteFrameBytes, bulkThreshold)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ListingChanged.class, this::onListing)
                .onMessage(ClaimAnswered.class, this::onClaimAnswered)
                .onMessage(EngineTerminated.class, this::onEngineTerminated)
                .onMessage(MemberCameUp.class, this::onMemberCameUp)
                .onMessage(MemberLeaving.class, m -> {
                    leaving.add(m.address());
                    return this;
                })
                .onMessage(RetryClaims.class, m -> onRetryClaims())
                .onMessage(StillWaiting.class, m -> onStillWaiting())
                .onMessage(RegisterModel.class, this::onRegisterModel)
                .onMessage(Submit.class, this::onSubmit)
                .onMessage(Cancel.class, this::onCancel)
                .onMessage(Dispatch.class, this::onDispatch)
                .onMessage(Settled.class, this::onSettled)
                .onMessage(Withdraw.class, this::onWithdraw)
                .onMessage(AwaitEngines.class, this::onAwaitEngines)
                .onMessage(GetEngines.class, this::onGetEngines)
                .onMessage(Purge.class, this::onPurge)
                .onSignal(PostStop.class, s -> onPostStop())
                .build();
    }

    // ---- discovery and ownership ------------------------------------------------------------------------------

    private Behavior<Command> onListing(ListingChanged m) {
        Set<ActorRef<Engine.Command>> listed = m.listing().getServiceInstances(Engine.KEY);
        Set<ActorRef<Engine.Command>> known = m.listing().getAllServiceInstances(Engine.KEY);
        for (ActorRef<Engine.Command> ref : listed) {
            if (claims.shouldClaim(ref, idsByRef.containsKey(ref))) {
                claim(ref);
            }
        }
        for (ActorRef<Engine.Command> ref : new ArrayList<>(idsByRef.keySet())) {
            if (!listed.contains(ref)) {
                // the listing shows reachable engines; an unreachable one is still among all of them
                lose(ref, known.contains(ref) ? "unreachable: its node stopped answering" : LEFT_THE_CLUSTER);
            }
        }
        claims.retainListed(listed);
        return this;
    }

    private void claim(ActorRef<Engine.Command> ref) {
        claims.claiming(ref);
        metrics.claimed();
        getContext()
                .ask(
                        Engine.ClaimReply.class,
                        ref,
                        settings.coordinator().claimTimeout(),
                        replyTo -> new Engine.Claim(getContext().getSelf(), replyTo, Optional.of(codeServer)),
                        (reply, error) -> new ClaimAnswered(ref, reply, error));
    }

    private Behavior<Command> onClaimAnswered(ClaimAnswered m) {
        if (m.reply() instanceof Engine.Claimed c) {
            if (!memberUp(c.engine())) {
                claims.notUpYet(m.engine());
                getContext().getLog().debug("engine {} accepted, owned once its node is Up", c.engineId());
                return this;
            }
            claims.owned(m.engine());
            if (!idsByRef.containsKey(c.engine())) {
                Address at = c.engine().path().address();
                scheduler.add(
                        c.engineId(),
                        new Owned(c.engine(), c.heapBytes()),
                        c.heapBytes(),
                        at.hasGlobalScope() ? at.toString() : "");
                idsByRef.put(c.engine(), c.engineId());
                metrics.enginesOwned().set(idsByRef.size());
                getContext().watchWith(c.engine(), new EngineTerminated(c.engine()));
                getContext().getLog().info("owns engine {} ({} in all)", c.engineId(), scheduler.size());
                endWaiting(c.engineId());
                answerWaiting();
                dispatchQueued();
            }
        } else if (m.reply() instanceof Engine.Refused r) {
            metrics.refused();
            if (claims.refused(m.engine(), r.owner())) {
                getContext()
                        .getLog()
                        .warn(
                                "engine {} refused this coordinator: it is owned by {} (asking again every {} s "
                                        + "until that owner releases it or leaves)",
                                r.engineId(),
                                r.owner(),
                                CLAIM_RETRY.toSeconds());
            }
        } else {
            claims.unanswered(m.engine());
            getContext()
                    .getLog()
                    .debug(
                            "claim of {} got no answer ({}); trying again",
                            m.engine().path(),
                            m.error());
        }
        return this;
    }

    private Behavior<Command> onRetryClaims() {
        claims.retry().forEach(this::claim);
        return this;
    }

    private Behavior<Command> onMemberCameUp(MemberCameUp m) {
        leaving.remove(m.address()); // a new node at the address of one that left
        claims.cameUp(ref -> ref.path().address().equals(m.address())).forEach(this::claim);
        return this;
    }

    /** Whether {@code engine}'s node is an Up member (always, for an engine in a system without a cluster). */
    private boolean memberUp(ActorRef<Engine.Command> engine) {
        Address a = engine.path().address();
        if (!a.hasGlobalScope() || !clustered(getContext().getSystem())) {
            return true;
        }
        for (Member member : Cluster.get(getContext().getSystem()).state().getMembers()) {
            if (member.address().equals(a)) {
                return member.status() == MemberStatus.up() || member.status() == MemberStatus.weaklyUp();
            }
        }
        return false;
    }

    /**
     * Shards the engines of one remote node may hold together: half of Artery's outbound queue to that node, which
     * drops what does not fit (pekko.remote.artery.advanced.outbound-message-queue-size). The other half is left
     * for everything else on the same queue. Without remoting, no limit.
     */
    static int nodeBudget(ActorSystem<?> system) {
        String key = "pekko.remote.artery.advanced.outbound-message-queue-size";
        var config = system.settings().config();
        if (!clustered(system) || !config.hasPath(key)) {
            return Integer.MAX_VALUE;
        }
        return Math.max(1, config.getInt(key) / 2);
    }

    /** Subscribes to the cluster's {@code type} events, each received as {@code command} of its member's address. */
    private static <E extends ClusterEvent.MemberEvent> void onMemberEvent(
            ActorContext<Command> context, Class<E> type, Function<Address, Command> command) {
        ActorRef<E> adapter =
                context.messageAdapter(type, e -> command.apply(e.member().address()));
        Cluster.get(context.getSystem()).subscriptions().tell(Subscribe.create(adapter, type));
    }

    private static boolean clustered(ActorSystem<?> system) {
        return "cluster".equals(system.settings().config().getString("pekko.actor.provider"));
    }

    private Behavior<Command> onEngineTerminated(EngineTerminated m) {
        lose(m.engine(), "terminated");
        return this;
    }

    private void lose(ActorRef<Engine.Command> ref, String why) {
        String id = idsByRef.remove(ref);
        metrics.enginesOwned().set(idsByRef.size());
        if (id == null) {
            return;
        }
        // its node is leaving on request: whether the engine's loss shows as the listing's change or as its actor's
        // termination, the node was stopped, and the shard it ran is not to blame
        boolean left = leaving.contains(ref.path().address());
        int held = scheduler.outstanding(id);
        Optional<ShardKey> running = scheduler.running(id);
        List<Dispatch> lost = scheduler.remove(id);
        getContext().unwatch(ref);
        getContext()
                .getLog()
                .warn(
                        "lost engine {} ({}{}); {} shards to send again, {} engines left",
                        id,
                        why,
                        left && !LEFT_THE_CLUSTER.equals(why) ? ", its node leaving the cluster" : "",
                        held,
                        scheduler.size());
        Map<ActorRef<RequestInbox>, List<ShardKey>> byRequest = new LinkedHashMap<>();
        lost.forEach(d ->
                byRequest.computeIfAbsent(d.request(), r -> new ArrayList<>()).add(d.key()));
        byRequest.forEach((request, keys) ->
                request.tell(new ShardedRequest.EngineLost(id, keys, running.filter(keys::contains), left)));
        dispatchQueued();
        if (scheduler.size() == 0) {
            startWaiting();
        }
    }

    /** No engine left: say so, what waits, and for how long it can wait; remind every 30 s. */
    private void startWaiting() {
        if (waitingSince >= 0 || scheduler.queued() == 0 && requests.isEmpty()) {
            return;
        }
        waitingSince = System.nanoTime();
        getContext()
                .getLog()
                .warn(
                        "no engine left: {} shards of {} requests wait for engines to come back or join; {}",
                        scheduler.queued(),
                        requests.size(),
                        patience());
        timers.startTimerWithFixedDelay(StillWaiting.INSTANCE, WAITING_REMINDER);
    }

    private Behavior<Command> onStillWaiting() {
        if (scheduler.size() > 0 || requests.isEmpty()) {
            endWaiting("");
            return this;
        }
        getContext()
                .getLog()
                .warn(
                        "still no engine after {} s: {} shards of {} requests wait; {}",
                        (System.nanoTime() - waitingSince) / 1_000_000_000L,
                        scheduler.queued(),
                        requests.size(),
                        patience());
        return this;
    }

    /** How long the waiting requests can wait: the first deadline. */
    private String patience() {
        long now = System.nanoTime();
        long first = deadlines.values().stream().mapToLong(d -> d - now).min().orElse(-1);
        return first < 0
                ? "nothing else waits"
                : "the first gives up in " + Math.max(0, first / 1_000_000_000L)
                        + " s (simrt.coordinator.request-timeout)";
    }

    private void endWaiting(String engineId) {
        if (waitingSince < 0) {
            return;
        }
        timers.cancel(StillWaiting.INSTANCE);
        if (!engineId.isEmpty()) {
            getContext()
                    .getLog()
                    .warn(
                            "engine {} joined after {} s without engines: {} waiting shards go out",
                            engineId,
                            (System.nanoTime() - waitingSince) / 1_000_000_000L,
                            scheduler.queued());
        }
        waitingSince = -1;
    }

    private void answerWaiting() {
        for (Iterator<AwaitEngines> it = waiting.iterator(); it.hasNext(); ) {
            AwaitEngines w = it.next();
            if (scheduler.size() >= w.min()) {
                w.replyTo().tell(new EnginesReady(scheduler.size()));
                it.remove();
            }
        }
    }

    private Behavior<Command> onAwaitEngines(AwaitEngines m) {
        waiting.add(m);
        answerWaiting();
        return this;
    }

    private Behavior<Command> onGetEngines(GetEngines m) {
        List<EngineInfo> owned = new ArrayList<>();
        scheduler
                .engines()
                .forEach((id, e) -> owned.add(new EngineInfo(id, e.ref, scheduler.outstanding(id), e.heapBytes)));
        Map<String, String> by = new LinkedHashMap<>();
        claims.refusedBy().forEach((ref, owner) -> by.put(ref.path().toString(), owner));
        m.replyTo().tell(new EngineList(owned, by));
        return this;
    }

    // ---- requests ---------------------------------------------------------------------------------------------

    private Behavior<Command> onRegisterModel(RegisterModel m) {
        SpecEnvelope env = codec.encode(m.spec());
        specs.putIfAbsent(env.modelId(), env);
        for (ClassLoader l : List.of(m.spec().getClass().getClassLoader(), m.codeLoader())) {
            if (!codeLoaders.contains(l)) {
                codeLoaders.add(0, l);
            }
        }
        if (!m.footprint().equals(ModelFootprint.UNKNOWN)) {
            footprints.put(env.modelId(), m.footprint());
        }
        m.replyTo().tell(new ModelRegistered(env.modelId()));
        return this;
    }

    private Behavior<Command> onSubmit(Submit m) {
        if (requests.containsKey(m.requestId())) {
            m.replyTo()
                    .accept(
                            new RequestReply.Failed(
                                    m.requestId(),
                                    new SimrtException(
                                            "request " + m.requestId()
                                                    + " is already in flight on this coordinator: request ids must be unique per coordinator")));
            return this;
        }
        List<Work> shards;
        try {
            shards = List.copyOf(m.plan().split().apply(Math.max(1, scheduler.size())));
        } catch (RuntimeException e) {
            m.replyTo()
                    .accept(new RequestReply.Failed(
                            m.requestId(),
                            new SimrtException("splitting " + m.plan().description() + " failed: " + e, e)));
            return this;
        }
        if (shards.isEmpty()) {
            m.replyTo()
                    .accept(new RequestReply.Done(
                            m.requestId(), m.plan().combine().apply(List.of()), 0, Map.of()));
            return this;
        }
        long[] heapBytes = new long[shards.size()];
        for (int i = 0; i < heapBytes.length; i++) {
            Work w = shards.get(i);
            heapBytes[i] = w.heapBytes(footprints.getOrDefault(w.modelId(), ModelFootprint.UNKNOWN));
        }
        ActorRef<RequestInbox> child = getContext()
                .spawn(
                        ShardedRequest.create(
                                m.requestId(),
                                m.plan(),
                                shards,
                                heapBytes,
                                m.timeout(),
                                settings.coordinator().maxShardRetries(),
                                getContext().getSelf(),
                                m.replyTo()),
                        "request-" + m.requestId());
        requests.put(m.requestId(), child);
        metrics.requestsInFlight().set(requests.size());
        deadlines.put(m.requestId(), System.nanoTime() + m.timeout().toNanos());
        getContext().watchWith(child, new Withdraw(m.requestId()));
        // Hand the shards out now: engines answer the child, whose mailbox keeps replies until it runs.
        ActorRef<Engine.ShardReply> replies = child.narrow();
        for (int i = 0; i < shards.size(); i++) {
            enqueue(new Dispatch(
                    new ShardKey(m.requestId(), i), shards.get(i), m.plan().target(i), heapBytes[i], replies, child));
        }
        dispatchQueued();
        return this;
    }

    private Behavior<Command> onCancel(Cancel m) {
        ActorRef<RequestInbox> child = requests.get(m.requestId());
        if (child != null) {
            child.tell(ShardedRequest.Cancelled.INSTANCE);
        }
        return this;
    }

    private Behavior<Command> onDispatch(Dispatch d) {
        enqueue(d);
        dispatchQueued();
        return this;
    }

    private void enqueue(Dispatch d) {
        if (!scheduler.enqueue(d)) {
            d.replyTo()
                    .tell(new Engine.ShardFailed(
                            d.key(),
                            d.target(),
                            Engine.FailureKind.REFUSED,
                            "",
                            "engine " + d.target() + " is not owned by this coordinator (lost, or never claimed)"));
        }
    }

    private void dispatchQueued() {
        scheduler.dispatch(this::send, this::refuse);
    }

    /** Fails a shard estimated larger than the heap of every engine it may run on, before it is sent. */
    private void refuse(Dispatch d, String engineId, long engineHeap) {
        String size = ShardSizes.describe(d.work(), d.heapBytes());
        String engine = d.target().isEmpty()
                ? "the largest of the " + scheduler.size() + " engines, " + engineId + ", has "
                : "engine " + engineId + ", which holds its state, has ";
        getContext().getLog().warn("shard {} ({}) fits in no engine's heap; refused", d.key(), size);
        d.replyTo()
                .tell(new Engine.ShardFailed(
                        d.key(),
                        engineId,
                        Engine.FailureKind.TOO_LARGE,
                        "",
                        "shard " + d.key().shard() + " (" + size + ") needs more memory than an engine has: " + engine
                                + ShardSizes.bytes(engineHeap) + " of heap (" + engineHeap + " bytes). Refused "
                                + "before sending, as it would take its engine down (out of memory): use smaller "
                                + "batches or shards, or give the engines more heap (-Xmx)"));
    }

    /** Sends {@code d} to the engine the scheduler chose; false when it fails the shard instead. */
    private boolean send(Dispatch d, String engineId, Owned engine) {
        String modelId = d.work().modelId();
        boolean remote = engine.ref.path().address().hasGlobalScope();
        long size = d.work().estimatedBytes(bulkThreshold);
        if (remote && size > maxRemoteFrameBytes) {
            d.replyTo()
                    .tell(new Engine.ShardFailed(
                            d.key(),
                            engineId,
                            Engine.FailureKind.TOO_LARGE,
                            "",
                            "shard " + d.key() + " is about " + size + " bytes, over the remote frame limit of "
                                    + maxRemoteFrameBytes
                                    + " bytes (pekko.remote.artery.advanced.maximum-frame-size)"));
            return false;
        }
        Optional<SpecEnvelope> install = Optional.empty();
        if (!modelId.isEmpty() && !engine.installed.contains(modelId)) {
            SpecEnvelope env = specs.get(modelId);
            if (env == null) {
                d.replyTo()
                        .tell(new Engine.ShardFailed(
                                d.key(),
                                engineId,
                                Engine.FailureKind.INSTALL_FAILED,
                                "",
                                "model " + modelId + " was never registered with this coordinator"));
                return false;
            }
            install = Optional.of(env);
            engine.installed.add(modelId);
        }
        if (engine.shardsSent++ == 0) {
            getContext().getLog().info("engine {} got its first shard", engineId);
        }
        engine.ref.tell(new Engine.RunShard(getContext().getSelf(), d.key(), d.work(), install, d.replyTo()));
        return true;
    }

    private Behavior<Command> onSettled(Settled m) {
        scheduler.settled(m.key(), m.engineId(), m.computeNanos(), m.waitNanos());
        if (m.modelMissing()) {
            Owned engine = scheduler.engines().get(m.engineId());
            if (engine != null) {
                engine.installed.clear();
            }
        }
        dispatchQueued();
        return this;
    }

    private Behavior<Command> onWithdraw(Withdraw m) {
        requests.remove(m.requestId());
        metrics.requestsInFlight().set(requests.size());
        deadlines.remove(m.requestId());
        for (ShardScheduler.Running<Owned> r : scheduler.withdraw(m.requestId())) {
            r.engine().ref.tell(new Engine.Abort(getContext().getSelf(), r.key()));
        }
        dispatchQueued();
        return this;
    }

    private Behavior<Command> onPurge(Purge m) {
        List<ActorRef<Engine.Command>> targets = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        scheduler.engines().forEach((id, e) -> {
            targets.add(e.ref);
            ids.add(id);
            e.installed.clear();
        });
        getContext()
                .spawnAnonymous(PurgeAll.create(
                        getContext().getSelf(),
                        targets,
                        ids,
                        settings.coordinator().claimTimeout(),
                        m.replyTo()));
        return this;
    }

    private Behavior<Command> onPostStop() {
        scheduler
                .engines()
                .values()
                .forEach(e -> e.ref.tell(new Engine.Release(getContext().getSelf())));
        return this;
    }
}

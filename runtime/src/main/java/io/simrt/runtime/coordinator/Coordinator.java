package io.simrt.runtime.coordinator;

import io.simrt.config.SimrtSettings;
import io.simrt.models.ModelSpec;
import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.protocol.RequestInbox;
import io.simrt.runtime.protocol.ShardKey;
import io.simrt.runtime.protocol.SpecCodec;
import io.simrt.runtime.protocol.SpecEnvelope;
import io.simrt.runtime.protocol.Work;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import io.simrt.api.SimrtException;
import java.util.function.Consumer;

/**
 * Owns engines and serves requests. It discovers engines through the Receptionist, claims them (an engine owned by
 * another coordinator refuses and is retried later), watches them, and serves every request with a short-lived
 * {@link ShardedRequest} child that splits, sends, combines and answers once.
 *
 * <p>Shards go to engines as they become free: the coordinator hands each engine at most
 * {@code simrt.coordinator.engine-window} shards at once, least-loaded first, and queues the rest. It keeps, per
 * engine, only which shard keys it handed out (not their data or results), so that when an engine dies or leaves it
 * can tell the requests concerned to send those shards again elsewhere.
 */
public final class Coordinator extends AbstractBehavior<Coordinator.Command> {

    /**
     * Messages the coordinator accepts. All come from this JVM (the client facade, request children, adapters),
     * so none is ever serialized.
     */
    public sealed interface Command extends NoSerializationVerificationNeeded { }

    /** Registers a model spec; engines receive it with their first shard that needs it. */
    public record RegisterModel(ModelSpec<?> spec, ActorRef<ModelRegistered> replyTo) implements Command { }

    public record ModelRegistered(String modelId) implements NoSerializationVerificationNeeded { }

    /**
     * Serves one request. The answer is handed to {@code replyTo} on the request child's thread, exactly once: the
     * caller completes its own future there, without one more trip through an actor.
     */
    public record Submit(long requestId, Plan<?> plan, Duration timeout,
            Consumer<RequestReply> replyTo) implements Command { }

    /** Withdraws a request: its queued shards are dropped and its caller gets no answer. */
    public record Cancel(long requestId) implements Command { }

    /** Answers once at least {@code min} engines are owned. */
    public record AwaitEngines(int min, ActorRef<EnginesReady> replyTo) implements Command { }

    public record EnginesReady(int engines) implements NoSerializationVerificationNeeded { }

    /** Lists owned engines and those owned by someone else. */
    public record GetEngines(ActorRef<EngineList> replyTo) implements Command { }

    public record EngineInfo(String engineId, ActorRef<Engine.Command> ref, int outstanding) { }

    public record EngineList(List<EngineInfo> owned, Map<String, String> refusedBy)
            implements NoSerializationVerificationNeeded {
        public EngineList {
            owned = List.copyOf(owned);
            refusedBy = Map.copyOf(refusedBy);
        }
    }

    /** Every owned engine drops installed models and anything retained; the coordinator forgets installs. */
    public record Purge(ActorRef<PurgeReport> replyTo) implements Command { }

    public record PurgeReport(List<Engine.Purged> engines, List<String> unanswered)
            implements NoSerializationVerificationNeeded {
        public PurgeReport {
            engines = List.copyOf(engines);
            unanswered = List.copyOf(unanswered);
        }
    }

    /** From a request child: send this shard to a free engine ({@code target} empty) or to that engine. */
    record Dispatch(ShardKey key, Work work, String target, ActorRef<Engine.ShardReply> replyTo,
            ActorRef<RequestInbox> request) implements Command { }

    /**
     * From a request child: an engine answered this shard (its slot is free again), with how long the shard ran and
     * waited in the engine's queue ({@code -1} for a failure).
     */
    record Settled(ShardKey key, String engineId, boolean modelMissing, long computeNanos, long waitNanos)
            implements Command { }

    /** From a request child that has finished or given up: drop whatever of it is still queued or running. */
    record Withdraw(long requestId) implements Command { }

    private record ListingChanged(Receptionist.Listing listing) implements Command { }

    private record ClaimAnswered(ActorRef<Engine.Command> engine, Engine.ClaimReply reply, Throwable error)
            implements Command { }

    private record EngineTerminated(ActorRef<Engine.Command> engine) implements Command { }

    private enum RetryClaims implements Command { INSTANCE }

    private static final Duration CLAIM_RETRY = Duration.ofSeconds(2);

    /** A shard an engine holds: the request it answers to, and when it was sent. */
    record Assignment(ActorRef<RequestInbox> request, long sentNanos) { }

    static final class Slot {
        final String id;
        final ActorRef<Engine.Command> ref;
        final Map<ShardKey, Assignment> assigned = new LinkedHashMap<>();
        final Set<String> installed = new HashSet<>();
        long shardsSent;
        /**
         * Smoothed time a shard of request {@link #measuredRequest} runs, and the round trip around it (send to
         * settle, less its run and its wait in the engine's queue).
         */
        long measuredRequest = -1;
        double computeNanos;
        double overheadNanos;

        Slot(String id, ActorRef<Engine.Command> ref) {
            this.id = id;
            this.ref = ref;
        }

        /**
         * Shards this engine may hold when the next one belongs to {@code requestId}: {@code base}, or more when that
         * request's shards have proved short against the round trip, so that the engine is not idle while the
         * answer to one shard and the next shard are on the wire: holding {@code n}, it has {@code (n - 1) x
         * compute} of work to cover a round trip of {@code overhead}. Estimates from one request never widen the
         * window for another: a map of slow tasks after a map of trivial ones starts at {@code base} again.
         */
        int window(long requestId, int base, int max) {
            if (requestId != measuredRequest || max <= base) {
                return base;
            }
            double needed = 1 + Math.ceil(overheadNanos / Math.max(computeNanos, 1_000));
            return (int) Math.min(max, Math.max(base, needed));
        }

        void assign(ShardKey key, ActorRef<RequestInbox> request, long nowNanos) {
            assigned.put(key, new Assignment(request, nowNanos));
        }

        /**
         * Shard {@code key} was answered at {@code nowNanos}, having run {@code compute} after {@code wait} queued
         * ({@code -1} for a failure): its slot is free again, and its times refine the estimates.
         */
        void settled(ShardKey key, long compute, long wait, long nowNanos) {
            Assignment a = assigned.remove(key);
            if (a == null || compute < 0) {
                return;
            }
            double overhead = Math.max(0, nowNanos - a.sentNanos() - compute - Math.max(0, wait));
            if (key.requestId() != measuredRequest) {
                measuredRequest = key.requestId();
                computeNanos = compute;
                overheadNanos = overhead;
            } else {
                computeNanos = 0.8 * computeNanos + 0.2 * compute;
                overheadNanos = 0.8 * overheadNanos + 0.2 * overhead;
            }
        }
    }

    private final SimrtSettings settings;
    private final SpecCodec codec;
    private final long maxRemoteFrameBytes;
    private final int bulkThreshold;
    private final Map<String, Slot> engines = new LinkedHashMap<>();
    private final Map<ActorRef<Engine.Command>, String> idsByRef = new HashMap<>();
    private final Set<ActorRef<Engine.Command>> claiming = new HashSet<>();
    private final Map<ActorRef<Engine.Command>, String> refused = new HashMap<>();
    private final Map<String, SpecEnvelope> specs = new HashMap<>();
    /** Shards any engine may take, in arrival order. */
    private final ArrayDeque<Dispatch> queue = new ArrayDeque<>();
    /** Shards that must run on one engine, per engine id. */
    private final Map<String, ArrayDeque<Dispatch>> targeted = new HashMap<>();
    /**
     * How many shards of each request wait in {@link #queue} or {@link #targeted}. A request that ends normally has
     * none left, and its withdrawal then skips scanning the queues: with thousands of requests queued at once
     * (many {@code applyAsync} calls) that scan made each answer cost time proportional to the queue.
     */
    private final Map<Long, Integer> queuedByRequest = new HashMap<>();
    private final List<AwaitEngines> waiting = new ArrayList<>();
    private final Map<Long, ActorRef<RequestInbox>> requests = new HashMap<>();
    private int rotation;

    private Coordinator(ActorContext<Command> context, TimerScheduler<Command> timers, SimrtSettings settings,
            long maxRemoteFrameBytes, int bulkThreshold) {
        super(context);
        this.settings = settings;
        this.codec = new SpecCodec(settings.engine().allowedPackages());
        this.maxRemoteFrameBytes = maxRemoteFrameBytes;
        this.bulkThreshold = bulkThreshold;
        ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class,
                ListingChanged::new);
        context.getSystem().receptionist().tell(Receptionist.subscribe(Engine.KEY, listings));
        timers.startTimerWithFixedDelay(RetryClaims.INSTANCE, CLAIM_RETRY);
    }

    /**
     * @param maxRemoteFrameBytes Artery's maximum frame size; shards estimated larger than this are refused with a
     *                            clear error instead of being dropped by the transport
     * @param bulkThreshold       arrays of at least this many bytes leave shards for the bulk lane
     *                            ({@link Integer#MAX_VALUE}: the lane is off on this node)
     */
    public static Behavior<Command> create(SimrtSettings settings, long maxRemoteFrameBytes, int bulkThreshold) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(t -> new Coordinator(ctx, t, settings,
                maxRemoteFrameBytes, bulkThreshold)));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(ListingChanged.class, this::onListing)
                .onMessage(ClaimAnswered.class, this::onClaimAnswered)
                .onMessage(EngineTerminated.class, this::onEngineTerminated)
                .onMessage(RetryClaims.class, m -> onRetryClaims())
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
        for (ActorRef<Engine.Command> ref : listed) {
            if (!idsByRef.containsKey(ref) && !claiming.contains(ref) && !refused.containsKey(ref)) {
                claim(ref);
            }
        }
        for (ActorRef<Engine.Command> ref : new ArrayList<>(idsByRef.keySet())) {
            if (!listed.contains(ref)) {
                lose(ref, "left the cluster");
            }
        }
        refused.keySet().retainAll(listed);
        return this;
    }

    private void claim(ActorRef<Engine.Command> ref) {
        claiming.add(ref);
        getContext().ask(Engine.ClaimReply.class, ref, settings.coordinator().claimTimeout(),
                replyTo -> new Engine.Claim(getContext().getSelf(), replyTo),
                (reply, error) -> new ClaimAnswered(ref, reply, error));
    }

    private Behavior<Command> onClaimAnswered(ClaimAnswered m) {
        claiming.remove(m.engine());
        if (m.reply() instanceof Engine.Claimed c) {
            if (!idsByRef.containsKey(c.engine())) {
                Slot slot = new Slot(c.engineId(), c.engine());
                engines.put(slot.id, slot);
                idsByRef.put(c.engine(), slot.id);
                refused.remove(c.engine());
                getContext().watchWith(c.engine(), new EngineTerminated(c.engine()));
                getContext().getLog().info("owns engine {} ({} in all)", slot.id, engines.size());
                answerWaiting();
                dispatchQueued();
            }
        } else if (m.reply() instanceof Engine.Refused r) {
            refused.put(m.engine(), r.owner());
            getContext().getLog().info("engine {} refused: owned by {}", r.engineId(), r.owner());
        } else {
            getContext().getLog().debug("claim of {} got no answer: {}", m.engine().path(), m.error());
        }
        return this;
    }

    private Behavior<Command> onRetryClaims() {
        for (ActorRef<Engine.Command> ref : new ArrayList<>(refused.keySet())) {
            refused.remove(ref);
            claim(ref);
        }
        return this;
    }

    private Behavior<Command> onEngineTerminated(EngineTerminated m) {
        lose(m.engine(), "terminated");
        return this;
    }

    private void lose(ActorRef<Engine.Command> ref, String why) {
        String id = idsByRef.remove(ref);
        if (id == null) {
            return;
        }
        Slot slot = engines.remove(id);
        getContext().unwatch(ref);
        getContext().getLog().warn("lost engine {} ({}); {} shards to send again, {} engines left", id, why,
                slot.assigned.size(), engines.size());
        Map<ActorRef<RequestInbox>, List<ShardKey>> byRequest = new LinkedHashMap<>();
        slot.assigned.forEach((key, a) -> byRequest.computeIfAbsent(a.request(), r -> new ArrayList<>()).add(key));
        ArrayDeque<Dispatch> waiting = targeted.remove(id);
        if (waiting != null) {
            waiting.forEach(d -> {
                dequeued(d);
                byRequest.computeIfAbsent(d.request(), r -> new ArrayList<>()).add(d.key());
            });
        }
        byRequest.forEach((request, keys) -> request.tell(new ShardedRequest.EngineLost(id, keys)));
        dispatchQueued();
    }

    private void answerWaiting() {
        for (Iterator<AwaitEngines> it = waiting.iterator(); it.hasNext(); ) {
            AwaitEngines w = it.next();
            if (engines.size() >= w.min()) {
                w.replyTo().tell(new EnginesReady(engines.size()));
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
        for (Slot s : engines.values()) {
            owned.add(new EngineInfo(s.id, s.ref, s.assigned.size()));
        }
        Map<String, String> by = new LinkedHashMap<>();
        refused.forEach((ref, owner) -> by.put(ref.path().toString(), owner));
        m.replyTo().tell(new EngineList(owned, by));
        return this;
    }

    // ---- requests ---------------------------------------------------------------------------------------------

    private Behavior<Command> onRegisterModel(RegisterModel m) {
        SpecEnvelope env = codec.encode(m.spec());
        specs.putIfAbsent(env.modelId(), env);
        m.replyTo().tell(new ModelRegistered(env.modelId()));
        return this;
    }

    private Behavior<Command> onSubmit(Submit m) {
        List<Work> shards;
        try {
            shards = List.copyOf(m.plan().split().apply(Math.max(1, engines.size())));
        } catch (RuntimeException e) {
            m.replyTo().accept(new RequestReply.Failed(m.requestId(), new SimrtException(
                    "splitting " + m.plan().description() + " failed: " + e, e)));
            return this;
        }
        if (shards.isEmpty()) {
            m.replyTo().accept(new RequestReply.Done(m.requestId(), m.plan().combine().apply(List.of()), 0, Map.of()));
            return this;
        }
        ActorRef<RequestInbox> child = getContext().spawn(
                ShardedRequest.create(m.requestId(), m.plan(), shards, m.timeout(),
                        settings.coordinator().maxShardRetries(), getContext().getSelf(), m.replyTo()),
                "request-" + m.requestId());
        requests.put(m.requestId(), child);
        getContext().watchWith(child, new Withdraw(m.requestId()));
        // Hand the shards out now: engines answer the child, whose mailbox keeps replies until it runs.
        ActorRef<Engine.ShardReply> replies = child.narrow();
        for (int i = 0; i < shards.size(); i++) {
            enqueue(new Dispatch(new ShardKey(m.requestId(), i), shards.get(i), m.plan().target(i), replies, child));
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
        if (d.target().isEmpty()) {
            queuedByRequest.merge(d.key().requestId(), 1, Integer::sum);
            queue.addLast(d);
        } else if (!engines.containsKey(d.target())) {
            d.replyTo().tell(new Engine.ShardFailed(d.key(), d.target(), Engine.FailureKind.REFUSED, "",
                    "engine " + d.target() + " is not owned by this coordinator (lost, or never claimed)"));
        } else {
            queuedByRequest.merge(d.key().requestId(), 1, Integer::sum);
            targeted.computeIfAbsent(d.target(), t -> new ArrayDeque<>()).addLast(d);
        }
    }

    private void dispatchQueued() {
        if (!targeted.isEmpty()) {
            for (Slot slot : engines.values()) {
                ArrayDeque<Dispatch> mine = targeted.get(slot.id);
                while (mine != null && !mine.isEmpty()
                        && slot.assigned.size() < window(slot, mine.peekFirst().key().requestId())) {
                    send(dequeued(mine.removeFirst()), slot);
                }
                if (mine != null && mine.isEmpty()) {
                    targeted.remove(slot.id);
                }
            }
        }
        while (!queue.isEmpty()) {
            Slot slot = leastLoaded(queue.peekFirst().key().requestId());
            if (slot == null) {
                return;
            }
            send(dequeued(queue.removeFirst()), slot);
        }
    }

    /** Counts {@code d} out of the queues. */
    private Dispatch dequeued(Dispatch d) {
        queuedByRequest.computeIfPresent(d.key().requestId(), (id, n) -> n == 1 ? null : n - 1);
        return d;
    }

    private int window(Slot slot, long requestId) {
        return slot.window(requestId, settings.coordinator().engineWindow(),
                settings.coordinator().maxEngineWindow());
    }

    /** The engine with the fewest shards among those below their window for {@code requestId}, taking turns. */
    private Slot leastLoaded(long requestId) {
        Slot best = null;
        int n = engines.size();
        if (n == 0) {
            return null;
        }
        List<Slot> slots = new ArrayList<>(engines.values());
        for (int i = 0; i < n; i++) {
            Slot s = slots.get((rotation + i) % n);
            int load = s.assigned.size();
            if (load < window(s, requestId) && (best == null || load < best.assigned.size())) {
                best = s;
            }
        }
        if (best != null) {
            rotation = (slots.indexOf(best) + 1) % n;
        }
        return best;
    }

    private void send(Dispatch d, Slot slot) {
        String modelId = d.work().modelId();
        boolean remote = slot.ref.path().address().hasGlobalScope();
        long size = d.work().estimatedBytes(bulkThreshold);
        if (remote && size > maxRemoteFrameBytes) {
            d.replyTo().tell(new Engine.ShardFailed(d.key(), slot.id, Engine.FailureKind.TOO_LARGE, "",
                    "shard " + d.key() + " is about " + size + " bytes, over the remote frame limit of "
                            + maxRemoteFrameBytes + " bytes (pekko.remote.artery.advanced.maximum-frame-size)"));
            return;
        }
        Optional<SpecEnvelope> install = Optional.empty();
        if (!modelId.isEmpty() && !slot.installed.contains(modelId)) {
            SpecEnvelope env = specs.get(modelId);
            if (env == null) {
                d.replyTo().tell(new Engine.ShardFailed(d.key(), slot.id, Engine.FailureKind.INSTALL_FAILED, "",
                        "model " + modelId + " was never registered with this coordinator"));
                return;
            }
            install = Optional.of(env);
            slot.installed.add(modelId);
        }
        slot.assign(d.key(), d.request(), System.nanoTime());
        if (slot.shardsSent++ == 0) {
            getContext().getLog().info("engine {} got its first shard", slot.id);
        }
        slot.ref.tell(new Engine.RunShard(getContext().getSelf(), d.key(), d.work(), install, d.replyTo()));
    }

    private Behavior<Command> onSettled(Settled m) {
        Slot slot = engines.get(m.engineId());
        if (slot != null) {
            slot.settled(m.key(), m.computeNanos(), m.waitNanos(), System.nanoTime());
            if (m.modelMissing()) {
                slot.installed.clear();
            }
        }
        dispatchQueued();
        return this;
    }

    private Behavior<Command> onWithdraw(Withdraw m) {
        requests.remove(m.requestId());
        if (queuedByRequest.remove(m.requestId()) != null) {
            queue.removeIf(d -> d.key().requestId() == m.requestId());
            targeted.values().forEach(q -> q.removeIf(d -> d.key().requestId() == m.requestId()));
        }
        for (Slot slot : engines.values()) {
            for (Iterator<ShardKey> it = slot.assigned.keySet().iterator(); it.hasNext(); ) {
                ShardKey key = it.next();
                if (key.requestId() == m.requestId()) {
                    slot.ref.tell(new Engine.Abort(getContext().getSelf(), key));
                    it.remove();
                }
            }
        }
        dispatchQueued();
        return this;
    }

    private Behavior<Command> onPurge(Purge m) {
        List<ActorRef<Engine.Command>> targets = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Slot s : engines.values()) {
            targets.add(s.ref);
            ids.add(s.id);
            s.installed.clear();
        }
        getContext().spawnAnonymous(PurgeAll.create(getContext().getSelf(), targets, ids,
                settings.coordinator().claimTimeout(), m.replyTo()));
        return this;
    }

    private Behavior<Command> onPostStop() {
        for (Slot s : engines.values()) {
            s.ref.tell(new Engine.Release(getContext().getSelf()));
        }
        return this;
    }
}

package io.simrt.runtime.coordinator;

import io.simrt.api.EngineFailedException;
import io.simrt.api.RemoteException;
import io.simrt.api.SimrtException;
import io.simrt.api.SimrtTimeoutException;
import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.protocol.BulkArrivals;
import io.simrt.runtime.protocol.RequestInbox;
import io.simrt.runtime.protocol.ShardKey;
import io.simrt.runtime.protocol.Work;
import io.simrt.runtime.protocol.WorkResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;

/**
 * One request, start to end: splits the plan into shards, has the coordinator hand them to free engines,
 * collects replies by shard key (a duplicate is dropped), sends a lost engine's shards again, and answers its
 * caller exactly once: with the combined result, or with a typed error (user code failed, engines failed,
 * time ran out). Then it stops, and the coordinator drops whatever of it is still queued.
 *
 * <p>A shard whose engine is lost while running it is sent again: one loss can be the engine's own (a node killed,
 * a machine gone). An engine whose member left the cluster (its node stopped on request: a pod scaled down) is not
 * counted against the shard it ran: scaling down two pods one after the other, the shard sent again from the first
 * to the second, must not fail the run (PodsIT saw it). A shard that was running on {@value #LOSSES_TO_GIVE_UP}
 * engines when each was lost is the likely cause (out of memory on an engine that exits on it, or a crash in user code), and the request fails naming it
 * rather than taking down every engine in turn. A loss while the shard only waited in the engine's queue does not
 * count against it (see {@link ShardScheduler#running} for how the coordinator tells).
 */
final class ShardedRequest extends AbstractBehavior<RequestInbox> {

    /** Notices from the coordinator and timers (local); engines' replies arrive as {@link Engine.ShardReply}. */
    sealed interface Command extends RequestInbox, NoSerializationVerificationNeeded {}

    /**
     * The coordinator lost {@code engineId}, which held {@code keys} and was running {@code running}. {@code left}: its
     * member left the cluster (a node stopped on request, as a scaled-down pod is), rather than becoming unreachable
     * or stopping; such a loss says nothing about the shard it was running.
     */
    record EngineLost(String engineId, List<ShardKey> keys, Optional<ShardKey> running, boolean left)
            implements Command {}

    enum Cancelled implements Command {
        INSTANCE
    }

    private enum TimedOut implements Command {
        INSTANCE
    }

    /**
     * Engines lost while running one shard before the request gives up on it. Two, not one: an engine can die of its
     * own causes mid-shard, and that must leave the answer the same. Not three: a second loss on the same shard is
     * rarely chance, and a third would only cost one more engine.
     */
    static final int LOSSES_TO_GIVE_UP = 2;

    private final long requestId;
    private final Plan<?> plan;
    private final Duration timeout;
    private final int maxRetries;
    private final ActorRef<Coordinator.Command> coordinator;
    private final Consumer<RequestReply> replyTo;
    private boolean loggerNamed;
    private final ActorRef<Engine.ShardReply> replies;
    private final List<Work> shards;
    private final long[] heapBytes;
    private final WorkResult[] results;
    private final int[] retries;
    private final Map<String, Long> engineNanos = new LinkedHashMap<>();
    /** Per shard, the engines lost while running it. */
    private final Map<Integer, List<String>> lostWhileRunning = new HashMap<>();

    private int missing;

    private ShardedRequest(
            ActorContext<RequestInbox> context,
            TimerScheduler<RequestInbox> timers,
            long requestId,
            Plan<?> plan,
            List<Work> shards,
            long[] heapBytes,
            Duration timeout,
            int maxRetries,
            ActorRef<Coordinator.Command> coordinator,
            Consumer<RequestReply> replyTo) {
        super(context);
        this.requestId = requestId;
        this.plan = plan;
        this.timeout = timeout;
        this.maxRetries = maxRetries;
        this.coordinator = coordinator;
        this.replyTo = replyTo;
        this.replies = context.getSelf().narrow();
        this.shards = shards;
        this.heapBytes = heapBytes.clone();
        this.results = new WorkResult[shards.size()];
        this.retries = new int[shards.size()];
        this.missing = shards.size();
        timers.startSingleTimer(TimedOut.INSTANCE, timeout);
    }

    /**
     * A child for {@code shards}, which the coordinator has already handed out with this child as the reply
     * address (engines' replies wait in its mailbox if they arrive before it starts).
     *
     * @param heapBytes each shard's {@link Work#heapBytes} estimate, for errors
     */
    static Behavior<RequestInbox> create(
            long requestId,
            Plan<?> plan,
            List<Work> shards,
            long[] heapBytes,
            Duration timeout,
            int maxRetries,
            ActorRef<Coordinator.Command> coordinator,
            Consumer<RequestReply> replyTo) {
        return BulkArrivals.inOrder(
                Behaviors.setup(ctx -> Behaviors.withTimers(timers -> new ShardedRequest(
                        ctx, timers, requestId, plan, shards, heapBytes, timeout, maxRetries, coordinator, replyTo))),
                (lost, cause) -> lost instanceof Engine.ShardDone d
                        ? Optional.of(new Engine.ShardFailed(
                                d.key(),
                                d.engineId(),
                                Engine.FailureKind.TRANSFER_FAILED,
                                cause.getClass().getName(),
                                "the shard's result did not arrive from engine " + d.engineId() + ": "
                                        + cause.getMessage()))
                        : Optional.empty());
    }

    private void dispatch(int shard) {
        coordinator.tell(new Coordinator.Dispatch(
                new ShardKey(requestId, shard),
                shards.get(shard),
                plan.target(shard),
                heapBytes[shard],
                replies,
                getContext().getSelf()));
    }

    @Override
    public Receive<RequestInbox> createReceive() {
        return newReceiveBuilder()
                .onMessage(Engine.ShardReply.class, this::onReplied)
                .onMessage(EngineLost.class, this::onEngineLost)
                .onMessage(Cancelled.class, m -> Behaviors.stopped())
                .onMessage(
                        TimedOut.class,
                        m -> fail(new SimrtTimeoutException(
                                plan.description() + " (request " + requestId + ", " + missing + " of " + shards.size()
                                        + " shards outstanding)",
                                timeout)))
                .build();
    }

    private Behavior<RequestInbox> onReplied(Engine.ShardReply reply) {
        int shard = reply.key().shard();
        if (reply.key().requestId() != requestId || shard < 0 || shard >= results.length) {
            return this;
        }
        if (reply instanceof Engine.ShardDone done) {
            coordinator.tell(new Coordinator.Settled(
                    reply.key(), reply.engineId(), false, done.computeNanos(), done.waitNanos()));
            if (results[shard] != null) {
                return this; // a duplicate after a resend: the first answer counts
            }
            results[shard] = done.result();
            engineNanos.merge(done.engineId(), done.computeNanos(), Long::sum);
            try {
                plan.listener().shardDone(shard, done.engineId(), done.computeNanos(), done.result());
            } catch (RuntimeException e) {
                log().warn("a shard listener of request {} failed: {}", requestId, e.toString());
            }
            if (--missing == 0) {
                return complete();
            }
            return this;
        }
        Engine.ShardFailed failed = (Engine.ShardFailed) reply;
        boolean modelMissing = failed.kind() == Engine.FailureKind.MODEL_MISSING;
        coordinator.tell(new Coordinator.Settled(reply.key(), reply.engineId(), modelMissing, -1, -1));
        if (results[shard] != null) {
            return this;
        }
        return switch (failed.kind()) {
            case MODEL_MISSING, REFUSED, TRANSFER_FAILED -> retry(shard, failed.engineId(), failed.message());
            case USER_CODE -> fail(new RemoteException(failed.engineId(), failed.errorClass(), failed.message(), null));
            case TOO_LARGE ->
                fail(new EngineFailedException(failed.engineId(), plan.description() + ": " + failed.message()));
            case NOT_ALLOWED, INSTALL_FAILED, ABORTED ->
                fail(new EngineFailedException(failed.engineId(), failed.message()));
        };
    }

    private Behavior<RequestInbox> onEngineLost(EngineLost m) {
        for (ShardKey key : m.keys()) {
            int shard = key.shard();
            if (shard < 0 || shard >= results.length || results[shard] != null) {
                continue;
            }
            boolean running = m.running().filter(key::equals).isPresent();
            if (running && !m.left()) {
                List<String> lost = lostWhileRunning.computeIfAbsent(shard, s -> new ArrayList<>());
                lost.add(m.engineId());
                if (lost.size() >= LOSSES_TO_GIVE_UP) {
                    return fail(new EngineFailedException(m.engineId(), takesItsEngineDown(shard, lost)));
                }
            }
            Behavior<RequestInbox> next = retry(
                    shard,
                    m.engineId(),
                    !running
                            ? "engine lost while the shard waited in its queue"
                            : m.left()
                                    ? "engine left the cluster while running the shard"
                                    : "engine lost while running the shard");
            if (next != this) {
                return next;
            }
        }
        return this;
    }

    private String takesItsEngineDown(int shard, List<String> engines) {
        return "shard " + shard + " of " + plan.description() + " ("
                + ShardSizes.describe(shards.get(shard), heapBytes[shard]) + ") was running on engines "
                + String.join(" and ", engines) + " when each was lost: it likely takes its engine down, by running "
                + "out of memory (an engine started with -XX:+ExitOnOutOfMemoryError exits) or by a crash in user "
                + "code; check the engines' logs. It was not sent to another engine: use smaller batches or shards, "
                + "or give the engines more heap (-Xmx)";
    }

    private Behavior<RequestInbox> retry(int shard, String engineId, String why) {
        if (!plan.target(shard).isEmpty()) {
            return fail(new EngineFailedException(
                    engineId,
                    "shard " + shard + " of " + plan.description() + " had to run on engine " + plan.target(shard)
                            + ", which holds its state: " + why));
        }
        if (++retries[shard] > maxRetries) {
            return fail(new EngineFailedException(
                    engineId,
                    "shard " + shard + " of " + plan.description() + " failed " + retries[shard] + " times, last: "
                            + why));
        }
        log().info("request {}: sending shard {} again ({}: {})", requestId, shard, engineId, why);
        dispatch(shard);
        return this;
    }

    private Behavior<RequestInbox> complete() {
        Object value;
        try {
            value = plan.combine().apply(Arrays.asList(results));
        } catch (RuntimeException e) {
            return fail(new SimrtException("combining the shards of " + plan.description() + " failed: " + e, e));
        }
        replyTo.accept(new RequestReply.Done(requestId, value, shards.size(), engineNanos));
        return Behaviors.stopped();
    }

    private Behavior<RequestInbox> fail(SimrtException e) {
        replyTo.accept(new RequestReply.Failed(requestId, e));
        return Behaviors.stopped();
    }

    /**
     * This actor's logger, named after this class so that io.simrt's level (SIMRT_LOG_LEVEL) applies: otherwise Pekko
     * names it from the call stack at the first log call, falling back to one of its own classes, under the root level
     * (WARN); PodsIT saw every INFO line of a coordinator missing in some runs. Named at the first log line, not when
     * the request starts: naming it walks the call stack, and a request is made for every ABC batch while it rarely
     * logs (a profile of two local engines found that walk in 0.2% of the process's CPU).
     */
    private org.slf4j.Logger log() {
        if (!loggerNamed) {
            getContext().setLoggerName(ShardedRequest.class);
            loggerNamed = true;
        }
        return getContext().getLog();
    }
}

package io.simrt.runtime.coordinator;

import io.simrt.client.EngineFailedException;
import io.simrt.client.RemoteException;
import io.simrt.client.SimrtException;
import io.simrt.client.SimrtTimeoutException;
import io.simrt.runtime.engine.Engine;
import io.simrt.runtime.protocol.ShardKey;
import io.simrt.runtime.protocol.Work;
import io.simrt.runtime.protocol.WorkResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 */
final class ShardedRequest extends AbstractBehavior<ShardedRequest.Command> {

    sealed interface Command extends NoSerializationVerificationNeeded { }

    private record Replied(Engine.ShardReply reply) implements Command { }

    /** The coordinator lost an engine that held these shards. */
    record EngineLost(String engineId, List<ShardKey> keys) implements Command { }

    enum Cancelled implements Command { INSTANCE }

    private enum TimedOut implements Command { INSTANCE }

    private final long requestId;
    private final Plan<?> plan;
    private final Duration timeout;
    private final int maxRetries;
    private final ActorRef<Coordinator.Command> coordinator;
    private final ActorRef<RequestReply> replyTo;
    private final ActorRef<Engine.ShardReply> adapter;
    private final List<Work> shards;
    private final WorkResult[] results;
    private final int[] retries;
    private final Map<String, Long> engineNanos = new LinkedHashMap<>();
    private int missing;

    private ShardedRequest(ActorContext<Command> context, TimerScheduler<Command> timers, long requestId,
            Plan<?> plan, int engines, Duration timeout, int maxRetries, ActorRef<Coordinator.Command> coordinator,
            ActorRef<RequestReply> replyTo) {
        super(context);
        this.requestId = requestId;
        this.plan = plan;
        this.timeout = timeout;
        this.maxRetries = maxRetries;
        this.coordinator = coordinator;
        this.replyTo = replyTo;
        this.adapter = context.messageAdapter(Engine.ShardReply.class, Replied::new);
        this.shards = List.copyOf(plan.split().apply(engines));
        this.results = new WorkResult[shards.size()];
        this.retries = new int[shards.size()];
        this.missing = shards.size();
        timers.startSingleTimer(TimedOut.INSTANCE, timeout);
        for (int i = 0; i < shards.size(); i++) {
            dispatch(i);
        }
    }

    static Behavior<Command> create(long requestId, Plan<?> plan, int engines, Duration timeout, int maxRetries,
            ActorRef<Coordinator.Command> coordinator, ActorRef<RequestReply> replyTo) {
        return Behaviors.setup(ctx -> Behaviors.withTimers(timers -> {
            if (plan.split().apply(engines).isEmpty()) {
                replyTo.tell(new RequestReply.Done(requestId, plan.combine().apply(List.of()), 0, Map.of()));
                return Behaviors.stopped();
            }
            return new ShardedRequest(ctx, timers, requestId, plan, engines, timeout, maxRetries, coordinator,
                    replyTo);
        }));
    }

    private void dispatch(int shard) {
        coordinator.tell(new Coordinator.Dispatch(new ShardKey(requestId, shard), shards.get(shard), adapter,
                getContext().getSelf()));
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Replied.class, this::onReplied)
                .onMessage(EngineLost.class, this::onEngineLost)
                .onMessage(Cancelled.class, m -> Behaviors.stopped())
                .onMessage(TimedOut.class, m -> fail(new SimrtTimeoutException(
                        plan.description() + " (request " + requestId + ", " + missing + " of " + shards.size()
                                + " shards outstanding)", timeout)))
                .build();
    }

    private Behavior<Command> onReplied(Replied m) {
        Engine.ShardReply reply = m.reply();
        int shard = reply.key().shard();
        if (reply.key().requestId() != requestId || shard < 0 || shard >= results.length) {
            return this;
        }
        if (reply instanceof Engine.ShardDone done) {
            coordinator.tell(new Coordinator.Settled(reply.key(), reply.engineId(), false));
            if (results[shard] != null) {
                return this; // a duplicate after a resend: the first answer counts
            }
            results[shard] = done.result();
            engineNanos.merge(done.engineId(), done.computeNanos(), Long::sum);
            if (--missing == 0) {
                return complete();
            }
            return this;
        }
        Engine.ShardFailed failed = (Engine.ShardFailed) reply;
        boolean modelMissing = failed.kind() == Engine.FailureKind.MODEL_MISSING;
        coordinator.tell(new Coordinator.Settled(reply.key(), reply.engineId(), modelMissing));
        if (results[shard] != null) {
            return this;
        }
        return switch (failed.kind()) {
            case MODEL_MISSING, REFUSED -> retry(shard, failed.engineId(), failed.message());
            case USER_CODE -> fail(new RemoteException(failed.engineId(), failed.errorClass(), failed.message(), null));
            case NOT_ALLOWED, INSTALL_FAILED, TOO_LARGE, ABORTED -> fail(new EngineFailedException(failed.engineId(),
                    failed.message()));
        };
    }

    private Behavior<Command> onEngineLost(EngineLost m) {
        for (ShardKey key : m.keys()) {
            int shard = key.shard();
            if (shard >= 0 && shard < results.length && results[shard] == null) {
                Behavior<Command> next = retry(shard, m.engineId(), "engine lost while running the shard");
                if (next != this) {
                    return next;
                }
            }
        }
        return this;
    }

    private Behavior<Command> retry(int shard, String engineId, String why) {
        if (++retries[shard] > maxRetries) {
            return fail(new EngineFailedException(engineId, "shard " + shard + " of " + plan.description()
                    + " failed " + retries[shard] + " times, last: " + why));
        }
        getContext().getLog().info("request {}: sending shard {} again ({}: {})", requestId, shard, engineId, why);
        dispatch(shard);
        return this;
    }

    private Behavior<Command> complete() {
        Object value;
        try {
            value = plan.combine().apply(Arrays.asList(results));
        } catch (RuntimeException e) {
            return fail(new SimrtException("combining the shards of " + plan.description() + " failed: " + e, e));
        }
        replyTo.tell(new RequestReply.Done(requestId, value, shards.size(), engineNanos));
        return Behaviors.stopped();
    }

    private Behavior<Command> fail(SimrtException e) {
        replyTo.tell(new RequestReply.Failed(requestId, e));
        return Behaviors.stopped();
    }
}

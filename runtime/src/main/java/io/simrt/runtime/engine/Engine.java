package io.simrt.runtime.engine;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.simrt.runtime.code.JarCache;
import io.simrt.runtime.code.JarRef;
import io.simrt.runtime.metrics.NodeMetrics;
import io.simrt.runtime.protocol.BulkArrivals;
import io.simrt.runtime.protocol.BulkLane;
import io.simrt.runtime.protocol.RequestInbox;
import io.simrt.runtime.protocol.ShardKey;
import io.simrt.runtime.protocol.SpecEnvelope;
import io.simrt.runtime.protocol.WireMessage;
import io.simrt.runtime.protocol.Work;
import io.simrt.runtime.protocol.WorkResult;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.pekko.Done;
import org.apache.pekko.actor.Cancellable;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.NoSerializationVerificationNeeded;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;

/**
 * An engine: runs shards of work, one at a time, on the engine dispatcher, for the one coordinator that owns it.
 *
 * <p>Ownership: a {@link Claim} from a free engine (or from its owner) is answered {@link Claimed}; from anyone
 * else {@link Refused}, naming the owner. Work from anyone but the owner is refused the same way. Ownership ends
 * with {@link Release} or when the owner terminates (its node left), and the engine then forgets every installed
 * model. Models arrive once, as a {@link SpecEnvelope} on the first shard that needs them; classes outside the
 * allowed packages are refused before anything is loaded.
 */
public final class Engine extends AbstractBehavior<Engine.Command> {
    /** Every engine registers under this key. */
    public static final ServiceKey<Command> KEY = ServiceKey.create(Command.class, "simrt-engine");

    /** Messages an engine accepts. */
    public sealed interface Command {}

    /**
     * Ask to own this engine.
     *
     * @param codeServer where the engine gets the jars of model classes it lacks (see {@link CodeRequest}); empty
     *                   when the owner ships no code
     */
    public record Claim(ActorRef<?> owner, ActorRef<ClaimReply> replyTo, Optional<ActorRef<CodeRequest>> codeServer)
            implements Command, WireMessage {
        /** A claim by an owner that ships no code. */
        public Claim(ActorRef<?> owner, ActorRef<ClaimReply> replyTo) {
            this(owner, replyTo, Optional.empty());
        }
    }

    /** Give up ownership; the engine forgets its models. */
    public record Release(ActorRef<?> owner) implements Command, WireMessage {}

    /**
     * Run one shard. {@code install} carries the model's spec the first time this engine needs it.
     */
    public record RunShard(
            ActorRef<?> owner, ShardKey key, Work work, Optional<SpecEnvelope> install, ActorRef<ShardReply> replyTo)
            implements Command, WireMessage {}

    /** Drop a queued shard, or interrupt it if it is running (work that ignores interrupts runs to its end). */
    public record Abort(ActorRef<?> owner, ShardKey key) implements Command, WireMessage {}

    /** Forget installed models and anything retained; answers what was freed. */
    public record Purge(ActorRef<?> owner, ActorRef<Purged> replyTo) implements Command, WireMessage {}

    /** Report this engine's state (any sender). */
    public record GetStatus(ActorRef<EngineStatus> replyTo) implements Command, WireMessage {}

    /** Asks for an {@link EngineLoad}: what the dashboard shows of an engine. */
    public record GetLoad(ActorRef<EngineLoad> replyTo) implements Command, WireMessage {}

    /**
     * The owner's answer to {@link CodeRequest.Locate}: the jars holding the classes asked for, and the package
     * prefixes the owner adds to this engine's allowed packages; or why it cannot ship them.
     */
    public record CodeLocated(String modelId, List<JarRef> jars, List<String> allowPackages, String error)
            implements Command, WireMessage {
        public CodeLocated {
            jars = List.copyOf(jars);
            allowPackages = List.copyOf(allowPackages);
        }
    }

    /** The owner's answer to {@link CodeRequest.Fetch}: the jar's bytes (checked here against its hash), or why not. */
    public record CodeArrived(
            JarRef jar,

            @JsonSerialize(using = BulkLane.Writer.class) @JsonDeserialize(using = BulkLane.Reader.class)
            byte[] bytes,

            String error)
            implements Command, WireMessage {}

    private record OwnerTerminated(ActorRef<?> owner) implements Command, NoSerializationVerificationNeeded {}

    private record InstallTimedOut(String modelId, long attempt)
            implements Command, NoSerializationVerificationNeeded {}

    /** Answers to {@link Claim}. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = Claimed.class, name = "claimed"),
        @JsonSubTypes.Type(value = Refused.class, name = "refused")
    })
    public sealed interface ClaimReply extends WireMessage {}

    /**
     * The claim succeeded.
     *
     * @param heapBytes the engine's maximum heap (shared with the other engines of its node): its owner sends it no
     *                  shard whose estimate exceeds it
     */
    public record Claimed(String engineId, ActorRef<Command> engine, long heapBytes) implements ClaimReply {}

    public record Refused(String engineId, ActorRef<Command> engine, String owner) implements ClaimReply {}

    /** Why a shard failed. */
    public enum FailureKind {
        /** The model or task threw: the caller's problem, not retried. */
        USER_CODE,
        /** The engine is not owned by the sender. */
        REFUSED,
        /** The shard names a model this engine does not hold; send the spec along. */
        MODEL_MISSING,
        /** The model class is outside the allowed packages. */
        NOT_ALLOWED,
        /** The model spec could not be turned into a model. */
        INSTALL_FAILED,
        /**
         * The shard or its reply would exceed the remote frame size, or the shard's estimated memory exceeds the heap
         * of every engine it may run on (refused by the coordinator before sending).
         */
        TOO_LARGE,
        /** The shard was withdrawn while queued or interrupted while running. */
        ABORTED,
        /** An array of the shard, or of its result, could not be fetched from the bulk lane; sent again. */
        TRANSFER_FAILED
    }

    /** Answers to {@link RunShard}, keyed by shard. */
    @JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
    @JsonSubTypes({
        @JsonSubTypes.Type(value = ShardDone.class, name = "done"),
        @JsonSubTypes.Type(value = ShardFailed.class, name = "failed")
    })
    public sealed interface ShardReply extends WireMessage, RequestInbox {
        ShardKey key();

        String engineId();
    }

    /**
     * A shard's result.
     *
     * @param computeNanos how long the shard ran
     * @param waitNanos    how long it waited in the engine's queue before it ran
     */
    public record ShardDone(ShardKey key, String engineId, WorkResult result, long computeNanos, long waitNanos)
            implements ShardReply {}

    public record ShardFailed(ShardKey key, String engineId, FailureKind kind, String errorClass, String message)
            implements ShardReply {}

    /** What a purge freed: installed models and namespace entries. */
    public record Purged(String engineId, int models, int names) implements WireMessage {}

    /**
     * What an engine reports of itself.
     *
     * @param owner      its owner's actor path, empty when free
     * @param shardsDone shards it has run (answered, whatever the outcome)
     * @param queued     shards waiting or running now
     * @param models     ids of the installed models
     */
    public record EngineStatus(String engineId, String owner, long shardsDone, int queued, List<String> models)
            implements WireMessage {
        public EngineStatus {
            models = List.copyOf(models);
        }
    }

    /**
     * How busy an engine is, for the dashboard.
     *
     * @param owner      its owner's actor path, empty when free
     * @param shardsDone shards it has run
     * @param queued     shards waiting or running now
     * @param busyNanos  time it has spent running shards
     */
    public record EngineLoad(String engineId, String owner, long shardsDone, int queued, long busyNanos)
            implements WireMessage {}

    private final String engineId;
    private final long heapBytes;
    private final EngineWorker worker;
    private final Installer installer;
    /** The check, as the node shuts down, for a shard that called System.exit ({@link EngineWorker#failIfExiting}). */
    private final Cancellable exitCheck;

    private ActorRef<?> owner;

    private Engine(ActorContext<Command> context, EngineSettings settings) {
        super(context);
        // the logger named after this class, so that io.simrt's level (SIMRT_LOG_LEVEL) applies: otherwise Pekko
        // names it from the call stack at the first log call, falling back to one of its own classes, under the
        // root level (WARN); PodsIT saw every INFO line of a coordinator missing in some runs
        context.setLoggerName(Engine.class);
        this.engineId = settings.engineId();
        this.heapBytes = settings.heapBytes();
        // registered first: the node's metrics are built by its first engine (Micrometer's registry and JVM meters,
        // a fraction of a second on a cold JVM), and messages wait in the mailbox until this constructor returns
        context.getSystem().receptionist().tell(Receptionist.register(KEY, context.getSelf()));
        NodeMetrics metrics = NodeMetrics.get(context.getSystem());
        this.worker = new EngineWorker(
                engineId, settings.maxRemoteFrameBytes(), settings.bulkThreshold(), settings.allowed(), metrics);
        metrics.engine(engineId, worker, EngineWorker::load, EngineWorker::shardsDone, EngineWorker::busyNanos);
        this.installer = new Installer(
                engineId,
                settings.allowed(),
                settings.code(),
                JarCache.shared(),
                worker.models(),
                context.getSelf(),
                new InstallerHost(settings.code().fetchTimeout()),
                context.getLog());
        worker.start(settings.executor());
        this.exitCheck = CoordinatedShutdown.get(context.getSystem())
                .addCancellableTask(CoordinatedShutdown.PhaseBeforeServiceUnbind(), "simrt-engine-exit-check", () -> {
                    worker.failIfExiting();
                    return CompletableFuture.completedFuture(Done.getInstance());
                });
    }

    /**
     * @param settings id, allowed packages, the executor work runs on (the engine dispatcher) and the frame limit
     */
    public static Behavior<Command> create(EngineSettings settings) {
        return BulkArrivals.inOrder(Behaviors.setup(ctx -> new Engine(ctx, settings)), (lost, cause) -> {
            if (lost instanceof RunShard m) {
                m.replyTo()
                        .tell(new ShardFailed(
                                m.key(),
                                settings.engineId(),
                                FailureKind.TRANSFER_FAILED,
                                cause.getClass().getName(),
                                "the shard's arrays did not reach engine " + settings.engineId() + ": "
                                        + cause.getMessage()));
            }
            return Optional.empty();
        });
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Claim.class, this::onClaim)
                .onMessage(Release.class, this::onRelease)
                .onMessage(RunShard.class, this::onRunShard)
                .onMessage(Abort.class, this::onAbort)
                .onMessage(Purge.class, this::onPurge)
                .onMessage(GetStatus.class, this::onGetStatus)
                .onMessage(GetLoad.class, this::onGetLoad)
                .onMessage(OwnerTerminated.class, this::onOwnerTerminated)
                .onMessage(CodeLocated.class, this::onCodeLocated)
                .onMessage(CodeArrived.class, this::onCodeArrived)
                .onMessage(InstallTimedOut.class, this::onInstallTimedOut)
                .onSignal(PostStop.class, s -> {
                    exitCheck.cancel();
                    worker.stop();
                    return this;
                })
                .build();
    }

    private Behavior<Command> onClaim(Claim m) {
        if (owner == null) {
            owner = m.owner();
            installer.owner(m.codeServer());
            getContext().watchWith(owner, new OwnerTerminated(owner));
            getContext()
                    .getLog()
                    .info(
                            "engine {} claimed by {} (it reports a heap of {} MiB)",
                            engineId,
                            owner.path(),
                            heapBytes >> 20);
        }
        if (owner.equals(m.owner())) {
            m.replyTo().tell(new Claimed(engineId, getContext().getSelf(), heapBytes));
        } else {
            m.replyTo()
                    .tell(new Refused(
                            engineId, getContext().getSelf(), owner.path().toString()));
        }
        return this;
    }

    private Behavior<Command> onRelease(Release m) {
        if (owner != null && owner.equals(m.owner())) {
            getContext().unwatch(owner);
            free("released by " + owner.path());
        }
        return this;
    }

    private Behavior<Command> onOwnerTerminated(OwnerTerminated m) {
        if (owner != null && owner.equals(m.owner())) {
            free("owner " + owner.path() + " terminated");
        }
        return this;
    }

    private void free(String why) {
        getContext().getLog().info("engine {} is free again: {}", engineId, why);
        owner = null;
        worker.clear();
        installer.release();
    }

    private Behavior<Command> onRunShard(RunShard m) {
        if (owner == null || !owner.equals(m.owner())) {
            String why = owner == null
                    ? "engine " + engineId + " is not claimed by " + m.owner().path()
                    : "engine " + engineId + " is owned by " + owner.path();
            m.replyTo().tell(new ShardFailed(m.key(), engineId, FailureKind.REFUSED, "", why));
            return this;
        }
        String modelId = m.work().modelId();
        if (!modelId.isEmpty() && installer.isPending(modelId)) {
            installer.hold(m);
        } else if (m.install().isPresent()
                && !worker.models().containsKey(m.install().get().modelId())) {
            installer.install(m, m.install().get());
        } else {
            worker.enqueue(m);
        }
        return this;
    }

    private Behavior<Command> onCodeLocated(CodeLocated m) {
        installer.onLocated(m);
        return this;
    }

    private Behavior<Command> onCodeArrived(CodeArrived m) {
        installer.onArrived(m);
        return this;
    }

    private Behavior<Command> onInstallTimedOut(InstallTimedOut m) {
        installer.onTimeout(m.modelId(), m.attempt());
        return this;
    }

    /** How the installer queues shards, fails them and sets its timer. */
    private final class InstallerHost implements Installer.Host {
        private final Duration fetchTimeout;

        InstallerHost(Duration fetchTimeout) {
            this.fetchTimeout = fetchTimeout;
        }

        @Override
        public void enqueue(RunShard shard) {
            worker.enqueue(shard);
        }

        @Override
        public void fail(RunShard shard, FailureKind kind, String errorClass, String message) {
            shard.replyTo().tell(new ShardFailed(shard.key(), engineId, kind, errorClass, message));
        }

        @Override
        public void scheduleTimeout(String modelId, long attempt) {
            getContext().scheduleOnce(fetchTimeout, getContext().getSelf(), new InstallTimedOut(modelId, attempt));
        }
    }

    private Behavior<Command> onAbort(Abort m) {
        if (owner != null && owner.equals(m.owner()) && (installer.abort(m.key()) || worker.abort(m.key()))) {
            getContext().getLog().debug("engine {} aborted shard {}", engineId, m.key());
        }
        return this;
    }

    private Behavior<Command> onPurge(Purge m) {
        if (owner != null && owner.equals(m.owner())) {
            installer.purge();
            int[] freed = worker.purge();
            m.replyTo().tell(new Purged(engineId, freed[0], freed[1]));
        } else {
            m.replyTo().tell(new Purged(engineId, 0, 0));
        }
        return this;
    }

    private Behavior<Command> onGetStatus(GetStatus m) {
        m.replyTo()
                .tell(new EngineStatus(
                        engineId,
                        owner == null ? "" : owner.path().toString(),
                        worker.shardsDone(),
                        worker.load(),
                        worker.modelIds()));
        return this;
    }

    private Behavior<Command> onGetLoad(GetLoad m) {
        m.replyTo()
                .tell(new EngineLoad(
                        engineId,
                        owner == null ? "" : owner.path().toString(),
                        worker.shardsDone(),
                        worker.load(),
                        worker.busyNanos()));
        return this;
    }
}

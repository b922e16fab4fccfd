package io.simrt.runtime.engine;

import io.simrt.models.ParameterException;
import io.simrt.runtime.metrics.NodeMetrics;
import io.simrt.runtime.protocol.AllowedClasses;
import io.simrt.runtime.protocol.ClassNotAllowedException;
import io.simrt.runtime.protocol.EngineScope;
import io.simrt.runtime.protocol.ShardKey;
import io.simrt.runtime.protocol.TaskCodec;
import io.simrt.runtime.protocol.TaskEnvelope;
import io.simrt.runtime.protocol.ValueCodec;
import io.simrt.runtime.protocol.WorkResult;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thread of one engine: a loop on the engine dispatcher that takes the engine's shards one after the other,
 * runs them and replies straight from this thread. The next shard starts the moment the previous one ends, without
 * a trip through the actor's mailbox (on a busy 2-core machine that trip cost a quarter of an engine's time).
 *
 * <p>The engine actor owns the decisions (ownership, installs, aborts); this class only runs what it is given.
 * Installed models live in a concurrent map the actor writes before it queues a shard that needs them.
 */
final class EngineWorker implements EngineScope {
    private static final Logger LOG = LoggerFactory.getLogger(EngineWorker.class);
    private final String engineId;
    private final long maxRemoteFrameBytes;
    private final int bulkThreshold;

    /** A shard waiting to run, with the time it arrived (its wait is reported, so the coordinator can size its window). */
    private record Queued(Engine.RunShard shard, long arrivedNanos) {}

    private final Map<String, Object> models = new ConcurrentHashMap<>();
    private final Map<String, Object> namespace = new ConcurrentHashMap<>();
    private final ValueCodec values;
    private final TaskCodec tasks;
    private final AtomicLong shardsDone = new AtomicLong();
    /** Time spent running shards, for the busy fraction the dashboard and /metrics show. */
    private final AtomicLong busyNanos = new AtomicLong();

    private final NodeMetrics metrics;
    /**
     * Guards the queue and the running shard together, so that an abort finds its shard in one place or the other:
     * never between the two, where it would be lost and the shard would run to its end.
     */
    private final Object lock = new Object();

    private final ArrayDeque<Queued> queue = new ArrayDeque<>(); // guarded by lock
    private Engine.RunShard current; // guarded by lock
    private boolean currentAborted; // guarded by lock
    /** The running shard's requester is gone (ownership ended, engine stopping): its shard ends unanswered. */
    private boolean currentOrphaned; // guarded by lock

    private boolean stopped; // guarded by lock
    private Thread thread; // guarded by lock

    EngineWorker(
            String engineId, long maxRemoteFrameBytes, int bulkThreshold, AllowedClasses allowed, NodeMetrics metrics) {
        this.engineId = engineId;
        this.metrics = metrics;
        this.maxRemoteFrameBytes = maxRemoteFrameBytes;
        this.bulkThreshold = bulkThreshold;
        this.values = new ValueCodec(allowed);
        this.tasks = new TaskCodec(allowed);
    }

    void start(Executor executor) {
        executor.execute(this::loop);
    }

    void enqueue(Engine.RunShard shard) {
        synchronized (lock) {
            queue.addLast(new Queued(shard, System.nanoTime()));
            lock.notifyAll();
        }
    }

    Map<String, Object> models() {
        return models;
    }

    long shardsDone() {
        return shardsDone.get();
    }

    /** Time spent running shards so far. */
    long busyNanos() {
        return busyNanos.get();
    }

    /** Shards queued or running. */
    int load() {
        synchronized (lock) {
            return queue.size() + (current == null ? 0 : 1);
        }
    }

    List<String> modelIds() {
        return models.keySet().stream().sorted().toList();
    }

    /** Drops the shard if it is queued; interrupts it if it is running. Returns whether it was found. */
    boolean abort(ShardKey key) {
        synchronized (lock) {
            if (queue.removeIf(q -> q.shard().key().equals(key))) {
                return true;
            }
            if (current != null && key.equals(current.key())) {
                return interruptCurrent(false);
            }
        }
        return false;
    }

    /**
     * Interrupts the running shard, if any. An aborted shard is answered as such; an orphaned one (no one waits for
     * it: its owner let go, or this engine is stopping and its coordinator will send the shard elsewhere) is not.
     */
    private boolean interruptCurrent(boolean orphaned) {
        synchronized (lock) {
            if (current == null || thread == null) {
                return false;
            }
            currentAborted = true;
            currentOrphaned |= orphaned;
            thread.interrupt();
            return true;
        }
    }

    /**
     * The owner is gone: drops queued shards, stops the running one (the next owner does not wait behind it) and
     * forgets installed models and the namespace.
     */
    void clear() {
        synchronized (lock) {
            queue.clear();
            interruptCurrent(true);
        }
        dropModels();
        namespace.clear();
    }

    /** Forgets installed models and the namespace; returns how many entries of each there were. */
    int[] purge() {
        int m = models.size();
        int n = namespace.size();
        dropModels();
        namespace.clear();
        return new int[] {m, n};
    }

    /** Forgets the installed models and closes those that hold resources (an external simulator's workers). */
    private void dropModels() {
        List<Object> dropped = new ArrayList<>(models.values());
        models.clear();
        dropped.forEach(m -> close(engineId, m));
    }

    /** Closes {@code model} if it is {@link AutoCloseable}; a failure is logged, never thrown. */
    static void close(String engineId, Object model) {
        if (model instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception | LinkageError e) {
                LOG.warn("engine {}: closing model {} failed: {}", engineId, model, e.toString());
            }
        }
    }

    /**
     * Called as the node shuts down: when this engine's thread is inside {@code System.exit}, the running shard called
     * it, and is answered as failed by user code, naming the call. Its request then fails rather than send the shard to
     * another engine, which would exit in turn (the node leaves the cluster as on a stop request, so the loss alone
     * would not count against the shard). The shard is never answered otherwise: its thread does not come back from
     * the exit.
     *
     * @return whether a shard was answered
     */
    boolean failIfExiting() {
        Engine.RunShard shard;
        Thread t;
        synchronized (lock) {
            if (current == null || thread == null || currentOrphaned) {
                return false;
            }
            shard = current;
            t = thread;
        }
        Optional<ExitCulprit> culprit = ExitCulprit.find(Map.of(t, t.getStackTrace()));
        synchronized (lock) {
            if (culprit.isEmpty() || current != shard || currentOrphaned) {
                return false;
            }
            currentOrphaned = true;
        }
        String at =
                culprit.get().caller().isEmpty() ? "" : " at " + culprit.get().caller();
        LOG.warn("engine {}: shard {} called System.exit{}; the engine's JVM is exiting", engineId, shard.key(), at);
        shard.replyTo()
                .tell(new Engine.ShardFailed(
                        shard.key(),
                        engineId,
                        Engine.FailureKind.USER_CODE,
                        "java.lang.System.exit",
                        "the model called System.exit" + at + ", which ends engine " + engineId
                                + "'s JVM; the shard is not sent to another engine, where it would do the same. "
                                + "To fail a simulation, throw an exception instead"));
        return true;
    }

    /** Ends the loop: queued shards are dropped, the running one is interrupted. */
    void stop() {
        synchronized (lock) {
            stopped = true;
            queue.clear();
            interruptCurrent(true);
            lock.notifyAll();
        }
        dropModels();
    }

    /** The next shard, made the running one; null once stopped. */
    private Queued take() throws InterruptedException {
        synchronized (lock) {
            while (queue.isEmpty() && !stopped) {
                lock.wait();
            }
            if (stopped) {
                return null;
            }
            Queued next = queue.removeFirst();
            current = next.shard();
            currentAborted = false;
            currentOrphaned = false;
            return next;
        }
    }

    private void loop() {
        synchronized (lock) {
            thread = Thread.currentThread();
        }
        try {
            while (true) {
                Queued next = take();
                if (next == null) {
                    return;
                }
                Engine.RunShard shard = next.shard();
                long t0 = System.nanoTime();
                long waited = t0 - next.arrivedNanos();
                WorkResult result = null;
                Throwable error = null;
                try {
                    result = shard.work().run(this);
                } catch (Throwable e) {
                    error = e;
                }
                long nanos = System.nanoTime() - t0;
                boolean aborted;
                boolean orphaned;
                synchronized (lock) {
                    aborted = currentAborted;
                    orphaned = currentOrphaned;
                    current = null;
                    Thread.interrupted(); // an abort that arrived as the shard ended must not hit the next one
                }
                busyNanos.addAndGet(nanos);
                metrics.shardRan(nanos);
                shardsDone.incrementAndGet();
                if (!orphaned) {
                    shard.replyTo().tell(reply(shard, result, error, nanos, waited, aborted));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the dispatcher is shutting down
        } finally {
            synchronized (lock) {
                thread = null;
            }
        }
    }

    private Engine.ShardReply reply(
            Engine.RunShard shard, WorkResult result, Throwable error, long nanos, long waited, boolean aborted) {
        ShardKey key = shard.key();
        if (aborted) {
            return new Engine.ShardFailed(
                    key, engineId, Engine.FailureKind.ABORTED, "", "shard " + key + " was aborted while running");
        }
        if (error instanceof ClassNotAllowedException) {
            return new Engine.ShardFailed(
                    key,
                    engineId,
                    Engine.FailureKind.NOT_ALLOWED,
                    error.getClass().getName(),
                    error.getMessage());
        }
        if (error instanceof ModelMissingException) {
            return new Engine.ShardFailed(
                    key,
                    engineId,
                    Engine.FailureKind.MODEL_MISSING,
                    error.getClass().getName(),
                    error.getMessage());
        }
        if (error != null) {
            return new Engine.ShardFailed(
                    key,
                    engineId,
                    Engine.FailureKind.USER_CODE,
                    error.getClass().getName(),
                    String.valueOf(error.getMessage()));
        }
        if (isRemote(shard.replyTo()) && result.estimatedBytes(bulkThreshold) > maxRemoteFrameBytes) {
            return new Engine.ShardFailed(
                    key,
                    engineId,
                    Engine.FailureKind.TOO_LARGE,
                    "",
                    "the result of shard " + key + " is about " + result.estimatedBytes(bulkThreshold)
                            + " bytes, over the remote frame limit of " + maxRemoteFrameBytes
                            + " bytes (pekko.remote.artery.advanced.maximum-frame-size): split the work finer");
        }
        return new Engine.ShardDone(key, engineId, result, nanos, waited);
    }

    private static boolean isRemote(ActorRef<?> ref) {
        return ref.path().address().hasGlobalScope();
    }

    @Override
    public String engineId() {
        return engineId;
    }

    @Override
    public Map<String, Object> namespace() {
        return namespace;
    }

    @Override
    public ValueCodec values() {
        return values;
    }

    @Override
    public Object task(TaskEnvelope envelope) {
        return tasks.decode(envelope, engineId);
    }

    @Override
    public <T> T model(String modelId, Class<T> type) {
        Object m = models.get(modelId);
        if (m == null) {
            throw new ModelMissingException(modelId);
        }
        if (!type.isInstance(m)) {
            throw ParameterException.because(
                    "model " + modelId + " is a " + m.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        return type.cast(m);
    }
}

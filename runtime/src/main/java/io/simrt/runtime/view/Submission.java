package io.simrt.runtime.view;

import io.simrt.api.Futures;
import io.simrt.api.RemoteException;
import io.simrt.api.SimrtException;
import io.simrt.runtime.coordinator.Plan;
import io.simrt.runtime.protocol.Payload;
import io.simrt.runtime.protocol.ValueCodec;
import io.simrt.runtime.protocol.WorkResult;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The caller's side of one view request: which shard holds which items, what has arrived (raw, decoded only when
 * the caller reads it), and how the request ended. It is the only place results live: the coordinator keeps
 * nothing once a request is answered, so nothing accumulates between requests.
 */
final class Submission implements Plan.ShardListener {
    private final ValueCodec codec;
    final int[] starts; // first item of each shard
    final int[] sizes; // items per shard
    final int total;
    /**
     * Per shard, what arrived: written once on the request child's thread, read on the caller's. Each element is
     * published whole (an immutable record through a volatile slot), so a reader that sees a shard arrived also sees
     * its engine and time.
     */
    private final AtomicReferenceArray<Arrived> arrived;

    private final AtomicInteger itemsDone = new AtomicInteger();
    /** Shard indices in arrival order, append-only (every unordered iterator keeps its own position). */
    private final int[] arrivalLog;

    private int arrivalCount; // guarded by this
    final CompletableFuture<Void> done = new CompletableFuture<>();
    final long submittedNanos = System.nanoTime();
    volatile long completedNanos;
    volatile CompletableFuture<?> request;
    final String what;

    Submission(String what, ValueCodec codec, int[] sizes) {
        this.what = what;
        this.codec = codec;
        this.sizes = sizes.clone();
        this.starts = new int[sizes.length];
        int t = 0;
        for (int i = 0; i < sizes.length; i++) {
            starts[i] = t;
            t += sizes[i];
        }
        this.total = t;
        this.arrived = new AtomicReferenceArray<>(sizes.length);
        this.arrivalLog = new int[sizes.length];
    }

    /** Follows the backend's future: completion, failure or cancellation ends the submission. */
    void follow(CompletableFuture<?> f) {
        this.request = f;
        f.whenComplete((v, e) -> {
            completedNanos = System.nanoTime();
            if (e == null) {
                done.complete(null);
            } else {
                Throwable cause = Futures.cause(e);
                done.completeExceptionally(
                        cause instanceof CancellationException ? new SimrtException(what + " was aborted") : cause);
            }
            synchronized (this) {
                notifyAll();
            }
        });
    }

    @Override
    public void shardDone(int shard, String engineId, long computeNanos, WorkResult result) {
        List<Payload> values = ((WorkResult.Values) result).values();
        arrived.set(shard, new Arrived(values.toArray(Payload[]::new), engineId, computeNanos));
        itemsDone.addAndGet(values.size());
        synchronized (this) {
            arrivalLog[arrivalCount++] = shard;
            notifyAll();
        }
    }

    /**
     * The shard that arrived {@code position}-th, waiting for it; -1 if the request ended before that many
     * arrived.
     */
    int arrival(int position) throws InterruptedException {
        synchronized (this) {
            while (arrivalCount <= position && !done.isDone()) {
                wait();
            }
            return position < arrivalCount ? arrivalLog[position] : -1;
        }
    }

    /** Blocks until shard {@code shard} has arrived or the request has ended; returns whether it arrived. */
    boolean awaitShard(int shard) throws InterruptedException {
        synchronized (this) {
            while (arrived.get(shard) == null && !done.isDone()) {
                wait();
            }
        }
        return arrived.get(shard) != null;
    }

    boolean arrived(int shard) {
        return arrived.get(shard) != null;
    }

    int progress() {
        return itemsDone.get();
    }

    /** The engine that ran an arrived shard. */
    String engine(int shard) {
        return get(shard).engine();
    }

    /** How long an arrived shard ran. */
    long nanos(int shard) {
        return get(shard).nanos();
    }

    /** Item {@code i} of an arrived shard as it came, not decoded. */
    Payload payload(int shard, int i) {
        return get(shard).items()[i];
    }

    /** Item {@code i} of an arrived shard: its value, or the {@link RemoteException} its user code threw. */
    Object item(int shard, int i) {
        Arrived a = get(shard);
        Payload p = a.items()[i];
        if (p.kind() == Payload.ERROR) {
            ValueCodec.RemoteError err = ValueCodec.error(p);
            return new RemoteException(a.engine(), err.className(), err.message(), null);
        }
        return codec.decode(p);
    }

    private Arrived get(int shard) {
        Arrived a = arrived.get(shard);
        if (a == null) {
            throw new IllegalStateException("shard " + shard + " of " + what + " has not arrived");
        }
        return a;
    }

    /** One shard's result as it arrived: its items, the engine that ran it, and for how long. */
    private record Arrived(Payload[] items, String engine, long nanos) {}
}

package io.simrt.runtime.view;

import io.simrt.api.RemoteException;
import io.simrt.api.SimrtException;
import io.simrt.runtime.coordinator.Plan;
import io.simrt.runtime.protocol.Payload;
import io.simrt.runtime.protocol.ValueCodec;
import io.simrt.runtime.protocol.WorkResult;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;

/**
 * The caller's side of one view request: which shard holds which items, what has arrived (raw, decoded only when
 * the caller reads it), and how the request ended. It is the only place results live: the coordinator keeps
 * nothing once a request is answered, so nothing accumulates between requests.
 */
final class Submission implements Plan.ShardListener {
    private final ValueCodec codec;
    final int[] starts;     // first item of each shard
    final int[] sizes;      // items per shard
    final int total;
    private final Payload[][] items;
    private final String[] engines;
    private final long[] nanos;
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
        this.items = new Payload[sizes.length][];
        this.engines = new String[sizes.length];
        this.nanos = new long[sizes.length];
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
                Throwable cause = e instanceof CompletionException && e.getCause() != null
                        ? e.getCause() : e;
                done.completeExceptionally(cause instanceof CancellationException
                        ? new SimrtException(what + " was aborted") : cause);
            }
            synchronized (this) {
                notifyAll();
            }
        });
    }

    @Override
    public void shardDone(int shard, String engineId, long computeNanos, WorkResult result) {
        List<Payload> values = ((WorkResult.Values) result).values();
        items[shard] = values.toArray(Payload[]::new);
        engines[shard] = engineId;
        nanos[shard] = computeNanos;
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
            while (items[shard] == null && !done.isDone()) {
                wait();
            }
        }
        return items[shard] != null;
    }

    boolean arrived(int shard) {
        return items[shard] != null;
    }

    int progress() {
        return itemsDone.get();
    }

    String engine(int shard) {
        return engines[shard];
    }

    long nanos(int shard) {
        return nanos[shard];
    }

    /** Item {@code i} of an arrived shard as it came, not decoded. */
    Payload payload(int shard, int i) {
        return items[shard][i];
    }

    /** Item {@code i} of an arrived shard: its value, or the {@link RemoteException} its user code threw. */
    Object item(int shard, int i) {
        Payload p = items[shard][i];
        if (p.kind() == Payload.ERROR) {
            ValueCodec.RemoteError err = ValueCodec.error(p);
            return new RemoteException(engines[shard], err.className(), err.message(), null);
        }
        return codec.decode(p);
    }
}

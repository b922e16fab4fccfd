package io.simrt.runtime.view;

import io.simrt.api.Fn;
import io.simrt.api.Partitions;
import io.simrt.api.StarFn;
import io.simrt.api.Task;
import io.simrt.runtime.protocol.TaskEnvelope;
import io.simrt.runtime.protocol.Work;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * IPython's LoadBalancedView: tasks go to whichever engine is free, so busy or slow engines get fewer; a lost
 * engine's shards are sent again to the others. No per-engine state: use a {@link DirectView} for that.
 */
public final class LoadBalancedView {
    private final Requests requests;

    LoadBalancedView(Requests requests) {
        this.requests = requests;
    }

    public <R> R apply(Task<R> task) {
        return this.<R>applyAsync(task).get();
    }

    public <R> AsyncResult<R> applyAsync(Task<R> task) {
        TaskEnvelope env = requests.task(task);
        return new AsyncResult<>(
                requests.send("apply " + env.className(), List.of(new Work.Apply(env)), new int[] {1}, List.of()),
                requests.nextId());
    }

    /** {@link #mapAsync}, waited for: the results in input order. */
    public <T, R> List<R> map(Fn<T, R> fn, List<T> inputs, int chunkSize) {
        return this.<T, R>mapAsync(fn, inputs, chunkSize).get();
    }

    /**
     * Maps {@code fn} over {@code inputs} in chunks of {@code chunkSize} (0: automatic, about four chunks per
     * engine), each chunk to the next free engine. Iterate the result in order, or {@link AsyncMap#unordered()}.
     */
    public <T, R> AsyncMap<R> mapAsync(Fn<T, R> fn, List<T> inputs, int chunkSize) {
        return mapChunks(requests.task(fn), inputs, chunkSize, false);
    }

    /** {@link #starmapAsync}, waited for. */
    public <R> List<R> starmap(StarFn<R> fn, List<? extends List<?>> inputs, int chunkSize) {
        return this.<R>starmapAsync(fn, inputs, chunkSize).get();
    }

    /** {@link #mapAsync} with each input the list of a {@link StarFn}'s arguments. */
    public <R> AsyncMap<R> starmapAsync(StarFn<R> fn, List<? extends List<?>> inputs, int chunkSize) {
        return mapChunks(requests.task(fn), inputs, chunkSize, true);
    }

    private <R> AsyncMap<R> mapChunks(TaskEnvelope env, List<?> inputs, int chunkSize, boolean star) {
        if (chunkSize < 0) {
            throw new IllegalArgumentException("chunkSize = " + chunkSize + ": must be >= 0 (0: automatic)");
        }
        int n = inputs.size();
        int chunk = chunkSize > 0 ? chunkSize : automaticChunk(n);
        int parts = Math.max(1, (n + chunk - 1) / chunk);
        List<Work> shards = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int[] r : Partitions.arraySplit(n, Math.min(parts, Math.max(1, n)))) {
            if (r[1] > r[0]) {
                shards.add(new Work.MapChunk(env, requests.encodeAll(inputs.subList(r[0], r[1])), star));
                sizes.add(r[1] - r[0]);
            }
        }
        return new AsyncMap<>(
                requests.send(
                        "map " + env.className() + " over " + n + " inputs in " + shards.size() + " chunks",
                        shards,
                        sizes.stream().mapToInt(Integer::intValue).toArray(),
                        List.of()),
                requests.nextId());
    }

    /** About four chunks per engine: enough to balance uneven tasks, few enough to keep messages cheap. */
    int automaticChunk(int n) {
        int engines = Math.max(1, requests.backend().engineIds().size());
        return Math.max(1, (n + 4 * engines - 1) / (4 * engines));
    }

    /**
     * A lazy map over a possibly infinite input: at most {@code maxOutstanding} chunks of {@code chunkSize} in
     * flight, inputs read only as results are taken. Ordered: each result as soon as it and all before it are in.
     */
    public <T, R> Iterator<R> imap(
            Fn<T, R> fn, Iterator<T> inputs, int chunkSize, int maxOutstanding, boolean ordered) {
        return new StreamingMap<>(requests, requests.task(fn), inputs, chunkSize, maxOutstanding, ordered, false);
    }

    /** {@link #imap} for a {@link StarFn}: each input is the list of its arguments. */
    public <R> Iterator<R> istarmap(
            StarFn<R> fn, Iterator<? extends List<?>> inputs, int chunkSize, int maxOutstanding, boolean ordered) {
        return new StreamingMap<>(requests, requests.task(fn), inputs, chunkSize, maxOutstanding, ordered, true);
    }
}

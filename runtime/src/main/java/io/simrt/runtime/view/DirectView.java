package io.simrt.runtime.view;

import io.simrt.api.Fn;
import io.simrt.api.Partitions;
import io.simrt.api.SimrtException;
import io.simrt.api.Task;
import io.simrt.runtime.protocol.Payload;
import io.simrt.runtime.protocol.TaskEnvelope;
import io.simrt.runtime.protocol.ValueCodec;
import io.simrt.runtime.protocol.Work;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * IPython's DirectView: the same call on every targeted engine (a multiplexer), with per-engine state. Results come
 * back as lists in target order. Targets are fixed when the view is made, except for {@link Engines#all()}, which
 * re-reads the engines at every call.
 */
public final class DirectView {
    private final Requests requests;
    private final Supplier<List<String>> targets;

    DirectView(Requests requests, Supplier<List<String>> targets) {
        this.requests = requests;
        this.targets = targets;
    }

    /** The engines this view addresses (now, for {@code all}). */
    public List<String> targets() {
        List<String> t = targets.get();
        if (t.isEmpty()) {
            throw new SimrtException("no engines registered for this view");
        }
        return t;
    }

    /** {@code task} on every target; results in target order. */
    public <R> List<R> apply(Task<R> task) {
        return this.<R>applyAsync(task).get();
    }

    public <R> AsyncMap<R> applyAsync(Task<R> task) {
        List<String> t = targets();
        TaskEnvelope env = requests.task(task);
        List<Work> shards = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            shards.add(new Work.Apply(env));
        }
        return new AsyncMap<>(
                requests.send(
                        "apply " + env.className() + " on " + t.size() + " engines",
                        shards,
                        Requests.ones(t.size()),
                        t),
                requests.nextId());
    }

    /** {@code task} on the single target of this view, as one value. */
    <R> AsyncResult<R> applyOneAsync(Task<R> task) {
        List<String> t = targets();
        TaskEnvelope env = requests.task(task);
        return new AsyncResult<>(
                requests.send(
                        "apply " + env.className() + " on " + t.get(0),
                        List.of(new Work.Apply(env)),
                        new int[] {1},
                        List.of(t.get(0))),
                requests.nextId());
    }

    /** Runs {@code task} on every target for its effect on their namespaces; waits for all. */
    public void execute(Task<?> task) {
        apply(task);
    }

    /** One shard per engine, inputs cut as {@code array_split} does; results in input order. */
    public <T, R> List<R> map(Fn<T, R> fn, List<T> inputs) {
        return mapAsync(fn, inputs).get();
    }

    public <T, R> AsyncMap<R> mapAsync(Fn<T, R> fn, List<T> inputs) {
        List<String> t = targets();
        TaskEnvelope env = requests.task(fn);
        List<Work> shards = new ArrayList<>();
        List<String> used = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        List<int[]> parts = Partitions.arraySplit(inputs.size(), t.size());
        for (int p = 0; p < parts.size(); p++) {
            int[] r = parts.get(p);
            if (r[1] > r[0]) {
                shards.add(new Work.MapChunk(env, requests.encodeAll(inputs.subList(r[0], r[1])), false));
                used.add(t.get(p));
                sizes.add(r[1] - r[0]);
            }
        }
        return new AsyncMap<>(
                requests.send(
                        "map " + env.className() + " over " + inputs.size() + " inputs",
                        shards,
                        sizes.stream().mapToInt(Integer::intValue).toArray(),
                        used),
                requests.nextId());
    }

    /** Sets names on every target. */
    public void push(Map<String, ?> values) {
        List<String> t = targets();
        Map<String, Payload> encoded = new LinkedHashMap<>();
        values.forEach((k, v) -> encoded.put(k, requests.backend().values().encode(v)));
        List<Work> shards = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            shards.add(new Work.Push(encoded));
        }
        wait(requests.send("push " + values.keySet(), shards, new int[t.size()], t));
    }

    /** The value of {@code name} on every target, in target order; a missing name fails naming the engine. */
    public List<Object> pull(String name) {
        List<Object> out = new ArrayList<>();
        for (List<Object> perEngine : pull(List.of(name))) {
            out.add(perEngine.get(0));
        }
        return out;
    }

    /** The values of {@code names} on every target: one list (in {@code names} order) per engine. */
    public List<List<Object>> pull(Collection<String> names) {
        List<String> t = targets();
        List<String> ns = List.copyOf(names);
        List<Work> shards = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            shards.add(new Work.Pull(ns));
        }
        int[] sizes = new int[t.size()];
        Arrays.fill(sizes, ns.size());
        List<Object> flat = new AsyncMap<>(requests.send("pull " + ns, shards, sizes, t), requests.nextId()).get();
        List<List<Object>> out = new ArrayList<>();
        for (int e = 0; e < t.size(); e++) {
            out.add(new ArrayList<>(flat.subList(e * ns.size(), (e + 1) * ns.size())));
        }
        return out;
    }

    /**
     * Cuts {@code seq} into one contiguous part per target ({@code array_split}) and sets {@code key} to it there.
     * With {@code flatten}, a part of exactly one item is set as the item itself.
     */
    public void scatter(String key, List<?> seq, boolean flatten) {
        List<String> t = targets();
        List<int[]> parts = Partitions.arraySplit(seq.size(), t.size());
        List<Work> shards = new ArrayList<>();
        for (int[] r : parts) {
            List<?> part = new ArrayList<>(seq.subList(r[0], r[1]));
            Object value = flatten && part.size() == 1 ? part.get(0) : part;
            shards.add(new Work.Push(Map.of(key, requests.backend().values().encode(value))));
        }
        wait(requests.send("scatter " + key, shards, new int[t.size()], t));
    }

    public void scatter(String key, List<?> seq) {
        scatter(key, seq, false);
    }

    /** Cuts an array into one contiguous {@code double[]} per target. */
    public void scatter(String key, double[] seq) {
        List<String> t = targets();
        List<Work> shards = new ArrayList<>();
        for (int[] r : Partitions.arraySplit(seq.length, t.size())) {
            shards.add(new Work.Push(Map.of(key, requests.backend().values().encode(seq, r[0], r[1]))));
        }
        wait(requests.send("scatter " + key, shards, new int[t.size()], t));
    }

    /**
     * {@code key} from every target, joined: arrays concatenated ({@code double[]}, unpacked straight into the
     * result), lists flattened, anything else returned as the list of parts.
     */
    public Object gather(String key) {
        List<String> t = targets();
        List<Work> shards = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            shards.add(new Work.Pull(List.of(key)));
        }
        int[] ones = Requests.ones(t.size());
        Submission s = requests.send("gather " + key, shards, ones, t);
        AsyncMap<Object> pulled = new AsyncMap<>(s, requests.nextId());
        pulled.join(null); // a target without the name fails the request here
        if (allDoubles(s, t.size())) {
            return joinDoubles(s, t.size());
        }
        List<Object> parts = pulled.get();
        if (!parts.isEmpty() && parts.stream().allMatch(p -> p instanceof List<?>)) {
            List<Object> out = new ArrayList<>();
            parts.forEach(p -> out.addAll((List<?>) p));
            return out;
        }
        return parts;
    }

    private static boolean allDoubles(Submission s, int parts) {
        for (int e = 0; e < parts; e++) {
            if (s.payload(e, 0).kind() != Payload.DOUBLES) {
                return false;
            }
        }
        return parts > 0;
    }

    /** The parts' packed arrays unpacked one after the other into one array: one copy of each byte. */
    private static double[] joinDoubles(Submission s, int parts) {
        int n = 0;
        for (int e = 0; e < parts; e++) {
            n += ValueCodec.doublesLength(s.payload(e, 0));
        }
        double[] out = new double[n];
        int at = 0;
        for (int e = 0; e < parts; e++) {
            Payload p = s.payload(e, 0);
            ValueCodec.decodeDoublesInto(p, out, at);
            at += ValueCodec.doublesLength(p);
        }
        return out;
    }

    /** Empties the targets' namespaces. */
    public void clear() {
        List<String> t = targets();
        List<Work> shards = new ArrayList<>();
        for (int i = 0; i < t.size(); i++) {
            shards.add(new Work.Clear("clear"));
        }
        wait(requests.send("clear", shards, new int[t.size()], t));
    }

    /** Every engine drops installed models and its namespace (all engines, not only this view's). */
    public void purge() {
        requests.backend().purge();
    }

    private static void wait(Submission s) {
        new AsyncMap<Object>(s, 0).get();
    }
}

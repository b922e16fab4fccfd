package io.simrt.runtime.coordinator;

import io.simrt.runtime.protocol.Work;
import io.simrt.runtime.protocol.WorkResult;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * How one request becomes shards and how their results become the answer. Local to the coordinator's JVM (never
 * serialized): the coordinator calls {@link #split} with the number of engines it owns, hands the shards out, and
 * the request child calls {@link #combine} with the results in shard order.
 *
 * @param <R>         the answer's type
 * @param description what the request is, for errors ("likelihood of 10000 models")
 * @param split       engines available → shards (at least one)
 * @param combine     results in shard order → answer
 * @param targets     empty: any free engine takes any shard (load balancing); otherwise shard i must run on engine
 *                    {@code targets.get(i)} (direct views: the state lives there), and fails if that engine is lost
 * @param listener    told of each shard's first result as it arrives (progress, streaming), on the child's thread
 */
public record Plan<R>(
        String description,
        IntFunction<List<Work>> split,
        Function<List<WorkResult>, R> combine,
        List<String> targets,
        ShardListener listener) {

    /** Hears of shards as they complete. */
    @FunctionalInterface
    public interface ShardListener {
        ShardListener NONE = (shard, engineId, nanos, result) -> {};

        void shardDone(int shard, String engineId, long computeNanos, WorkResult result);
    }

    public Plan {
        targets = List.copyOf(targets);
    }

    /** A load-balanced plan without a listener. */
    public Plan(String description, IntFunction<List<Work>> split, Function<List<WorkResult>, R> combine) {
        this(description, split, combine, List.of(), ShardListener.NONE);
    }

    /** A request of exactly one shard. */
    public static <R> Plan<R> single(String description, Work work, Function<WorkResult, R> result) {
        return new Plan<>(description, engines -> List.of(work), results -> result.apply(results.get(0)));
    }

    /** The engine shard {@code i} must run on, or empty when any engine will do. */
    String target(int shard) {
        return targets.isEmpty() ? "" : targets.get(shard);
    }
}

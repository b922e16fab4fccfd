package io.simrt.runtime.coordinator;

import io.simrt.runtime.protocol.Work;
import io.simrt.runtime.protocol.WorkResult;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * How one request becomes shards and how their results become the answer. Local to the coordinator's JVM (never
 * serialized): the request child calls {@link #split} with the number of engines it can use, sends the shards,
 * and calls {@link #combine} with the results in shard order.
 *
 * @param <R>         the answer's type
 * @param description what the request is, for errors ("likelihood of 10000 models")
 * @param split       engines available → shards (at least one)
 * @param combine     results in shard order → answer
 */
public record Plan<R>(String description, IntFunction<List<Work>> split, Function<List<WorkResult>, R> combine) {

    /** A request of exactly one shard. */
    public static <R> Plan<R> single(String description, Work work, Function<WorkResult, R> result) {
        return new Plan<>(description, engines -> List.of(work), results -> result.apply(results.get(0)));
    }
}

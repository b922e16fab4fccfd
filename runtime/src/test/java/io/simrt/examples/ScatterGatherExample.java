package io.simrt.examples;

import io.simrt.api.EngineContext;
import io.simrt.api.Task;
import io.simrt.runtime.view.DirectView;
import io.simrt.runtime.view.Engines;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The notebook's "Scatter and Gather": cut a list into one contiguous part per engine, work on the parts where they
 * are, join them again; {@code flatten} hands a one-item part over as the item itself. Shown in
 * {@code docs/multiplexer.md}.
 */
public final class ScatterGatherExample {
    private ScatterGatherExample() {}

    // tag::tasks[]
    /** Sets {@code to} to the sum of the integers in the list {@code from} (the notebook's "asum = sum(a)"). */
    public record SumInto(String from, String to) implements Task<Void> {
        @Override
        public Void run(EngineContext engine) {
            List<?> values = (List<?>) engine.namespace().get(from);
            int sum = values.stream().mapToInt(v -> (Integer) v).sum();
            engine.namespace().put(to, sum);
            return null;
        }
    }

    /** Whether the value scattered as {@code name} is this engine's own id. */
    public record HoldsOwnId(String name) implements Task<Boolean> {
        @Override
        public Boolean run(EngineContext engine) {
            return engine.engineId().equals(engine.namespace().get(name));
        }
    }
    // end::tasks[]

    /** What the example saw. */
    record Seen(
            List<Object> parts,
            Object gathered,
            Object sums,
            List<Object> idLists,
            List<Object> idItems,
            List<Boolean> ownIds,
            Object gatheredArray,
            List<Object> arrayLengths) {}

    static Seen run(Engines engines) {
        // tag::scatter[]
        DirectView all = engines.all();
        all.scatter("a", IntStream.range(0, 16).boxed().toList()); // 16 over 3 engines: 6, 5, 5
        List<Object> parts = all.pull("a"); // [[0, 1, 2, 3, 4, 5], [6, 7, 8, 9, 10], [11, 12, 13, 14, 15]]
        Object whole = all.gather("a"); // [0, 1, ..., 15]: lists are joined
        all.execute(new SumInto("a", "asum"));
        Object sums = all.gather("asum"); // [15, 40, 65]: single values come back as the list of them
        // end::scatter[]

        // tag::flatten[]
        all.scatter("id", engines.ids()); // each engine holds a list of one: [[local/e0], [local/e1], ...]
        List<Object> idLists = all.pull("id");
        all.scatter("id", engines.ids(), true); // flatten: each engine holds the id itself
        List<Object> idItems = all.pull("id"); // [local/e0, local/e1, local/e2]
        List<Boolean> own = all.apply(new HoldsOwnId("id")); // [true, true, true]: part k went to engine k
        // end::flatten[]

        // tag::arrays[]
        double[] x = IntStream.range(0, 10).asDoubleStream().toArray();
        all.scatter("x", x); // double[] parts of 4, 3 and 3 values
        Object joined = all.gather("x"); // a double[] again: 0.0, 1.0, ..., 9.0
        // end::arrays[]
        List<Object> lengths = all.apply(new ArrayLength("x"));
        return new Seen(parts, whole, sums, idLists, idItems, own, joined, lengths);
    }

    /** The length of the {@code double[]} {@code name} (for the test). */
    public record ArrayLength(String name) implements Task<Object> {
        @Override
        public Object run(EngineContext engine) {
            return ((double[]) engine.namespace().get(name)).length;
        }
    }
}

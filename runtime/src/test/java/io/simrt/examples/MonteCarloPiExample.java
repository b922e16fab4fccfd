package io.simrt.examples;

import com.typesafe.config.Config;
import io.simrt.api.EngineContext;
import io.simrt.api.Fn;
import io.simrt.api.Task;
import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.view.DirectView;
import io.simrt.runtime.view.Engines;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The notebook's exercise "Monte Carlo π": points drawn uniformly in the unit square fall inside the quarter circle
 * with probability π/4. Drawn per engine, the estimate depends on how many engines there are; drawn in fixed
 * blocks, each from the stream of (seed, block), it is the same on any number of engines. Shown in
 * {@code docs/multiplexer.md}.
 */
public final class MonteCarloPiExample {
    private MonteCarloPiExample() {}

    // tag::tally[]
    /** {@code inside} of {@code points} points fell inside the quarter circle. Tallies combine by adding. */
    public record Tally(long inside, long points) {
        public static final Tally EMPTY = new Tally(0, 0);

        public Tally combine(Tally other) {
            return new Tally(inside + other.inside, points + other.points);
        }

        /** 4 · inside / points. */
        public double pi() {
            return 4.0 * inside / points;
        }

        /** Counts the points of {@code rng}'s next {@code n} pairs (x, y) with x² + y² < 1. */
        public static Tally draw(RandomStream rng, long n) {
            long inside = 0;
            for (long i = 0; i < n; i++) {
                double x = rng.nextDouble();
                double y = rng.nextDouble();
                if (x * x + y * y < 1) {
                    inside++;
                }
            }
            return new Tally(inside, n);
        }
    }
    // end::tally[]

    // tag::per-engine[]
    /** On an engine: {@code points} points from the stream of the engine's {@code rank} (scattered beforehand). */
    public record CountHere(long seed, long points) implements Task<Tally> {
        @Override
        public Tally run(EngineContext engine) {
            int rank = (Integer) engine.namespace().get("rank");
            return Tally.draw(RandomStreams.of(RngFamily.FAST, seed).block(rank), points);
        }
    }

    /** The notebook's way: every engine draws its share. Reproducible only on the same number of engines. */
    static Tally perEngine(Engines engines, long seed, long points) {
        DirectView all = engines.all();
        int k = all.targets().size();
        all.scatter("rank", IntStream.range(0, k).boxed().toList(), true); // engine i holds rank = i
        Tally total = Tally.EMPTY;
        for (Tally t : all.apply(new CountHere(seed, points / k))) {
            total = total.combine(t);
        }
        return total;
    }
    // end::per-engine[]

    // tag::blocks[]
    /** Block {@code b}: {@code points} points from the stream of (seed, b), wherever it runs. */
    public record CountBlock(long seed, int points) implements Fn<Integer, Tally> {
        @Override
        public Tally apply(Integer block) {
            return Tally.draw(RandomStreams.of(RngFamily.FAST, seed).block(block), points);
        }
    }

    /** Fixed blocks, load-balanced: the same tally on any number of engines, and on the serial fallback. */
    static Tally inBlocks(Engines engines, long seed, int blocks, int pointsPerBlock) {
        List<Integer> indices = IntStream.range(0, blocks).boxed().toList();
        Tally total = Tally.EMPTY;
        // adding counts is exact and commutative: take the tallies as they come
        for (Tally t : engines.loadBalanced()
                .mapAsync(new CountBlock(seed, pointsPerBlock), indices, 1)
                .unordered()) {
            total = total.combine(t);
        }
        return total;
    }
    // end::blocks[]

    /** Both estimates from one client. */
    record Estimates(Tally inBlocks, Tally perEngine) {}

    static Map<Integer, Estimates> acrossEngineCounts(Config overrides, long seed, int blocks, int pointsPerBlock) {
        // tag::compare[]
        Map<Integer, Estimates> byEngines = new LinkedHashMap<>();
        for (int n : new int[] {1, 2, 4}) {
            try (RuntimeClient client = RuntimeClient.local(n, 1, overrides);
                    Engines engines = Engines.of(client)) {
                byEngines.put(
                        n,
                        new Estimates(
                                inBlocks(engines, seed, blocks, pointsPerBlock),
                                perEngine(engines, seed, (long) blocks * pointsPerBlock)));
            }
        }
        // byEngines.get(n).inBlocks() is the same tally for n = 1, 2 and 4; perEngine() is not
        // end::compare[]
        return byEngines;
    }
}

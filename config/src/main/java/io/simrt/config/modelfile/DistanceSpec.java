package io.simrt.config.modelfile;

import io.simrt.models.abc.Distance;
import io.simrt.models.abc.Distances;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The distance of a model file, as plain data.
 *
 * @param kind      {@code euclidean}, {@code manhattan}, {@code weighted}, {@code adaptive} or {@code class}
 * @param className the class implementing {@link Distance} when {@code kind} is {@code class}, else empty
 * @param weights   the weights of {@code weighted}, else empty (copied in and out)
 * @param pilot     the pilot run's size of {@code adaptive}, else 0
 * @param pilotSeed the pilot run's seed of {@code adaptive}, else 0
 */
public record DistanceSpec(String kind, String className, double[] weights, int pilot, long pilotSeed) {
    /** The kinds a model file may name. */
    public static final List<String> KINDS = List.of("euclidean", "manhattan", "weighted", "adaptive", "class");

    public DistanceSpec {
        if (kind == null || !KINDS.contains(kind) || className == null || weights == null) {
            throw new IllegalArgumentException("distance spec needs a kind of " + KINDS + ", got " + kind);
        }
        if ("class".equals(kind) == className.isEmpty()) {
            throw new IllegalArgumentException("a class distance, and only it, names a class");
        }
        weights = weights.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DistanceSpec d
                && d.kind.equals(kind)
                && d.className.equals(className)
                && Arrays.equals(d.weights, weights)
                && d.pilot == pilot
                && d.pilotSeed == pilotSeed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, className, Arrays.hashCode(weights), pilot, pilotSeed);
    }

    @Override
    public String toString() {
        return "DistanceSpec[" + kind + ", " + className + ", " + Arrays.toString(weights) + ", " + pilot + ", "
                + pilotSeed + "]";
    }

    static DistanceSpec of(String kind) {
        return new DistanceSpec(kind, "", new double[0], 0, 0);
    }

    /** The distance; a class is loaded through the thread's context class loader. */
    public Distance toDistance() {
        return switch (kind) {
            case "euclidean" -> Distances.euclidean();
            case "manhattan" -> Distances.manhattan();
            case "weighted" -> Distances.weighted(weights);
            case "adaptive" -> Distances.adaptive(pilot, pilotSeed);
            case "class" -> UserClass.create(className, Distance.class);
            default -> throw new IllegalStateException("unknown distance " + kind);
        };
    }
}

package io.simrt.inference.abc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simrt.api.BatchOutput;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The nearest rows {@link RejectionState} keeps, against a plain definition: every row merged so far that is not NaN
 * (and within the threshold, if any), sorted stably by distance in arrival order, the first {@code nSamples} of them.
 * The batches are full of ties (few distinct distances, signed zeros, infinities) so that which row wins a tie, and
 * which one is dropped at the cut, is checked at every batch, with the rows each batch's record says entered.
 */
class RejectionStateTest {
    private static final int BATCH = 24;
    private static final int PARAMS = 2;

    private record Row(long batch, int row, double distance, double p0, double p1) {}

    @Test
    void keepsTheStableNearestRowsWhateverTheTies() {
        for (int nSamples : new int[] {1, 5, 24, 37, 100}) {
            for (long seed = 1; seed <= 20; seed++) {
                check(nSamples, seed, Double.NaN);
            }
        }
    }

    @Test
    void keepsTheStableNearestRowsWithinAThreshold() {
        for (int nSamples : new int[] {3, 24, 50}) {
            for (long seed = 1; seed <= 10; seed++) {
                check(nSamples, seed, 2.0);
            }
        }
    }

    private static void check(int nSamples, long seed, double threshold) {
        Objective objective = Double.isNaN(threshold)
                ? Objective.simulations(BATCH * 40L)
                : Objective.threshold(threshold, BATCH * 40L);
        RejectionState state = new RejectionState(nSamples, BATCH, PARAMS, objective, 1);
        SplittableRandom random = new SplittableRandom(seed);
        List<Row> seen = new ArrayList<>();
        long nans = 0;
        for (long b = 0; b < 40; b++) {
            double[] d = new double[BATCH];
            double[] p = new double[BATCH * PARAMS];
            for (int i = 0; i < BATCH; i++) {
                d[i] = distance(random, b);
                p[i * PARAMS] = b * 1000 + i;
                p[i * PARAMS + 1] = -(b * 1000 + i);
            }
            BatchRecord record = state.merge(BatchOutput.of(b, BATCH, p, d));
            nans += Arrays.stream(d).filter(Double::isNaN).count();
            for (int i = 0; i < BATCH; i++) {
                boolean within = Double.isNaN(threshold) || d[i] <= threshold;
                if (!Double.isNaN(d[i]) && within) {
                    seen.add(new Row(b, i, d[i], p[i * PARAMS], p[i * PARAMS + 1]));
                }
            }
            // List.sort is stable: arrival order breaks ties
            seen.sort(Comparator.comparingDouble(Row::distance));
            List<Row> nearest = seen.subList(0, Math.min(nSamples, seen.size()));
            String where = "nSamples " + nSamples + ", seed " + seed + ", batch " + b;
            assertArrayEquals(
                    nearest.stream().mapToDouble(Row::distance).toArray(), state.distances(), where + ": distances");
            assertArrayEquals(
                    nearest.stream()
                            .flatMapToDouble(r -> Arrays.stream(new double[] {r.p0(), r.p1()}))
                            .toArray(),
                    state.params(),
                    where + ": parameters");
            long batch = b;
            int[] entered = nearest.stream()
                    .filter(r -> r.batch() == batch)
                    .mapToInt(Row::row)
                    .sorted()
                    .toArray();
            assertArrayEquals(entered, record.rows(), where + ": rows that entered");
            assertEquals(
                    nearest.size() == nSamples ? nearest.get(nSamples - 1).distance() : Double.POSITIVE_INFINITY,
                    state.currentThreshold(),
                    where + ": threshold");
            assertEquals(nans, state.skipped(), where + ": NaN rows counted as skipped");
            seen = new ArrayList<>(nearest);
        }
    }

    /** Few distinct values, so that ties are common; later batches lean nearer, as a falling cut has them. */
    private static double distance(SplittableRandom random, long batch) {
        int pick = random.nextInt(12);
        return switch (pick) {
            case 0 -> Double.NaN;
            case 1 -> Double.POSITIVE_INFINITY;
            case 2 -> -0.0;
            case 3 -> 0.0;
            case 4 -> random.nextDouble() * 4;
            default -> (double) random.nextInt(Math.max(1, 6 - (int) (batch / 8)));
        };
    }
}

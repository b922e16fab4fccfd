package io.simrt.inference.abc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The primitive stable order is exactly the boxed, comparator-based stable sort it replaces. */
class StableOrderTest {
    private static final long ONE = Double.doubleToLongBits(1.0);

    private static int[] boxed(double[] keys, int n) {
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(keys[a], keys[b]));
        return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }

    @Test
    void sameOrderAsTheBoxedStableSortWithTiesZerosAndInfinities() {
        SplittableRandom random = new SplittableRandom(7);
        for (int n : new int[] {0, 1, 2, 31, 32, 33, 63, 64, 65, 100, 1000, 10_000, 12_345}) {
            for (int variant = 0; variant < 6; variant++) {
                double[] keys = new double[n + 3]; // longer than n: only the first n count
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = switch (variant) {
                        case 0 -> random.nextDouble();
                        case 1 -> random.nextInt(5); // many ties
                        case 2 -> random.nextBoolean() ? 0.0 : -0.0; // Double.compare orders -0.0 first
                        case 3 -> random.nextInt(3) == 0 ? Double.POSITIVE_INFINITY : -random.nextDouble();
                        // keys that differ only in their last bits, which the packed sort drops
                        case 4 -> Double.longBitsToDouble(ONE + random.nextInt(1 << 14));
                        default ->
                            -Double.longBitsToDouble(ONE + random.nextInt(64)) * (random.nextInt(9) == 0 ? 2 : 1);
                    };
                }
                int[] expected = boxed(keys, n);
                assertArrayEquals(expected, StableOrder.of(keys, n), "n = " + n + ", variant " + variant);
                assertArrayEquals(
                        expected, StableOrder.byMerging(keys, n), "merging, n = " + n + ", variant " + variant);
            }
        }
    }
}

package io.simrt.inference.abc;

import java.util.Arrays;

/**
 * The stable ascending order of {@code double} keys ({@link Double#compare}: ties keep their positions), on primitive
 * arrays. It is the order {@code Arrays.sort} of boxed positions with that comparator gives, without boxing each
 * position and calling a comparator through an interface for every comparison: the caller's merge of a batch into the
 * nearest samples sorted 10,000 boxed positions per batch on the inference thread, which on two cores takes its time
 * from the engines.
 */
final class StableOrder {
    /** Runs shorter than this are sorted by insertion before merging. */
    private static final int RUN = 32;

    private StableOrder() {}

    /** Positions {@code 0..n-1} ordered by {@code keys[position]}, ties by position. */
    static int[] of(double[] keys, int n) {
        int[] packed = byPackedKeys(keys, n);
        return packed != null ? packed : byMerging(keys, n);
    }

    /**
     * The order by one primitive sort of longs: each holds the key's bits in {@link Double#compare}'s order, the lowest
     * bits replaced by the position, so that the longs sort by the key's leading bits, then by position. Keys that share
     * their leading bits but differ in the dropped ones are then put in order by a stable insertion pass, which moves
     * nothing else: a key with other leading bits differs in the same direction. About twice as fast as
     * {@link #byMerging} on 10,000 keys (the first batch of a run, all of whose rows are candidates). Returns null, to
     * fall back on merging, when that pass would move too much: many keys that differ only in their last bits.
     */
    private static int[] byPackedKeys(double[] keys, int n) {
        int positionBits = 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1));
        long positionMask = (1L << positionBits) - 1;
        long[] packed = new long[n];
        for (int i = 0; i < n; i++) {
            long bits = Double.doubleToLongBits(keys[i]);
            // negative doubles order backwards as signed longs: flipping all but the sign bit puts them in order
            bits ^= (bits >> 63) & Long.MAX_VALUE;
            packed[i] = (bits & ~positionMask) | i;
        }
        Arrays.sort(packed);
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = (int) (packed[i] & positionMask);
        }
        long budget = 4L * n + 64;
        for (int i = 1; i < n; i++) {
            int x = a[i];
            double kx = keys[x];
            int j = i - 1;
            while (j >= 0 && Double.compare(keys[a[j]], kx) > 0) {
                a[j + 1] = a[j];
                j--;
                if (--budget < 0) {
                    return null;
                }
            }
            a[j + 1] = x;
        }
        return a;
    }

    /** A stable merge sort of the positions: insertion-sorted runs of {@link #RUN}, then merged pairwise. */
    static int[] byMerging(double[] keys, int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        for (int lo = 0; lo < n; lo += RUN) {
            insertion(a, keys, lo, Math.min(n, lo + RUN));
        }
        int[] b = new int[n];
        for (int width = RUN; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(n, lo + width);
                int hi = Math.min(n, lo + 2 * width);
                merge(a, b, keys, lo, mid, hi);
            }
            int[] t = a;
            a = b;
            b = t;
        }
        return a;
    }

    private static void insertion(int[] a, double[] keys, int lo, int hi) {
        for (int i = lo + 1; i < hi; i++) {
            int x = a[i];
            double kx = keys[x];
            int j = i - 1;
            // strictly greater: an equal key stays after the one before it
            while (j >= lo && Double.compare(keys[a[j]], kx) > 0) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = x;
        }
    }

    private static void merge(int[] from, int[] to, double[] keys, int lo, int mid, int hi) {
        int i = lo;
        int j = mid;
        for (int out = lo; out < hi; out++) {
            // the left run wins ties: its positions come first
            if (i < mid && (j >= hi || Double.compare(keys[from[i]], keys[from[j]]) <= 0)) {
                to[out] = from[i++];
            } else {
                to[out] = from[j++];
            }
        }
    }
}

package io.simrt.inference.abc;

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

package io.simrt.models;

/**
 * Sums and means in numpy's order, for summaries that must agree with numpy to the last bit: numpy reduces a
 * contiguous axis pairwise (docs/python-semantics.md, "Summation order"): below 8 terms left to right;
 * up to 128 terms eight interleaved partial sums combined as {@code ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 +
 * r7))}, then the remainder left to right; above 128 the two halves (the first a multiple of 8 long) recursively.
 * ELFI's MA2 summaries ({@code io.simrt.models.ma2.Ma2Model}) and the generic {@code abc.Summaries} share this code.
 *
 * <p>Stateless; NaN and infinities propagate as in any sum.
 */
public final class NumpySums {
    private NumpySums() {}

    /**
     * {@code sum_{k < n} x[off + k]} in numpy's pairwise order ({@code np.sum} of a contiguous 1-d array); 0 for
     * {@code n = 0}.
     */
    public static double sum(double[] x, int off, int n) {
        if (n < 8) {
            double res = 0.0;
            for (int k = 0; k < n; k++) {
                res += x[off + k];
            }
            return res;
        }
        if (n <= 128) {
            double r0 = x[off];
            double r1 = x[off + 1];
            double r2 = x[off + 2];
            double r3 = x[off + 3];
            double r4 = x[off + 4];
            double r5 = x[off + 5];
            double r6 = x[off + 6];
            double r7 = x[off + 7];
            int k = 8;
            int blocks = n - (n % 8);
            for (; k < blocks; k += 8) {
                int o = off + k;
                r0 += x[o];
                r1 += x[o + 1];
                r2 += x[o + 2];
                r3 += x[o + 3];
                r4 += x[o + 4];
                r5 += x[o + 5];
                r6 += x[o + 6];
                r7 += x[o + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; k < n; k++) {
                res += x[off + k];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return sum(x, off, n2) + sum(x, off + n2, n - n2);
    }

    /** {@code np.mean(x[off:off + n])}: {@link #sum} divided by {@code n}; NaN for {@code n = 0}. */
    public static double mean(double[] x, int off, int n) {
        return sum(x, off, n) / n;
    }

    /**
     * {@code np.var(x[off:off + n])} (ddof 0) as numpy computes it: the mean {@code m} as {@link #mean}, the
     * squared deviations {@code (x[k] - m) * (x[k] - m)} into a temporary array ({@code n} doubles, allocated per
     * call), then their {@link #mean}. NaN for {@code n = 0}.
     */
    public static double variance(double[] x, int off, int n) {
        double m = mean(x, off, n);
        double[] sq = new double[n];
        for (int k = 0; k < n; k++) {
            double d = x[off + k] - m;
            sq[k] = d * d;
        }
        return mean(sq, 0, n);
    }

    /**
     * {@code sum_{k < n} x[off + k + lag] x[off + k]} in numpy's pairwise order (the
     * products formed first, as {@code x[lag:] * x[:-lag]} does, then summed as {@link #sum} sums): ELFI's
     * {@code autocov} numerator.
     */
    public static double lagProductSum(double[] x, int off, int n, int lag) {
        if (n < 8) {
            double res = 0.0;
            for (int k = 0; k < n; k++) {
                res += x[off + k + lag] * x[off + k];
            }
            return res;
        }
        if (n <= 128) {
            int o = off;
            double r0 = x[o + lag] * x[o];
            double r1 = x[o + 1 + lag] * x[o + 1];
            double r2 = x[o + 2 + lag] * x[o + 2];
            double r3 = x[o + 3 + lag] * x[o + 3];
            double r4 = x[o + 4 + lag] * x[o + 4];
            double r5 = x[o + 5 + lag] * x[o + 5];
            double r6 = x[o + 6 + lag] * x[o + 6];
            double r7 = x[o + 7 + lag] * x[o + 7];
            int k = 8;
            int blocks = n - (n % 8);
            for (; k < blocks; k += 8) {
                o = off + k;
                r0 += x[o + lag] * x[o];
                r1 += x[o + 1 + lag] * x[o + 1];
                r2 += x[o + 2 + lag] * x[o + 2];
                r3 += x[o + 3 + lag] * x[o + 3];
                r4 += x[o + 4 + lag] * x[o + 4];
                r5 += x[o + 5 + lag] * x[o + 5];
                r6 += x[o + 6 + lag] * x[o + 6];
                r7 += x[o + 7 + lag] * x[o + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; k < n; k++) {
                res += x[off + k + lag] * x[off + k];
            }
            return res;
        }
        int n2 = n / 2;
        n2 -= n2 % 8;
        return lagProductSum(x, off, n2, lag) + lagProductSum(x, off + n2, n - n2, lag);
    }
}

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

    /**
     * The numerators of ELFI's {@code autocov} at lags 1 and 2 together: {@code out[outOff] =}
     * {@link #lagProductSum}{@code (x, off, n - 1, 1)} and {@code out[outOff + 1] = lagProductSum(x, off, n - 2, 2)},
     * bit for bit, for the series {@code x[off .. off + n)} ({@code n >= 3}). For {@code 10 <= n <= 129} (both sums in
     * numpy's single-block case) one pass over {@code x} feeds the sixteen interleaved partial sums of the two lags;
     * other lengths take two passes.
     */
    public static void lagProductSums1And2(double[] x, int off, int n, double[] out, int outOff) {
        final int n1 = n - 1;
        final int n2 = n - 2;
        if (n2 < 8 || n1 > 128) {
            out[outOff] = lagProductSum(x, off, n1, 1);
            out[outOff + 1] = lagProductSum(x, off, n2, 2);
            return;
        }
        final int b1 = n1 - (n1 % 8);
        final int b2 = n2 - (n2 % 8);
        double x0 = x[off + 0];
        double x1 = x[off + 1];
        double x2 = x[off + 2];
        double x3 = x[off + 3];
        double x4 = x[off + 4];
        double x5 = x[off + 5];
        double x6 = x[off + 6];
        double x7 = x[off + 7];
        double x8 = x[off + 8];
        double x9 = x[off + 9];
        double a0 = x1 * x0;
        double a1 = x2 * x1;
        double a2 = x3 * x2;
        double a3 = x4 * x3;
        double a4 = x5 * x4;
        double a5 = x6 * x5;
        double a6 = x7 * x6;
        double a7 = x8 * x7;
        double c0 = x2 * x0;
        double c1 = x3 * x1;
        double c2 = x4 * x2;
        double c3 = x5 * x3;
        double c4 = x6 * x4;
        double c5 = x7 * x5;
        double c6 = x8 * x6;
        double c7 = x9 * x7;
        int k = 8;
        for (; k < b2; k += 8) {
            x0 = x8;
            x1 = x9;
            x2 = x[off + k + 2];
            x3 = x[off + k + 3];
            x4 = x[off + k + 4];
            x5 = x[off + k + 5];
            x6 = x[off + k + 6];
            x7 = x[off + k + 7];
            x8 = x[off + k + 8];
            x9 = x[off + k + 9];
            a0 += x1 * x0;
            a1 += x2 * x1;
            a2 += x3 * x2;
            a3 += x4 * x3;
            a4 += x5 * x4;
            a5 += x6 * x5;
            a6 += x7 * x6;
            a7 += x8 * x7;
            c0 += x2 * x0;
            c1 += x3 * x1;
            c2 += x4 * x2;
            c3 += x5 * x3;
            c4 += x6 * x4;
            c5 += x7 * x5;
            c6 += x8 * x6;
            c7 += x9 * x7;
        }
        if (b1 > b2) {
            // n1 is a multiple of 8: lag 1 has one more full block than lag 2 (k == b2 here)
            a0 += x[off + k + 1] * x[off + k];
            a1 += x[off + k + 2] * x[off + k + 1];
            a2 += x[off + k + 3] * x[off + k + 2];
            a3 += x[off + k + 4] * x[off + k + 3];
            a4 += x[off + k + 5] * x[off + k + 4];
            a5 += x[off + k + 6] * x[off + k + 5];
            a6 += x[off + k + 7] * x[off + k + 6];
            a7 += x[off + k + 8] * x[off + k + 7];
        }
        double s1 = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
        for (int j = b1; j < n1; j++) {
            s1 += x[off + j + 1] * x[off + j];
        }
        double s2 = ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7));
        for (int j = b2; j < n2; j++) {
            s2 += x[off + j + 2] * x[off + j];
        }
        out[outOff] = s1;
        out[outOff + 1] = s2;
    }
}

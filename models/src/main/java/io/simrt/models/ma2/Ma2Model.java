package io.simrt.models.ma2;

import io.simrt.models.NumpySums;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.Require;

/**
 * The MA(2) simulator of ELFI's {@code examples/ma2.py} (docs/python-semantics.md §7) and its summaries:
 * <pre>
 *   w ~ N(0, 1), shape (batchSize, nObs + 2), drawn row by row
 *   x[i] = (w[i + 2] + t1 w[i + 1]) + t2 w[i],          i = 0 .. nObs - 1
 *   autocov(x, lag) = (1 / (nObs - lag)) sum_i x[lag + i] x[i]      (no centering)
 * </pre>
 * Both are evaluated in numpy's order (the sum pairwise, as {@code np.mean} does), so with the {@code elfi}
 * streams the results agree with ELFI to the last bit or so.
 *
 * <p>Immutable and thread-safe.
 */
public final class Ma2Model {
    private final int nObs;

    private Ma2Model(int nObs) {
        this.nObs = nObs;
    }

    /** @throws ParameterException unless {@code nObs >= 3} (S2 needs at least one lag-2 product) */
    public static Ma2Model of(int nObs) {
        if (nObs < 3) {
            throw ParameterException.of("nObs", nObs, "must be >= 3");
        }
        return new Ma2Model(nObs);
    }

    /** Length of one simulated series. */
    public int nObs() {
        return nObs;
    }

    /**
     * Simulates one series per parameter row: row {@code r} of {@code params} is {@code (t1, t2)} at
     * {@code params[2r], params[2r + 1]}; the series goes to {@code out[r nObs .. (r + 1) nObs)}. Draws
     * {@code nObs + 2} normals per row from {@code rng}, rows in order (numpy's row-major
     * {@code randn(batchSize, nObs + 2)}), and computes {@code x[i] = (w[i+2] + t1 w[i+1]) + t2 w[i]}.
     *
     * @param params    row-major {@code batchSize x 2}, at least {@code 2 batchSize} long, finite
     * @param out       row-major {@code batchSize x nObs}, at least {@code batchSize nObs} long
     * @throws ParameterException if {@code batchSize < 1}, an array is too short, or a parameter is not finite
     */
    public void simulate(double[] params, int batchSize, RandomStream rng, double[] out) {
        checkParams(params, batchSize);
        checkLength("out", out, batchSize, nObs);
        final int n = nObs;
        double[] w = new double[n + 2];
        for (int r = 0; r < batchSize; r++) {
            rng.nextGaussians(w, 0, n + 2);
            series(params[2 * r], params[2 * r + 1], w, n, out, r * n);
        }
    }

    /** {@code x[xOff + i] = (w[i + 2] + t1 w[i + 1]) + t2 w[i]} for {@code i < n}: one row, numpy's order. */
    static void series(double t1, double t2, double[] w, int n, double[] x, int xOff) {
        for (int i = 0; i < n; i++) {
            x[xOff + i] = (w[i + 2] + t1 * w[i + 1]) + t2 * w[i];
        }
    }

    /**
     * ELFI's {@code autocov(x, lag)} per row: {@code out[r] = (1 / (nObs - lag)) sum_{i < nObs - lag}
     * x[r][lag + i] x[r][i]}, no centering; the sum in numpy's pairwise order. NaN or infinite values propagate.
     *
     * @param x   row-major {@code batchSize x nObs}, at least {@code batchSize nObs} long
     * @param lag in {@code [1, nObs)}
     * @param out at least {@code batchSize} long
     * @throws ParameterException if a size is out of range or an array too short
     */
    public static void autocov(double[] x, int batchSize, int nObs, int lag, double[] out) {
        Require.positive("batchSize", batchSize);
        Require.positive("nObs", nObs);
        if (lag < 1 || lag >= nObs) {
            throw ParameterException.of("lag", lag, "must lie in [1, nObs - 1] = [1, " + (nObs - 1) + "]");
        }
        checkLength("x", x, batchSize, nObs);
        if (out.length < batchSize) {
            throw ParameterException.of("out.length", out.length, "must be >= batchSize = " + batchSize);
        }
        int count = nObs - lag;
        for (int r = 0; r < batchSize; r++) {
            out[r] = NumpySums.lagProductSum(x, r * nObs, count, lag) / count;
        }
    }

    /**
     * Both summaries of one series at once: {@code out[outOff] = S1}, {@code out[outOff + 1] = S2} of
     * {@code x[0 .. n)}, bit for bit what {@link NumpySums#lagProductSum} gives for lags 1 and 2 divided by {@code n - 1}
     * and {@code n - 2} ({@link NumpySums#lagProductSums1And2}: one pass for {@code 10 <= n <= 129}).
     */
    static void summaries(double[] x, int n, double[] out, int outOff) {
        NumpySums.lagProductSums1And2(x, 0, n, out, outOff);
        out[outOff] /= n - 1;
        out[outOff + 1] /= n - 2;
    }

    /**
     * The summaries straight from one row of noise: {@code out[outOff] = S1},
     * {@code out[outOff + 1] = S2} of the series {@code x[k] = (w[k + 2] + t1 w[k + 1]) + t2 w[k]}, {@code k < n},
     * bit for bit what {@link #series} followed by {@link #summaries} gives (each {@code x[k]} is the same
     * expression). Only for {@code 10 <= n <= 129} (see {@link #fusable}); {@code x}
     * is scratch of at least {@code n} (the Vector API path writes the series there first).
     */
    static void summariesOfNoise(double[] w, double t1, double t2, int n, double[] x, double[] out, int outOff) {
        Ma2Kernel.get().summaries(w, t1, t2, n, x, out, outOff);
    }

    /** Whether {@link #summariesOfNoise} handles series of length {@code n}: {@code 10 <= n <= 129}. */
    static boolean fusable(int n) {
        return n >= 10 && n <= 129;
    }

    /** Checks batchSize, the length of the row-major {@code batchSize x 2} params and that each is finite. */
    static void checkParams(double[] params, int batchSize) {
        Require.positive("batchSize", batchSize);
        checkLength("params", params, batchSize, 2);
        for (int i = 0; i < 2 * batchSize; i++) {
            if (!Double.isFinite(params[i])) {
                throw ParameterException.of(
                        "params[" + (i / 2) + "]." + (i % 2 == 0 ? "t1" : "t2"), params[i], "must be finite");
            }
        }
    }

    static void checkLength(String what, double[] a, int rows, int cols) {
        long need = (long) rows * cols;
        if (a.length < need) {
            throw ParameterException.of(what + ".length", a.length, "must be >= " + rows + " x " + cols + " = " + need);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ma2Model m && m.nObs == nObs;
    }

    @Override
    public int hashCode() {
        return nObs;
    }

    @Override
    public String toString() {
        return "Ma2Model[nObs=" + nObs + "]";
    }
}

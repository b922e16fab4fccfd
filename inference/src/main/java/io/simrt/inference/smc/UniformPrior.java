package io.simrt.inference.smc;

import io.simrt.models.ModelParams;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.Require;
import java.util.Arrays;

/**
 * The uniform distribution on the box {@code [lo_0, hi_0) x ... x [lo_{d-1}, hi_{d-1})} (QInfer's
 * {@code UniformDistribution}). Immutable; the bound arrays are copied in and out.
 */
public final class UniformPrior implements Prior {
    private final double[] lo;
    private final double[] hi;

    private UniformPrior(double[] lo, double[] hi) {
        this.lo = lo;
        this.hi = hi;
    }

    /**
     * @param lo lower bounds, one per parameter
     * @param hi upper bounds, one per parameter
     * @throws ParameterException unless both have the same length {@code >= 1}, every bound is finite and
     *     {@code lo[i] < hi[i]}
     */
    public static UniformPrior of(double[] lo, double[] hi) {
        if (lo.length != hi.length) {
            throw ParameterException.because(
                    "uniform prior: " + lo.length + " lower bounds but " + hi.length + " upper bounds");
        }
        if (lo.length == 0) {
            throw ParameterException.because("uniform prior: needs at least one parameter");
        }
        for (int i = 0; i < lo.length; i++) {
            Require.finite("lo[" + i + "]", lo[i]);
            Require.finite("hi[" + i + "]", hi[i]);
            if (!(lo[i] < hi[i])) {
                throw ParameterException.of("hi[" + i + "]", hi[i], "must be > lo[" + i + "] = " + lo[i]);
            }
        }
        return new UniformPrior(lo.clone(), hi.clone());
    }

    /** One parameter, uniform on {@code [lo, hi)}. */
    public static UniformPrior of(double lo, double hi) {
        return of(new double[] {lo}, new double[] {hi});
    }

    @Override
    public int nParams() {
        return lo.length;
    }

    public double[] lo() {
        return lo.clone();
    }

    public double[] hi() {
        return hi.clone();
    }

    /**
     * {@code x[i][p] = lo[p] + (hi[p] - lo[p]) * u} with one {@code u = rng.nextDouble()} per element, drawn in
     * row-major order.
     */
    @Override
    public ModelParams sample(int n, RandomStream rng) {
        Require.nonNegative("n", n);
        int d = lo.length;
        double[] out = new double[Math.multiplyExact(n, d)];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < d; p++) {
                out[i * d + p] = lo[p] + (hi[p] - lo[p]) * rng.nextDouble();
            }
        }
        return ModelParams.adopt(n, d, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UniformPrior u && Arrays.equals(u.lo, lo) && Arrays.equals(u.hi, hi);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(lo) + Arrays.hashCode(hi);
    }

    @Override
    public String toString() {
        return "UniformPrior[lo=" + Arrays.toString(lo) + ", hi=" + Arrays.toString(hi) + "]";
    }
}

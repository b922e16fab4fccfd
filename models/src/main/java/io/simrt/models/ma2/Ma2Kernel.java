package io.simrt.models.ma2;

import io.simrt.models.random.VectorModule;
import java.lang.invoke.MethodHandles;

/**
 * The arithmetic of an MA2 batch that has a Vector API path: the prior's inverse CDFs over a batch of uniforms
 * ({@link TrianglePrior#sample}), and the two summaries straight from one row of noise
 * ({@link Ma2Model#summariesOfNoise}). Each vector path does the operations of its scalar twin in the same order, so
 * the two give the same bits (NaNs aside, whose payloads are not promised: a NaN is a NaN either way).
 *
 * <p>The summaries are for series of {@code 10 <= n <= 129}: numpy's pairwise sum of such a short product row is
 * eight running sums, lane {@code i} taking products {@code i, i + 8, i + 16, ...}, combined as {@code ((r0 + r1) +
 * (r2 + r3)) + ((r4 + r5) + (r6 + r7))}, then the remaining products one by one. Eight running sums are one vector of eight doubles, so
 * {@link VectorMa2Kernel} (the JDK's Vector API) and {@link ScalarMa2Kernel} (the fallback) do the same
 * multiplications and additions in the same order and give the same bits; {@link #get} picks the vector one when
 * {@link VectorModule#enabled} and the CPU has vectors of at least four doubles.
 *
 * <p>Stateless and thread-safe.
 */
abstract class Ma2Kernel {
    private static final Ma2Kernel INSTANCE = VectorModule.load(
            MethodHandles.lookup(),
            "io.simrt.models.ma2.VectorMa2Kernel",
            Ma2Kernel.class,
            k -> k.describe() != null,
            ScalarMa2Kernel::new);

    /**
     * {@code out[outOff] = S1}, {@code out[outOff + 1] = S2} of the series {@code x[k] = (w[k + 2] + t1 w[k + 1]) +
     * t2 w[k]}, {@code k < n}, for {@code 10 <= n <= 129}; {@code w} holds at least {@code n + 2} values and
     * {@code x}, scratch the vector path may write the series to, at least {@code n}.
     */
    abstract void summaries(double[] w, double t1, double t2, int n, double[] x, double[] out, int outOff);

    /**
     * {@code u[i] = prior.t1FromUniform(u[i])} for {@code i < n}: {@code sqrt(2 u) b - b} below one half, else
     * {@code -sqrt(2 (1 - u)) b + b}.
     */
    abstract void t1FromUniforms(double[] u, int n, double b);

    /**
     * {@code u[i] = prior.t2FromUniform(t1[i], u[i])} for {@code i < n}: {@code u (a - loc) + loc} with {@code loc =
     * max(-a - t1, t1 - a)}.
     */
    abstract void t2FromUniforms(double[] t1, double[] u, int n, double a);

    /** {@code "vector 512-bit"}, {@code "vector 256-bit"} or {@code "scalar"}; null when unusable here. */
    abstract String describe();

    static Ma2Kernel get() {
        return INSTANCE;
    }

    /** {@code x[k]} of the series, the one expression every path uses. */
    static double x(double[] w, double t1, double t2, int k) {
        return (w[k + 2] + t1 * w[k + 1]) + t2 * w[k];
    }

    /**
     * The end both paths share: {@code s1} and {@code s2} are the combined running sums of the full blocks of eight
     * lag-1 products ({@code b1 = (n - 1) - (n - 1) % 8} of them) and lag-2 products ({@code b2}); adds the remaining
     * products one by one, as numpy does, and divides.
     */
    static void finish(double[] w, double t1, double t2, int n, double s1, double s2, double[] out, int outOff) {
        final int n1 = n - 1;
        final int n2 = n - 2;
        final int b1 = n1 - (n1 % 8);
        final int b2 = n2 - (n2 % 8);
        double xj = x(w, t1, t2, b1);
        for (int j = b1; j < n1; j++) {
            double xNext = x(w, t1, t2, j + 1);
            s1 += xNext * xj;
            xj = xNext;
        }
        for (int j = b2; j < n2; j++) {
            s2 += x(w, t1, t2, j + 2) * x(w, t1, t2, j);
        }
        out[outOff] = s1 / n1;
        out[outOff + 1] = s2 / n2;
    }

    /** {@link #finish} with the series already in {@code x[0 .. n)}: the same products, read instead of computed. */
    static void finishFromSeries(double[] x, int n, double s1, double s2, double[] out, int outOff) {
        final int n1 = n - 1;
        final int n2 = n - 2;
        for (int j = n1 - (n1 % 8); j < n1; j++) {
            s1 += x[j + 1] * x[j];
        }
        for (int j = n2 - (n2 % 8); j < n2; j++) {
            s2 += x[j + 2] * x[j];
        }
        out[outOff] = s1 / n1;
        out[outOff + 1] = s2 / n2;
    }
}

package io.simrt.models.ma2;

import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.Require;
import io.simrt.models.abc.Prior;

/**
 * The MA2 prior of Marin et al. (2012) as ELFI's {@code examples/ma2.py} writes it (docs/python-semantics.md §7): a
 * triangular marginal for {@code t1} and a uniform conditional for {@code t2}.
 * <ul>
 *   <li>{@code t1 ~ CustomPrior1(b)}: pdf {@code 1/b - |t1|/b^2} on {@code [-b, b]};</li>
 *   <li>{@code t2 | t1 ~ CustomPrior2(t1, a)}: uniform on {@code [loc, a]}, {@code loc = max(-a - t1, t1 - a)}.</li>
 * </ul>
 * With ELFI's constants {@code b = 2, a = 1} ({@link #standard()}) the joint law is uniform (density 1/4) on
 * the triangle {@code -1 < t2 < 1, t1 + t2 > -1, t2 - t1 > -1} with vertices (-2, 1), (2, 1), (0, -1).
 *
 * <p>It is a joint {@link Prior} over two columns, so MA2 written through the model-definition API takes it as it is:
 * {@code .parameters(List.of("t1", "t2"), TrianglePrior.standard())}.
 *
 * <p>Immutable and thread-safe. Densities return 0 for NaN arguments (NaN lies in no support).
 */
public final class TrianglePrior implements Prior {
    private final double b;
    private final double a;

    private TrianglePrior(double b, double a) {
        this.b = b;
        this.a = a;
    }

    /**
     * @param b half-width of {@code t1}'s triangular law
     * @param a upper end of {@code t2}'s uniform law
     * @throws ParameterException unless both are finite and {@code > 0}
     */
    public static TrianglePrior of(double b, double a) {
        Require.positive("b", b);
        Require.positive("a", a);
        return new TrianglePrior(b, a);
    }

    /** ELFI's MA2 prior: {@code b = 2, a = 1}. */
    public static TrianglePrior standard() {
        return new TrianglePrior(2, 1);
    }

    public double b() {
        return b;
    }

    public double a() {
        return a;
    }

    /**
     * Inverse CDF of {@code t1} as ELFI's sampler writes it: {@code sqrt(2u) b - b} if {@code u < 0.5}, else
     * {@code -sqrt(2(1 - u)) b + b}. Maps [0, 1] onto [-b, b]; NaN gives NaN, u outside [0, 1] gives NaN or a
     * value outside the support (as ELFI would).
     */
    /** Rows whose uniforms {@link #sample} draws and transforms at a time. */
    private static final int CHUNK = 1024;

    public double t1FromUniform(double u) {
        return t1FromUniform(u, b);
    }

    static double t1FromUniform(double u, double b) {
        return u < 0.5 ? Math.sqrt(2.0 * u) * b - b : -Math.sqrt(2.0 * (1.0 - u)) * b + b;
    }

    /** The lower end of {@code t2}'s range given {@code t1}: {@code loc = max(-a - t1, t1 - a)}. */
    public double t2Lower(double t1) {
        return t2Lower(t1, a);
    }

    private static double t2Lower(double t1, double a) {
        return Math.max(-a - t1, t1 - a);
    }

    /**
     * Inverse CDF of {@code t2 | t1} as ELFI (scipy {@code uniform.rvs(loc, scale)}) computes it:
     * {@code u * (a - loc) + loc}. For {@code |t1| > 2a} the range is empty and the value lies outside it.
     */
    public double t2FromUniform(double t1, double u) {
        return t2FromUniform(t1, u, a);
    }

    static double t2FromUniform(double t1, double u, double a) {
        double loc = t2Lower(t1, a);
        return u * (a - loc) + loc;
    }

    /** Density of {@code t1}: {@code max(0, 1/b - |t1|/b^2)}; 0 outside [-b, b] and for NaN. */
    public double pdfT1(double t1) {
        double p = 1.0 / b - Math.abs(t1) / (b * b);
        return p > 0 ? p : 0.0;
    }

    /**
     * CDF of {@code t1}: 0 below {@code -b}; {@code (t1 + b)^2 / (2 b^2)} on [-b, 0]; {@code 1 - (b - t1)^2 / (2 b^2)}
     * on [0, b]; 1 above {@code b}. NaN gives NaN.
     */
    public double cdfT1(double t1) {
        if (t1 <= -b) {
            return 0.0;
        }
        if (t1 >= b) {
            return 1.0;
        }
        double twoB2 = 2.0 * b * b;
        return t1 < 0 ? (t1 + b) * (t1 + b) / twoB2 : 1.0 - (b - t1) * (b - t1) / twoB2;
    }

    /**
     * Density of {@code t2 | t1}: {@code 1 / scale} on {@code [loc, loc + scale]} (ends included, as scipy),
     * {@code scale = a - loc}; 0 outside, when {@code scale <= 0} (|t1| >= 2a), and for NaN.
     */
    public double pdfT2(double t2, double t1) {
        double loc = t2Lower(t1);
        double scale = a - loc;
        if (!(scale > 0)) {
            return 0.0;
        }
        return t2 >= loc && t2 <= loc + scale ? 1.0 / scale : 0.0;
    }

    /**
     * CDF of {@code t2 | t1}: {@code (t2 - loc) / scale} clipped to [0, 1]; NaN when {@code scale <= 0} or an
     * argument is NaN.
     */
    public double cdfT2(double t2, double t1) {
        double loc = t2Lower(t1);
        double scale = a - loc;
        if (!(scale > 0) || Double.isNaN(t2)) {
            return Double.NaN;
        }
        return Math.min(1.0, Math.max(0.0, (t2 - loc) / scale));
    }

    /**
     * Joint density {@code pdfT1(t1) * pdfT2(t2 | t1)} (1/4 on the triangle for the standard prior); 0 outside
     * and for NaN.
     */
    public double density(double t1, double t2) {
        double p1 = pdfT1(t1);
        return p1 == 0.0 ? 0.0 : p1 * pdfT2(t2, t1);
    }

    /**
     * Draws {@code batchSize} pairs into {@code out} (row-major {@code batchSize x 2}: {@code out[2i] = t1},
     * {@code out[2i + 1] = t2}) in ELFI's order: first {@code batchSize} uniforms for all t1, then
     * {@code batchSize} uniforms for all t2.
     *
     * @throws ParameterException if {@code batchSize < 1} or {@code out} is shorter than {@code 2 batchSize}
     */
    public void sample(int batchSize, RandomStream rng, double[] out) {
        Require.positive("batchSize", batchSize);
        if (out.length < 2L * batchSize) {
            throw ParameterException.of("paramsOut.length", out.length, "must be >= batchSize x 2 = " + 2L * batchSize);
        }
        sample(batchSize, rng, out, 2, 0);
    }

    /** {@code (t1, t2)}: two columns. */
    @Override
    public int dimension() {
        return 2;
    }

    /**
     * Draws {@code batchSize} pairs into columns {@code column} (t1) and {@code column + 1} (t2) of the row-major
     * {@code batchSize x nParams} {@code params}, in ELFI's order: first {@code batchSize} uniforms for all t1, then
     * {@code batchSize} uniforms for all t2.
     */
    @Override
    public void sample(int batchSize, RandomStream rng, double[] params, int nParams, int column) {
        // every t1 uniform of the batch, then every t2 one; the inverse CDFs a chunk at a time (Ma2Kernel: on the
        // Vector API when the JVM has it)
        Ma2Kernel k = Ma2Kernel.get();
        int chunk = Math.min(batchSize, CHUNK);
        double[] t1 = new double[chunk];
        double[] u = new double[chunk];
        for (int from = 0; from < batchSize; from += chunk) {
            int m = Math.min(chunk, batchSize - from);
            rng.nextDoubles(t1, 0, m);
            k.t1FromUniforms(t1, m, b);
            for (int i = 0; i < m; i++) {
                params[(from + i) * nParams + column] = t1[i];
            }
        }
        for (int from = 0; from < batchSize; from += chunk) {
            int m = Math.min(chunk, batchSize - from);
            for (int i = 0; i < m; i++) {
                t1[i] = params[(from + i) * nParams + column];
            }
            rng.nextDoubles(u, 0, m);
            k.t2FromUniforms(t1, u, m, a);
            for (int i = 0; i < m; i++) {
                params[(from + i) * nParams + column + 1] = u[i];
            }
        }
    }

    /** {@link #density(double, double)} of {@code (values[offset], values[offset + 1])}. */
    @Override
    public double density(double[] values, int offset) {
        return density(values[offset], values[offset + 1]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TrianglePrior p && Double.compare(p.b, b) == 0 && Double.compare(p.a, a) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(b) * 31 + Double.hashCode(a);
    }

    @Override
    public String toString() {
        return "TrianglePrior[b=" + b + ", a=" + a + "]";
    }
}

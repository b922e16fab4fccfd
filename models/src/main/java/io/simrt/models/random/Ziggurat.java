package io.simrt.models.random;

/**
 * The {@code fast} family's standard normals: Marsaglia and Tsang's ziggurat (2000) with 256 layers, drawn in
 * {@value #LANES} independent XoShiRo256++ lanes so that a vector unit can run them side by side
 * ({@link NormalKernel}).
 *
 * <p><b>The sequence.</b> A stream's normals come in fills of {@value #FILL}: round {@code r} ({@code 0 <= r <
 * }{@value #ROUNDS}) takes one 64-bit word {@code v} from each lane {@code k} and gives the fill's value
 * {@code 8 r + k}:
 * <pre>
 *   i = v &amp; 0xFF                                                  the layer
 *   u = longBitsToDouble((v &gt;&gt;&gt; 12) | 0x3FF0_0000_0000_0000) - 1.5     uniform on [-1/2, 1/2), exact
 *   x = u * W[i]                                                 W[i] = 2 x_i, the layer's width
 *   accept x when |x| &lt; INNER[i]                                 INNER[i] = x_(i+1), inside the curve (98.5%)
 * </pre>
 * A candidate not accepted is finished by {@link #slow} (the wedge test, the tail beyond {@code r}, or new tries),
 * which draws only from a ninth generator, the <em>patch</em> lane, and handles the rejected candidates of a fill
 * in increasing position. Only integer operations, one IEEE subtraction, one IEEE multiplication and a comparison
 * decide a value on the fast path, and the slow path is this one scalar method with {@link StrictMath}, so every
 * implementation that keeps this order gives the same bits, whatever its vector width.
 *
 * <p><b>The tables.</b> With {@code f(x) = exp(-x^2 / 2)}, {@code r = x_1 = }{@value #R} and
 * {@code V = r f(r) + integral_r^inf f = }{@value #V} (solved so that the top layer closes at {@code f = 1}), the
 * layer edges are {@code x_(i+1) = sqrt(-2 log(f(x_i) + V / x_i))} for {@code 1 <= i < 255}, {@code x_256 = 0}, and
 * the base layer {@code i = 0} (the rectangle below {@code f(r)} and the tail) has width {@code x_0 = V / f(r)}.
 * Each layer has area {@code V}. The tables are computed once with {@link StrictMath}, so they are the same on
 * every JVM.
 */
final class Ziggurat {
    /** Independent generator lanes of the normals. */
    static final int LANES = 8;

    /** Rounds per fill: every lane gives this many candidates. */
    static final int ROUNDS = 64;

    /** Normals per fill. */
    static final int FILL = LANES * ROUNDS;

    /** The tail's start {@code x_1}. */
    static final double R = 3.654152885361009;

    /** The area of every layer. */
    static final double V = 0.004928673233974655;

    /** The bits of 1.0: OR'ed onto 52 random mantissa bits gives a double in [1, 2). */
    static final long ONE_BITS = 0x3FF0_0000_0000_0000L;

    /** {@code W[i] = 2 x_i}: a uniform on [-1/2, 1/2) times this is uniform across layer i. */
    static final double[] W = new double[256];

    /** {@code INNER[i] = x_(i+1)}: a candidate of layer i below this lies under the curve ({@code INNER[255] = 0}). */
    static final double[] INNER = new double[256];

    /** {@code F[i] = f(x_i)} for {@code 1 <= i <= 256} ({@code F[256] = 1}); {@code F[0]} is unused. */
    private static final double[] F = new double[257];

    /** {@code X[i] = x_i}. */
    private static final double[] X = new double[257];

    /** {@code 1 / (x_i - x_(i+1))}: the wedge of layer {@code i >= 1} is {@code x_(i+1) <= |x| < x_i}. */
    private static final double[] INV_WIDTH = new double[256];

    /**
     * Squeeze bounds of the wedge test of layer {@code i >= 1}: with {@code t = (x_i - |x|) / (x_i - x_(i+1))} (the
     * chord) and {@code g = (f(x) - f(x_i)) / (f(x_(i+1)) - f(x_i))} (the curve), {@code LO[i] <= g - t <= HI[i]}.
     */
    private static final double[] LO = new double[256];

    private static final double[] HI = new double[256];

    static {
        double[] x = new double[257];
        x[0] = V / f(R);
        x[1] = R;
        for (int i = 1; i < 255; i++) {
            x[i + 1] = StrictMath.sqrt(-2 * StrictMath.log(f(x[i]) + V / x[i]));
        }
        x[256] = 0;
        for (int i = 0; i < 256; i++) {
            W[i] = 2 * x[i];
            INNER[i] = x[i + 1];
        }
        for (int i = 1; i <= 256; i++) {
            F[i] = f(x[i]);
        }
        System.arraycopy(x, 0, X, 0, 257);
        for (int i = 1; i < 256; i++) {
            INV_WIDTH[i] = 1 / (x[i] - x[i + 1]);
            squeeze(i);
        }
    }

    /**
     * {@link #LO} and {@link #HI} of layer {@code i}: the extremes of {@code g - t} over 1025 points of the wedge,
     * widened by the largest second difference (which bounds what the points can miss between them, as
     * {@code g - t} is smooth) and 1e-12.
     */
    private static void squeeze(int i) {
        final int m = 1024;
        double a = X[i + 1];
        double b = X[i];
        double[] d = new double[m + 1];
        double lo = 0;
        double hi = 0;
        for (int s = 0; s <= m; s++) {
            double ax = a + (b - a) * s / m;
            double t = (b - ax) / (b - a);
            double g = (f(ax) - F[i]) / (F[i + 1] - F[i]);
            d[s] = g - t;
            lo = Math.min(lo, d[s]);
            hi = Math.max(hi, d[s]);
        }
        double second = 0;
        for (int s = 1; s < m; s++) {
            second = Math.max(second, Math.abs(d[s + 1] - 2 * d[s] + d[s - 1]));
        }
        LO[i] = lo - second - 1e-12;
        HI[i] = hi + second + 1e-12;
    }

    private Ziggurat() {}

    private static double f(double x) {
        return StrictMath.exp(-0.5 * x * x);
    }

    /** The fast path of one word: the candidate {@code x} of layer {@code v & 0xFF} (accepted or not). */
    static double candidate(long v, int i) {
        return (Double.longBitsToDouble((v >>> 12) | ONE_BITS) - 1.5) * W[i];
    }

    /**
     * Finishes the rejected candidates of a fill: {@code out[q] = slow(layer[q], out[q], patch)} for each position
     * {@code q} of {@code pos[0, n)}, in increasing position (sorts {@code pos[0, n)} first when {@code sort}).
     */
    static void patch(double[] out, int[] layer, int[] pos, int n, long[] patch, boolean sort) {
        if (sort) {
            // insertion sort: a few positions per fill
            for (int a = 1; a < n; a++) {
                int q = pos[a];
                int b = a - 1;
                while (b >= 0 && pos[b] > q) {
                    pos[b + 1] = pos[b];
                    b--;
                }
                pos[b + 1] = q;
            }
        }
        for (int j = 0; j < n; j++) {
            int q = pos[j];
            out[q] = slow(layer[q], out[q], patch);
        }
    }

    /**
     * A standard normal from the candidate {@code x} of layer {@code i} that failed {@code |x| < INNER[i]}, drawing
     * from the patch lane's XoShiRo256++ state {@code p} (four words, updated): the tail when {@code i = 0}, the
     * wedge test otherwise, and whole new tries from {@code p} while those reject.
     */
    static double slow(int i, double x, long[] p) {
        for (; ; ) {
            if (i == 0) {
                // |x| >= R: Marsaglia's tail, r + a with a ~ Exp(r) accepted with probability exp(-a^2 / 2)
                double a;
                double b;
                do {
                    a = -StrictMath.log(openUniform(next(p))) / R;
                    b = -StrictMath.log(openUniform(next(p)));
                } while (b + b < a * a);
                return x < 0 ? -(R + a) : R + a;
            }
            // the wedge: accept when u < g = (f(x) - f(x_i)) / (f(x_(i+1)) - f(x_i)); the chord t decides
            // without exp unless u falls within the squeeze bounds of it
            double u = uniform(next(p));
            double t = (X[i] - Math.abs(x)) * INV_WIDTH[i];
            if (u < t + LO[i]) {
                return x;
            }
            if (u < t + HI[i] && F[i] + u * (F[i + 1] - F[i]) < f(x)) {
                return x;
            }
            long v = next(p);
            i = (int) v & 0xFF;
            x = candidate(v, i);
            if (Math.abs(x) < INNER[i]) {
                return x;
            }
        }
    }

    /** {@code (v >>> 11) 2^-53}: uniform on [0, 1). */
    private static double uniform(long v) {
        return (v >>> 11) * 0x1.0p-53;
    }

    /** {@code ((v >>> 11) + 1) 2^-53}: uniform on (0, 1], for logarithms. */
    private static double openUniform(long v) {
        return ((v >>> 11) + 1) * 0x1.0p-53;
    }

    /** XoShiRo256++'s next output from the four words {@code s[0..3]}, which it updates. */
    static long next(long[] s) {
        long s0 = s[0];
        long s1 = s[1];
        long s2 = s[2];
        long s3 = s[3];
        long result = Long.rotateLeft(s0 + s3, 23) + s0;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        s[0] = s0;
        s[1] = s1;
        s[2] = s2;
        s[3] = s3;
        return result;
    }
}

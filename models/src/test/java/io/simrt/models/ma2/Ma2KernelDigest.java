package io.simrt.models.ma2;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import java.util.Arrays;

/**
 * The inputs {@link Ma2KernelTest} tries the MA2 kernels on, and a digest of what this JVM's kernel makes of them,
 * printed for the test's child JVMs (scalar, 256-bit and 512-bit vectors).
 */
public final class Ma2KernelDigest {
    private Ma2KernelDigest() {}

    /** Values that try the order of operations: signed zeros, infinities, NaN, huge, tiny and ordinary ones. */
    static final double[] ODD = {
        0.0,
        -0.0,
        1.0,
        -1.0,
        Double.MIN_VALUE,
        -Double.MIN_VALUE,
        1e300,
        -1e300,
        1e-300,
        Double.POSITIVE_INFINITY,
        Double.NEGATIVE_INFINITY,
        Double.NaN,
        0.1,
        3.0e16
    };

    /** Uniforms at the edges of the inverse CDF's two halves, and outside [0, 1]. */
    static final double[] EDGES = {
        0.0,
        0.5,
        Math.nextDown(0.5),
        Math.nextUp(0.5),
        Math.nextDown(1.0),
        1.0,
        Double.MIN_VALUE,
        0.25,
        0.75,
        -0.0,
        -0.5,
        1.5,
        Double.NaN,
        Double.POSITIVE_INFINITY
    };

    /** Repetitions per series length: enough calls for the JIT's last tier to compile the kernel. */
    static final int REPS = 200;

    /**
     * Fills {@code w} (exactly {@code n + 2} long) and {@code t = (t1, t2)} with the noise of case {@code rep}:
     * normals; normals with a tenth scaled by 1e8 (cancellation, where the order of additions shows in the last
     * bits); odd values; all zeros of one sign; and a series alternating +-1e-200 with t1 = t2 = 0, whose lag-1
     * products all underflow to -0.0, so that S1 is -0.0 only if the running sums start at the first products.
     */
    static void row(RandomStream rng, int rep, double[] w, double[] t) {
        rng.nextGaussians(w, 0, w.length);
        t[0] = 4 * rng.nextDouble() - 2;
        t[1] = 2 * rng.nextDouble() - 1;
        switch (rep % 5) {
            case 1 -> {
                for (int i = 0; i < w.length; i++) {
                    w[i] *= rng.nextDouble() < 0.1 ? 1e8 : 1;
                }
            }
            case 2 -> {
                for (int i = 0; i < w.length; i++) {
                    w[i] = rng.nextDouble() < 0.3 ? ODD[(int) (rng.nextDouble() * ODD.length)] : w[i];
                }
                t[0] = rep % 10 == 2 ? ODD[rep % ODD.length] : t[0];
            }
            case 3 -> {
                Arrays.fill(w, rep % 10 == 3 ? -0.0 : 0.0);
                t[0] = rep % 20 == 3 ? -0.0 : 0.0;
                t[1] = -t[0];
            }
            case 4 -> {
                for (int i = 0; i < w.length; i++) {
                    w[i] = i % 2 == 0 ? 1e-200 : -1e-200;
                }
                t[0] = 0.0;
                t[1] = 0.0;
            }
            default -> {}
        }
    }

    /** {@code n} uniforms, a fifth of them replaced by {@link #EDGES}. */
    static double[] uniforms(RandomStream rng, int n) {
        double[] u = new double[n];
        rng.nextDoubles(u, 0, n);
        for (int i = 0; i < n; i++) {
            if (rng.nextDouble() < 0.2) {
                u[i] = EDGES[(int) (rng.nextDouble() * EDGES.length)];
            }
        }
        return u;
    }

    /**
     * A hash of this JVM's kernel's S1 and S2 for {@link #REPS} rows of every case at every length the fused path
     * takes, of both inverse CDFs over uniforms with edges, and of a prior batch; then the kernel's name. NaNs are
     * hashed as one value: the kernels promise the same numbers, not the same NaN payloads.
     */
    static String digest() {
        long hash = 17;
        RandomStream rng = RandomStreams.of(RngFamily.FAST, 11).block(0);
        Ma2Kernel k = Ma2Kernel.get();
        double[] t = new double[2];
        double[] s = new double[2];
        for (int n = 10; n <= 129; n++) {
            double[] w = new double[n + 2];
            double[] x = new double[n];
            for (int rep = 0; rep < REPS; rep++) {
                row(rng, rep, w, t);
                k.summaries(w, t[0], t[1], n, x, s, 0);
                hash = (hash * 31 + Double.doubleToLongBits(s[0])) * 31 + Double.doubleToLongBits(s[1]);
            }
        }
        for (int n : new int[] {1, 7, 13, 1000}) {
            for (int rep = 0; rep < REPS; rep++) {
                double[] u = uniforms(rng, n);
                double[] v = uniforms(rng, n);
                k.t1FromUniforms(u, n, 2);
                k.t2FromUniforms(u, v, n, 1);
                for (int i = 0; i < n; i++) {
                    hash = (hash * 31 + Double.doubleToLongBits(u[i])) * 31 + Double.doubleToLongBits(v[i]);
                }
            }
        }
        double[] params = new double[2 * 1003];
        TrianglePrior.standard().sample(1003, rng, params);
        for (double v : params) {
            hash = hash * 31 + Double.doubleToLongBits(v);
        }
        return Long.toHexString(hash) + " " + k.describe();
    }

    public static void main(String[] args) {
        System.out.println(digest());
    }
}

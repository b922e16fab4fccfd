package io.simrt.models.ma2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.simrt.models.ChildJvm;
import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MA2's summaries and prior are the same numbers from the Vector API path (this module's tests run with {@code
 * --add-modules jdk.incubator.vector}) and from the scalar one: a run's answer must not depend on the JVM's flags or
 * CPU. This JVM compares the two paths at the CPU's preferred width; child JVMs digest the same cases at 256 and 512
 * bits and on the scalar path.
 */
class Ma2KernelTest {
    @Test
    void theTestsRunTheVectorPath() {
        assertInstanceOf(VectorMa2Kernel.class, Ma2Kernel.get(), Ma2Kernel.get().describe());
    }

    @Test
    void vectorAndScalarPathsGiveTheSameBits() {
        Ma2Kernel vector = new VectorMa2Kernel();
        Ma2Kernel scalar = new ScalarMa2Kernel();
        RandomStream rng = RandomStreams.of(RngFamily.FAST, 5).block(1);
        double[] t = new double[2];
        double[] v = new double[3];
        double[] s = new double[3];
        for (int n = 10; n <= 129; n++) {
            // noise and scratch exactly as long as promised: the vector path must not read or write past them
            double[] w = new double[n + 2];
            for (int rep = 0; rep < Ma2KernelDigest.REPS; rep++) {
                Ma2KernelDigest.row(rng, rep, w, t);
                vector.summaries(w, t[0], t[1], n, new double[n], v, 1);
                scalar.summaries(w, t[0], t[1], n, new double[n], s, 1);
                assertArrayEquals(s, v, "n " + n + ", rep " + rep);
            }
        }
    }

    /** The case whose lag-1 products are all -0.0 gives S1 = -0.0 (the sums start at the first products). */
    @Test
    void productsOfNegativeZeroSumToNegativeZero() {
        double[] w = new double[102];
        double[] t = new double[2];
        Ma2KernelDigest.row(RandomStreams.of(RngFamily.FAST, 1).block(0), 4, w, t);
        double[] s = new double[2];
        new VectorMa2Kernel().summaries(w, t[0], t[1], 100, new double[100], s, 0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(s[0]), "S1 = " + s[0]);
    }

    @Test
    void vectorAndScalarPriorsGiveTheSameBits() {
        Ma2Kernel vector = new VectorMa2Kernel();
        Ma2Kernel scalar = new ScalarMa2Kernel();
        RandomStream rng = RandomStreams.of(RngFamily.FAST, 8).block(2);
        for (double b : new double[] {2, 3, 0.7, 1e-3, 1e300}) {
            for (double a : new double[] {1, 0.3, 5, 1e-300}) {
                // lengths that leave a scalar tail after whole vectors, and that fit no vector
                for (int n : new int[] {1, 7, 8, 13, 1000}) {
                    double[] u = new double[n];
                    double[] w = new double[n];
                    for (int rep = 0; rep < 20; rep++) {
                        System.arraycopy(Ma2KernelDigest.uniforms(rng, n), 0, u, 0, n);
                        rng.nextDoubles(w, 0, n);
                        double[] t1v = u.clone();
                        double[] t1s = u.clone();
                        vector.t1FromUniforms(t1v, n, b);
                        scalar.t1FromUniforms(t1s, n, b);
                        assertArrayEquals(t1s, t1v, "t1, b " + b + ", n " + n);
                        for (int i = 0; i < n; i++) {
                            // t1 values the inverse CDF never gives, too: signed zeros, NaN, infinities
                            if (rng.nextDouble() < 0.1) {
                                t1s[i] = Ma2KernelDigest.ODD[(int) (rng.nextDouble() * Ma2KernelDigest.ODD.length)];
                            }
                        }
                        double[] t2v = w.clone();
                        double[] t2s = w.clone();
                        vector.t2FromUniforms(t1s, t2v, n, a);
                        scalar.t2FromUniforms(t1s, t2s, n, a);
                        assertArrayEquals(t2s, t2v, "t2, a " + a + ", n " + n);
                    }
                }
            }
        }
    }

    @Test
    void theBatchPriorDrawsWhatOneAtATimeDraws() {
        TrianglePrior prior = TrianglePrior.standard();
        int n = 1001;
        double[] params = new double[2 * n];
        prior.sample(n, RandomStreams.of(RngFamily.ELFI, 3).block(4), params);
        RandomStream one = RandomStreams.of(RngFamily.ELFI, 3).block(4);
        double[] expected = new double[2 * n];
        for (int i = 0; i < n; i++) {
            expected[2 * i] = prior.t1FromUniform(one.nextDouble());
        }
        for (int i = 0; i < n; i++) {
            expected[2 * i + 1] = prior.t2FromUniform(expected[2 * i], one.nextDouble());
        }
        assertArrayEquals(expected, params);
    }

    @Test
    void scalarJvmsAnd256BitVectorsGiveTheSameBitsAsThisJvm() throws Exception {
        String expected = Ma2KernelDigest.digest().split(" ")[0];
        assertEquals(expected + " scalar", child(List.of("-Dsimrt.vector=false")));
        assertEquals(expected + " scalar", child(List.of()), "module not resolved");
        assertEquals(
                expected + " vector 256-bit",
                child(List.of("--add-modules", "jdk.incubator.vector", "-Dsimrt.vector.bits=256")));
        assertEquals(
                expected + " vector 512-bit",
                child(List.of("--add-modules", "jdk.incubator.vector", "-Dsimrt.vector.bits=512")));
    }

    private static String child(List<String> flags) throws Exception {
        return ChildJvm.lastLine(Ma2KernelDigest.class, flags);
    }
}

package io.simrt.models.ma2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MA2's summaries from noise are the same bits from the Vector API path (this module's tests run with {@code
 * --add-modules jdk.incubator.vector}) and from the scalar one, at either vector width: a run's answer must not
 * depend on the JVM's flags or CPU.
 */
class Ma2KernelTest {
    /** Values that try the order of operations: signed zeros, infinities, NaN, huge, tiny and ordinary ones. */
    private static final double[] ODD = {
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

    @Test
    void theTestsRunTheVectorPath() {
        assertInstanceOf(VectorMa2Kernel.class, Ma2Kernel.get(), Ma2Kernel.get().describe());
    }

    @Test
    void vectorAndScalarPathsGiveTheSameBits() {
        Ma2Kernel vector = new VectorMa2Kernel();
        Ma2Kernel scalar = new ScalarMa2Kernel();
        RandomStream rng = RandomStreams.of(RngFamily.FAST, 5).block(1);
        double[] w = new double[131];
        double[] v = new double[3];
        double[] s = new double[3];
        for (int n = 10; n <= 129; n++) {
            for (int rep = 0; rep < 200; rep++) {
                rng.nextGaussians(w, 0, w.length);
                double t1 = 4 * rng.nextDouble() - 2;
                double t2 = 2 * rng.nextDouble() - 1;
                if (rep % 4 == 1) {
                    // cancellation: huge values whose order of addition shows in the last bits
                    for (int i = 0; i < w.length; i++) {
                        w[i] *= rng.nextDouble() < 0.1 ? 1e8 : 1;
                    }
                } else if (rep % 4 == 2) {
                    for (int i = 0; i < w.length; i++) {
                        w[i] = rng.nextDouble() < 0.3 ? ODD[(int) (rng.nextDouble() * ODD.length)] : w[i];
                    }
                    t1 = rep % 8 == 2 ? ODD[rep % ODD.length] : t1;
                } else if (rep % 4 == 3) {
                    java.util.Arrays.fill(w, rep % 8 == 3 ? -0.0 : 0.0);
                    t1 = rep % 16 == 3 ? -0.0 : 0.0;
                    t2 = -t1;
                }
                // the scratch row exactly n long: the vector path must not read or write past it
                vector.summaries(w, t1, t2, n, new double[n], v, 1);
                scalar.summaries(w, t1, t2, n, new double[n], s, 1);
                assertArrayEquals(s, v, "n " + n + ", rep " + rep);
            }
        }
    }

    /** Uniforms at the edges of the inverse CDF's two halves, and outside [0, 1]. */
    private static final double[] EDGES = {
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
                        rng.nextDoubles(u, 0, n);
                        rng.nextDoubles(w, 0, n);
                        for (int i = 0; i < n; i++) {
                            if (rng.nextDouble() < 0.2) {
                                u[i] = EDGES[(int) (rng.nextDouble() * EDGES.length)];
                            }
                        }
                        double[] t1v = u.clone();
                        double[] t1s = u.clone();
                        vector.t1FromUniforms(t1v, n, b);
                        scalar.t1FromUniforms(t1s, n, b);
                        assertArrayEquals(t1s, t1v, "t1, b " + b + ", n " + n);
                        for (int i = 0; i < n; i++) {
                            // t1 values the inverse CDF never gives, too: signed zeros, NaN, infinities
                            if (rng.nextDouble() < 0.1) {
                                t1s[i] = ODD[(int) (rng.nextDouble() * ODD.length)];
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

    private static String child(List<String> flags) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(flags);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Ma2KernelDigest.class.getName());
        Process p = new ProcessBuilder(cmd)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertEquals(0, p.waitFor(), String.join(" ", cmd));
        return out;
    }
}

package io.simrt.models.ma2;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.ParameterException;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TrianglePriorTest {
    private static final double TOL = 1e-9;
    private final TrianglePrior prior = TrianglePrior.standard();

    @Test
    void inverseCdfValuesMatchTheClosedForm() {
        assertEquals(-1.105572809, prior.t1FromUniform(0.1), TOL);
        assertEquals(0.0, prior.t1FromUniform(0.5), TOL);
        assertEquals(1.105572809, prior.t1FromUniform(0.9), TOL);
        assertEquals(-2.0, prior.t1FromUniform(0.0), 0.0);

        assertEquals(-1.0, prior.t2Lower(0));
        assertEquals(0.0, prior.t2FromUniform(0, 0.5), TOL);
        assertEquals(0.0, prior.t2Lower(1));
        assertEquals(0.5, prior.t2FromUniform(1, 0.5), TOL);
        assertEquals(0.5, prior.t2Lower(-1.5));
        assertEquals(0.625, prior.t2FromUniform(-1.5, 0.25), TOL);
    }

    @Test
    void cdfInvertsTheSampler() {
        for (double u = 0.0; u <= 1.0; u += 0.01) {
            assertEquals(u, prior.cdfT1(prior.t1FromUniform(u)), 1e-12, "u = " + u);
            assertEquals(u, prior.cdfT2(prior.t2FromUniform(0.7, u), 0.7), 1e-12, "u = " + u);
        }
        assertEquals(0.0, prior.cdfT1(-3));
        assertEquals(1.0, prior.cdfT1(3));
        assertTrue(Double.isNaN(prior.cdfT2(0, 2.5)), "empty t2 range");
    }

    @Test
    void densities() {
        assertEquals(0.5, prior.pdfT1(0), 0);
        assertEquals(0.25, prior.pdfT1(1), 0);
        assertEquals(0.0, prior.pdfT1(2), 0);
        assertEquals(0.0, prior.pdfT1(-2.5), 0);
        assertEquals(0.0, prior.pdfT1(Double.NaN), 0);

        assertEquals(0.5, prior.pdfT2(0.3, 0), 0);
        assertEquals(0.5, prior.pdfT2(-1, 0), 0, "lower end included");
        assertEquals(0.5, prior.pdfT2(1, 0), 0, "upper end included");
        assertEquals(0.0, prior.pdfT2(-1.01, 0), 0);
        assertEquals(1.0, prior.pdfT2(0.5, 1), 0);
        assertEquals(0.0, prior.pdfT2(1, 2), 0, "scale 0 guarded");
        assertEquals(0.0, prior.pdfT2(1, 2.5), 0, "negative scale guarded");
        assertEquals(0.0, prior.pdfT2(Double.NaN, 0), 0);

        // joint: 1/4 on the triangle, 0 outside
        for (double[] inside : new double[][] {{0, 0}, {1.5, 0.9}, {-1.5, 0.9}, {0.1, -0.85}, {1, 0.01}}) {
            assertEquals(0.25, prior.density(inside[0], inside[1]), 1e-15, Arrays.toString(inside));
        }
        for (double[] outside :
                new double[][] {{0, 1.1}, {0, -1.1}, {1, -0.1}, {-1, -0.1}, {2.5, 1}, {Double.NaN, 0}}) {
            assertEquals(0.0, prior.density(outside[0], outside[1]), 0, Arrays.toString(outside));
        }
    }

    @Test
    void batchSamplingUsesElfisOrder() {
        // uniforms for t1 of every row first, then for t2 of every row
        ScriptedStream rng = ScriptedStream.uniforms(0.1, 0.5, 0.9, 0.5, 0.5, 0.25);
        double[] out = new double[6];
        prior.sample(3, rng, out);
        assertEquals(6, rng.uniformsUsed());
        double t1a = prior.t1FromUniform(0.1);
        double t1c = prior.t1FromUniform(0.9);
        assertArrayEquals(
                new double[] {t1a, prior.t2FromUniform(t1a, 0.5), 0.0, 0.0, t1c, prior.t2FromUniform(t1c, 0.25)},
                out,
                0.0);
    }

    @Test
    void badConstantsAndShapesAreRejected() {
        assertMessage(() -> TrianglePrior.of(0, 1), "b = 0.0", "> 0");
        assertMessage(() -> TrianglePrior.of(-2, 1), "b = -2.0", "> 0");
        assertMessage(() -> TrianglePrior.of(Double.NaN, 1), "b = NaN", "> 0");
        assertMessage(() -> TrianglePrior.of(2, Double.POSITIVE_INFINITY), "a = Infinity", "finite");
        assertMessage(() -> prior.sample(0, ScriptedStream.uniforms(), new double[2]), "batchSize = 0", "> 0");
        assertMessage(
                () -> prior.sample(2, ScriptedStream.uniforms(), new double[3]),
                "paramsOut.length = 3",
                ">= batchSize x 2 = 4");
        assertEquals(TrianglePrior.of(2, 1), TrianglePrior.standard());
    }

    /**
     * 100,000 draws from a fixed-seed fast stream. Every draw lies in the (closed) triangle; the t1 marginal has
     * the triangular CDF and {@code (t2 - loc) / scale} is uniform on [0, 1] (KS statistic below the alpha = 0.001
     * critical value 1.949 / sqrt(n)); the mean of t1 is within 5 standard errors of 0 (sd of t1 = b / sqrt(6)).
     */
    @Test
    void samplesFollowThePrior() {
        int n = 100_000;
        double[] p = new double[2 * n];
        prior.sample(n, RandomStreams.of(RngFamily.FAST, 77).block(0), p);
        double[] t1 = new double[n];
        double[] v = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            double a = p[2 * i];
            double b = p[2 * i + 1];
            assertTrue(b <= 1 && a + b >= -1 - 1e-12 && b - a >= -1 - 1e-12, "outside the triangle: " + a + ", " + b);
            t1[i] = a;
            v[i] = prior.cdfT2(b, a);
            sum += a;
        }
        double critical = 1.949 / Math.sqrt(n);
        assertTrue(ks(t1, prior::cdfT1) < critical, "t1 marginal");
        assertTrue(ks(v, x -> x) < critical, "t2 | t1 uniform");
        assertEquals(0.0, sum / n, 5 * (2 / Math.sqrt(6)) / Math.sqrt(n));
    }

    static double ks(double[] x, DoubleUnaryOperator cdf) {
        double[] s = x.clone();
        Arrays.sort(s);
        double d = 0;
        for (int i = 0; i < s.length; i++) {
            double f = cdf.applyAsDouble(s[i]);
            d = Math.max(d, Math.max(f - (double) i / s.length, (double) (i + 1) / s.length - f));
        }
        return d;
    }

    static void assertMessage(Executable call, String... parts) {
        ParameterException e = assertThrows(ParameterException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), () -> "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }
}

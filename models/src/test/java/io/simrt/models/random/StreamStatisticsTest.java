package io.simrt.models.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Distribution checks of both families' uniforms and normals, with fixed seeds (so the test is deterministic).
 *
 * <p>Tolerances: means and variances within 5 standard errors of the sample statistic (a correct generator
 * exceeds that with probability about 6e-7 per check); the Kolmogorov-Smirnov statistic below the asymptotic
 * critical value at alpha = 0.001, {@code 1.949 / sqrt(n)}. n = 100,000 draws per check. Standard errors:
 * uniform mean {@code sqrt(1/12 / n)}, uniform variance {@code sqrt((1/80 - 1/144) / n)} (fourth central moment
 * 1/80), normal mean {@code 1 / sqrt(n)}, normal variance {@code sqrt(2 / n)}.
 */
class StreamStatisticsTest {
    private static final int N = 100_000;
    private static final double KS_CRITICAL_0_001 = 1.949 / Math.sqrt(N);
    private static final long SEED = 20240601L;

    @ParameterizedTest
    @EnumSource(RngFamily.class)
    void uniforms(RngFamily family) {
        for (RandomStream rng : streams(family)) {
            double[] u = new double[N];
            rng.nextDoubles(u, 0, N);
            for (double v : u) {
                assertTrue(v >= 0 && v < 1, "uniform outside [0, 1): " + v);
            }
            assertMoments(u, 0.5, Math.sqrt(1.0 / 12 / N), 1.0 / 12, Math.sqrt((1.0 / 80 - 1.0 / 144) / N));
            assertKs(u, x -> Math.min(1, Math.max(0, x)));
        }
    }

    @ParameterizedTest
    @EnumSource(RngFamily.class)
    void normals(RngFamily family) {
        NormalDistribution standard = NormalDistribution.of(0, 1);
        for (RandomStream rng : streams(family)) {
            double[] z = new double[N];
            // half by single draws, half in bulk: both paths must have the right law
            for (int i = 0; i < N / 2; i++) {
                z[i] = rng.nextGaussian();
            }
            rng.nextGaussians(z, N / 2, N);
            assertMoments(z, 0, 1 / Math.sqrt(N), 1, Math.sqrt(2.0 / N));
            assertKs(z, standard::cumulativeProbability);
        }
    }

    /** The root stream, a block stream and the observed stream of one seed. */
    private static RandomStream[] streams(RngFamily family) {
        RandomStreams s = RandomStreams.of(family, SEED);
        return new RandomStream[] {s.root(), s.block(3), RandomStreams.observed(family, SEED + 1)};
    }

    private static void assertMoments(double[] x, double mean, double meanSe, double var, double varSe) {
        double m = Arrays.stream(x).sum() / x.length;
        double ss = 0;
        for (double v : x) {
            ss += (v - m) * (v - m);
        }
        double s2 = ss / (x.length - 1);
        assertEquals(mean, m, 5 * meanSe, "mean");
        assertEquals(var, s2, 5 * varSe, "variance");
    }

    private static void assertKs(double[] x, DoubleUnaryOperator cdf) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double d = 0;
        for (int i = 0; i < n; i++) {
            double f = cdf.applyAsDouble(sorted[i]);
            d = Math.max(d, Math.max(f - (double) i / n, (double) (i + 1) / n - f));
        }
        assertTrue(d < KS_CRITICAL_0_001, "KS statistic " + d + " >= " + KS_CRITICAL_0_001);
    }
}

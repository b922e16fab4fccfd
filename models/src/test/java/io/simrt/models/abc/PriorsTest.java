package io.simrt.models.abc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import java.util.Map;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ContinuousDistribution;
import org.apache.commons.statistics.distribution.ExponentialDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;
import org.apache.commons.statistics.distribution.LogNormalDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TruncatedNormalDistribution;
import org.apache.commons.statistics.distribution.UniformContinuousDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class PriorsTest {
    private static final int N = 200_000;

    private static Map<Prior, ContinuousDistribution> priors() {
        return Map.of(
                Priors.uniform(-1, 3), UniformContinuousDistribution.of(-1, 3),
                Priors.normal(2, 0.5), NormalDistribution.of(2, 0.5),
                Priors.truncatedNormal(0, 1, -0.5, 2), TruncatedNormalDistribution.of(0, 1, -0.5, 2),
                Priors.logNormal(0.1, 0.4), LogNormalDistribution.of(0.1, 0.4),
                Priors.gamma(2.5, 0.8), GammaDistribution.of(2.5, 0.8),
                Priors.beta(2, 5), BetaDistribution.of(2, 5),
                Priors.exponential(1.5), ExponentialDistribution.of(1.5));
    }

    /**
     * {@value #N} draws at a fixed seed into column 1 of rows of 2 (column 0 untouched): the sample mean lies within
     * 5 standard errors of the law's mean, the sample variance within 3% of its variance; both families.
     */
    @Test
    void sampleMomentsMatchTheDistribution() {
        for (RngFamily family : RngFamily.values()) {
            for (var e : priors().entrySet()) {
                RandomStream rng = RandomStreams.of(family, 7).block(0);
                double[] p = new double[2 * N];
                e.getKey().sample(N, rng, p, 2, 1);
                double sum = 0;
                for (int i = 0; i < N; i++) {
                    assertEquals(0.0, p[2 * i], 0.0);
                    sum += p[2 * i + 1];
                }
                double mean = sum / N;
                double ss = 0;
                for (int i = 0; i < N; i++) {
                    double d = p[2 * i + 1] - mean;
                    ss += d * d;
                }
                double var = ss / (N - 1);
                ContinuousDistribution law = e.getValue();
                String at = e.getKey() + " " + family;
                assertEquals(law.getMean(), mean, 5 * Math.sqrt(law.getVariance() / N), at + " mean");
                assertEquals(law.getVariance(), var, 0.03 * law.getVariance(), at + " variance");
            }
        }
    }

    @Test
    void densityIsCommonsStatistics() {
        double[] xs = {-2, -0.5, 0, 0.1, 0.5, 1, 1.7, 2, 3, 10};
        for (var e : priors().entrySet()) {
            for (double x : xs) {
                assertEquals(
                        e.getValue().density(x), e.getKey().density(new double[] {9, x}, 1), 0.0, e.getKey() + " " + x);
            }
            assertEquals(0.0, e.getKey().density(new double[] {Double.NaN}, 0), 0.0, e.getKey() + " NaN");
        }
    }

    /** scipy's formulas on the batch stream, so ELFI's uniform and normal priors are reproduced draw for draw. */
    @Test
    void uniformAndNormalUseScipysFormulas() {
        RandomStream a = RandomStreams.of(RngFamily.ELFI, 3).block(2);
        RandomStream b = RandomStreams.of(RngFamily.ELFI, 3).block(2);
        double[] p = new double[5];
        Priors.uniform(0.5, 2.5).sample(5, a, p, 1, 0);
        for (int i = 0; i < 5; i++) {
            assertEquals(0.5 + 2.0 * b.nextDouble(), p[i], 0.0);
        }
        Priors.normal(1, 3).sample(5, a, p, 1, 0);
        for (int i = 0; i < 5; i++) {
            assertEquals(1 + 3 * b.nextGaussian(), p[i], 0.0);
        }
    }

    /** ELFI's order: all rows of parameter 1, then all rows of parameter 2. */
    @Test
    void aModelSamplesColumnByColumn() {
        AbcModel m = AbcModels.builder("two")
                .parameter("a", Priors.uniform(0, 1))
                .parameter("b", Priors.uniform(10, 11))
                .simulator((theta, rng) -> theta.clone())
                .summary("a", x -> x[0])
                .observed(0.5, 10.5)
                .build();
        double[] p = new double[6];
        m.samplePrior(3, RandomStreams.of(RngFamily.ELFI, 5).block(0), p);
        RandomStream u = RandomStreams.of(RngFamily.ELFI, 5).block(0);
        double[] expected = new double[6];
        for (int i = 0; i < 3; i++) {
            expected[2 * i] = u.nextDouble();
        }
        for (int i = 0; i < 3; i++) {
            expected[2 * i + 1] = 10 + u.nextDouble();
        }
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i], p[i], 0.0, "value " + i);
        }
        assertEquals(1.0, m.priorDensity(p, 2), 0.0);
        assertEquals(0.0, m.priorDensity(new double[] {0.5, 9}, 0), 0.0);
    }

    @Test
    void invalidParametersNameTheArgumentAndTheRule() {
        assertMessage(() -> Priors.uniform(1, 1), "uniform hi = 1.0", "must be > lo = 1.0");
        assertMessage(() -> Priors.uniform(Double.NaN, 1), "uniform lo = NaN", "finite");
        assertMessage(() -> Priors.normal(0, -1), "normal sigma = -1.0", "> 0");
        assertMessage(() -> Priors.normal(Double.POSITIVE_INFINITY, 1), "normal mu = Infinity", "finite");
        assertMessage(() -> Priors.truncatedNormal(0, 1, 2, 1), "truncatedNormal hi = 1.0", "> lo = 2.0");
        assertMessage(() -> Priors.truncatedNormal(0, 0, -1, 1), "truncatedNormal sigma = 0.0", "> 0");
        assertMessage(() -> Priors.truncatedNormal(0, 1, Double.NaN, 1), "truncatedNormal lo = NaN");
        assertMessage(() -> Priors.logNormal(0, Double.POSITIVE_INFINITY), "logNormal sigma = Infinity", "> 0");
        assertMessage(() -> Priors.gamma(0, 1), "gamma shape = 0.0", "> 0");
        assertMessage(() -> Priors.gamma(1, -2), "gamma scale = -2.0", "> 0");
        assertMessage(() -> Priors.beta(Double.NaN, 1), "beta a = NaN", "> 0");
        assertMessage(() -> Priors.beta(1, 0), "beta b = 0.0", "> 0");
        assertMessage(() -> Priors.exponential(-1), "exponential mean = -1.0", "> 0");
    }

    static void assertMessage(Executable call, String... fragments) {
        ParameterException e = assertThrows(ParameterException.class, call);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), () -> "'" + e.getMessage() + "' should contain '" + f + "'");
        }
    }
}

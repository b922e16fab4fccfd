package io.simrt.inference.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.ModelParams;
import io.simrt.models.ParameterException;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import org.junit.jupiter.api.Test;

/**
 * Priors: validation, support, first two moments. Moment tolerances are 5 standard errors of a 100,000-draw
 * average (so a correct sampler fails with probability below 1e-6 per check; the seed is fixed anyway).
 */
class PriorsTest {
    private static final int N = 100_000;

    @Test
    void uniformDrawsStayInTheBoxWithTheRightMoments() {
        UniformPrior prior = UniformPrior.of(new double[] {0, -3}, new double[] {2, 5});
        ModelParams x = prior.sample(N, RandomStreams.of(RngFamily.FAST, 1).root());
        assertEquals(N, x.nModels());
        assertEquals(2, x.nParams());
        double[][] lohi = {{0, 2}, {-3, 5}};
        for (int p = 0; p < 2; p++) {
            double lo = lohi[p][0];
            double hi = lohi[p][1];
            double sum = 0;
            double sum2 = 0;
            for (int i = 0; i < N; i++) {
                double v = x.get(i, p);
                assertTrue(v >= lo && v < hi, "draw " + v + " outside [" + lo + ", " + hi + ")");
                sum += v;
                sum2 += v * v;
            }
            double mean = sum / N;
            double var = sum2 / N - mean * mean;
            double sd = (hi - lo) / Math.sqrt(12);
            assertEquals((lo + hi) / 2, mean, 5 * sd / Math.sqrt(N));
            // Var of (x - m)^2 for a uniform is (hi-lo)^4/180 - sd^4 = sd^4 * 4/5.
            assertEquals(sd * sd, var, 5 * sd * sd * Math.sqrt(0.8 / N));
        }
    }

    @Test
    void normalDrawsHaveTheRightMoments() {
        NormalPrior prior = NormalPrior.of(new double[] {1, -2}, new double[] {0.5, 3});
        ModelParams x = prior.sample(N, RandomStreams.of(RngFamily.FAST, 2).root());
        double[] mu = {1, -2};
        double[] sd = {0.5, 3};
        for (int p = 0; p < 2; p++) {
            double sum = 0;
            double sum2 = 0;
            for (int i = 0; i < N; i++) {
                sum += x.get(i, p);
                sum2 += x.get(i, p) * x.get(i, p);
            }
            double mean = sum / N;
            double var = sum2 / N - mean * mean;
            assertEquals(mu[p], mean, 5 * sd[p] / Math.sqrt(N));
            assertEquals(sd[p] * sd[p], var, 5 * sd[p] * sd[p] * Math.sqrt(2.0 / N)); // Var of s^2: 2 sd^4 / N
        }
    }

    @Test
    void sameStreamStateGivesTheSameDraws() {
        UniformPrior prior = UniformPrior.of(0, 2);
        assertEquals(
                prior.sample(100, RandomStreams.of(RngFamily.FAST, 5).root()),
                prior.sample(100, RandomStreams.of(RngFamily.FAST, 5).root()));
    }

    @Test
    void factoriesRejectBadBounds() {
        assertThrows(ParameterException.class, () -> UniformPrior.of(1, 1));
        assertThrows(ParameterException.class, () -> UniformPrior.of(2, 1));
        assertThrows(ParameterException.class, () -> UniformPrior.of(Double.NaN, 1));
        assertThrows(ParameterException.class, () -> UniformPrior.of(0, Double.POSITIVE_INFINITY));
        assertThrows(ParameterException.class, () -> UniformPrior.of(new double[] {0}, new double[] {1, 2}));
        assertThrows(ParameterException.class, () -> UniformPrior.of(new double[0], new double[0]));
        assertThrows(ParameterException.class, () -> NormalPrior.of(new double[] {0}, new double[] {0}));
        assertThrows(ParameterException.class, () -> NormalPrior.of(new double[] {0}, new double[] {-1}));
        assertThrows(ParameterException.class, () -> NormalPrior.of(new double[] {Double.NaN}, new double[] {1}));
        ParameterException e = assertThrows(ParameterException.class, () -> UniformPrior.of(3, 1));
        assertTrue(e.getMessage().contains("hi[0] = 1.0"), e.getMessage());
        assertThrows(
                ParameterException.class,
                () -> UniformPrior.of(0, 1)
                        .sample(-1, RandomStreams.of(RngFamily.FAST, 0).root()));
    }
}

package io.simrt.inference.smc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import io.simrt.models.RngFamily;
import io.simrt.models.Tensor3;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.models.random.RandomStreams;
import org.junit.jupiter.api.Test;

/**
 * QInfer's own SMC test (docs/python-semantics.md §3, {@code tests/test_precession_model.py}): true omega = 1,
 * t = linspace(1, 10, 100), one simulated outcome per t, prior U[0, 2], 10,000 particles, one {@code batchUpdate}.
 * Seed 0 of the fast family: data from {@code block(0)}, the updater from {@code root()}.
 *
 * <p>What can and cannot be asserted. The Fisher information of these 100 single shots is sum t_k^2 = 3700, so the
 * posterior sd is about 0.017 and the posterior mean of a fresh data set scatters around 1 with sd 0.019 (measured
 * over 400 data sets with an exact grid posterior; no bias: -0.0002 +- 0.001). A bound |mean - 1| < 0.01 therefore
 * holds for only about 40% of data sets whatever the filter does: QInfer's own reference run (np.random.seed(0))
 * gives 1.0107, and this seed gives 0.9863. The test keeps QInfer's actual assertions
 * ({@code assert_almost_equal(mean, 1, 2)}, i.e. |mean - 1| < 1.5e-2, and cov < 0.01) and adds the ones that
 * test the filter itself: its mean and variance against the exact posterior of the same data.
 */
class QInferReferenceScenarioTest {
    private static final long SEED = 0;
    private static final int N_PARTICLES = 10_000;

    @Test
    void learnsOmegaFromOneHundredShots() {
        double[] t = new double[100];
        for (int k = 0; k < t.length; k++) {
            t[k] = 1 + 9.0 * k / 99;
        }
        ExpParams eps = ExpParams.times(t);
        SimplePrecessionModel model = SimplePrecessionModel.of();
        RandomStreams streams = RandomStreams.of(RngFamily.FAST, SEED);
        Tensor3 data = model.simulateExperiment(ModelParams.column(1.0), eps, 1, streams.block(0));
        int[] outcomes = new int[t.length];
        for (int k = 0; k < t.length; k++) {
            outcomes[k] = (int) data.get(0, 0, k);
        }

        SmcUpdater u = SmcUpdater.builder(model, N_PARTICLES, UniformPrior.of(0, 2))
                .rng(streams.root())
                .build();
        u.batchUpdate(outcomes, eps);
        double mean = u.estMean()[0];
        double var = u.estCovariance()[0];

        // QInfer's assertions.
        assertEquals(1.0, mean, 1.5e-2, "numpy assert_almost_equal(decimal=2)");
        assertTrue(var < 0.01, "variance " + var);

        // Against the exact posterior of the same data. Over seeds 0..19 the filter's mean was within 0.46
        // posterior sd of the exact one (typically 0.05 sd) and its variance within a factor 0.958..1.224 of the
        // exact one (Liu-West smoothing widens slightly); tolerances 0.5 sd and [0.75, 1.35].
        double[] exact = exactPosterior(outcomes, t);
        double sd = Math.sqrt(exact[1]);
        assertEquals(exact[0], mean, 0.5 * sd, "SMC mean vs exact posterior mean");
        assertTrue(var / exact[1] > 0.75 && var / exact[1] < 1.35, "variance ratio " + var / exact[1]);

        // QInfer's run resampled 5 times; over seeds 0..19 this one resampled 3 to 7 times.
        assertTrue(u.resampleCount() >= 2 && u.resampleCount() <= 10, "resamplings " + u.resampleCount());
        // minEss is the smallest n_ess after an update; resampling happened, so it went below N/2 at some check.
        assertTrue(u.minEss() > 0 && u.minEss() < N_PARTICLES / 2.0, "minEss " + u.minEss());
        assertEquals(100, u.normalizationRecord().length);
        assertTrue(Double.isFinite(u.logTotalLikelihood()) && u.logTotalLikelihood() < 0);
    }

    /**
     * Mean and variance of the posterior of omega on a midpoint grid of 20,000 points over the prior's support
     * [0, 2] (spacing 1e-4, about 170 points per posterior sd; the rule's error is far below the tolerances).
     */
    static double[] exactPosterior(int[] outcomes, double[] t) {
        int g = 20_000;
        double[] logp = new double[g];
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < g; i++) {
            double w = 2.0 * (i + 0.5) / g;
            double lp = 0;
            for (int k = 0; k < outcomes.length; k++) {
                double c = Math.cos(w * t[k] / 2);
                lp += Math.log(outcomes[k] == 0 ? c * c : 1 - c * c);
            }
            logp[i] = lp;
            max = Math.max(max, lp);
        }
        double z = 0;
        double m1 = 0;
        double m2 = 0;
        for (int i = 0; i < g; i++) {
            double w = 2.0 * (i + 0.5) / g;
            double p = Math.exp(logp[i] - max);
            z += p;
            m1 += p * w;
            m2 += p * w * w;
        }
        m1 /= z;
        return new double[] {m1, m2 / z - m1 * m1};
    }
}

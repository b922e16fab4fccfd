package io.simrt.inference.smc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.models.qubit.DampedRabiModel;
import io.simrt.models.random.RandomStreams;
import org.junit.jupiter.api.Test;

class HeuristicsTest {

    @Test
    void expSparseTimesGrowByNineEighthsPerDatum() {
        SmcUpdater u = SmcUpdater.builder(SimplePrecessionModel.of(), 100, UniformPrior.of(0, 2))
                .seed(1)
                .build();
        ExpSparseHeuristic h = ExpSparseHeuristic.of(u);
        assertEquals(ExpParams.times(1.0), h.next());
        for (int k = 0; k < 3; k++) {
            u.update(k % 2, h.next());
        }
        assertEquals(ExpParams.times(Math.pow(9.0 / 8, 3)), h.next());
    }

    @Test
    void expSparseScaleBaseAndOtherFields() {
        SmcUpdater u = SmcUpdater.builder(SimplePrecessionModel.of(), 100, UniformPrior.of(0, 2))
                .seed(2)
                .build();
        ExpSparseHeuristic h = ExpSparseHeuristic.builder(u)
                .scale(2)
                .base(1.5)
                .timeField("tau")
                .otherField("w_", 0.3)
                .build();
        u.update(0, ExpParams.times(1));
        u.update(1, ExpParams.times(2));
        assertEquals(ExpParams.of(ExpLayout.of("tau", "w_"), 1, 2 * 1.5 * 1.5, 0.3), h.next());
        assertThrows(
                ParameterException.class, () -> ExpSparseHeuristic.builder(u).scale(0));
        assertThrows(
                ParameterException.class,
                () -> ExpSparseHeuristic.builder(u).otherField("t", 1).build(),
                "a field named like the time field");
    }

    /**
     * Three equally weighted particles 0.2, 0.5, 0.9 (cdf 1/3, 2/3, 1). The first pair of uniforms (0.1, 0.2)
     * picks particle 0 twice, so it is drawn again; (0.1, 0.5) picks 0.2 and 0.5: t = 1/0.3, x_ = 0.2.
     */
    @Test
    void pghDrawsUntilTwoParticlesDifferAndInvertsTheirDistance() {
        ScriptedStream rng = ScriptedStream.uniforms(0.1, 0.2, 0.1, 0.5);
        SmcUpdater u = SmcUpdater.builder(SimplePrecessionModel.of(), 3, FixedPrior.column(0.2, 0.5, 0.9))
                .rng(rng)
                .build();
        PghHeuristic pgh = PghHeuristic.of(u);
        ExpParams e = pgh.next();
        assertEquals(ExpLayout.of("t", "x_"), e.layout());
        assertArrayEquals(new double[] {1 / (0.5 - 0.2), 0.2}, e.toArray(), 0.0);
        assertArrayEquals(new int[] {4, 0}, rng.used());
    }

    @Test
    void pghUsesTheOneNormOverAllParametersAndCanFillOtherFields() {
        // Rows (1, 0.5) and (1.5, 0.25): |dx| = 0.5 + 0.25 = 0.75, QInfer's Model.distance with Q = 1.
        ModelParams rows = ModelParams.rows(new double[] {1, 0.5}, new double[] {1.5, 0.25});
        SmcUpdater u = SmcUpdater.builder(DampedRabiModel.of(), 2, new FixedPrior(rows))
                .rng(ScriptedStream.uniforms(0.9, 0.1))
                .build();
        PghHeuristic pgh = PghHeuristic.builder(u)
                .inversionField("gamma_", 1)
                .otherField("n_meas", 10)
                .build();
        assertArrayEquals(new double[] {1 / 0.75, 0.25, 10}, pgh.next().toArray(), 0.0);
        assertEquals(ExpLayout.of("t", "gamma_", "n_meas"), pgh.layout());
        assertThrows(
                ParameterException.class,
                () -> PghHeuristic.builder(u).inversionField("x_", 2).build());
    }

    @Test
    void pghGivesUpOnACollapsedPosterior() {
        SmcUpdater u = SmcUpdater.builder(SimplePrecessionModel.of(), 3, FixedPrior.column(0.2, 0.5, 0.9))
                .rng(ScriptedStream.uniforms(0.1, 0.1, 0.2, 0.3, 0.0, 0.05))
                .build();
        PghHeuristic pgh =
                PghHeuristic.builder(u).maxIters(3).noInversionField().build();
        assertEquals(ExpLayout.of("t"), pgh.layout());
        SmcException e = assertThrows(SmcException.class, pgh::next);
        assertTrue(e.getMessage().startsWith("PGH did not find distinct particles in 3 iterations"), e.getMessage());
    }

    /**
     * PGH drives SimplePrecessionModel (true omega = 0.7, prior U[0, 2], sd 0.58) for 50 experiments. Over seeds
     * 0..9 the error of the posterior mean was at most 0.0104 (posterior sds 3e-4..6e-2: PGH's long times
     * sometimes leave aliased side modes), so the tolerance is 0.02, a 30-fold reduction from the prior's sd.
     */
    @Test
    void pghConvergesOnSimplePrecession() {
        SimplePrecessionModel model = SimplePrecessionModel.of();
        RandomStreams streams = RandomStreams.of(RngFamily.FAST, 0);
        SmcUpdater u = SmcUpdater.builder(model, 1000, UniformPrior.of(0, 2))
                .rng(streams.root())
                .build();
        PghHeuristic pgh = PghHeuristic.of(u);
        RandomStream data = streams.block(0);
        ModelParams truth = ModelParams.column(0.7);
        for (int k = 0; k < 50; k++) {
            ExpParams e = pgh.next();
            u.update((int) model.simulateExperiment(truth, e, 1, data).get(0, 0, 0), e);
        }
        assertEquals(0.7, u.estMean()[0], 0.02);
        assertTrue(Math.sqrt(u.estCovariance()[0]) < 0.1, "posterior sd " + Math.sqrt(u.estCovariance()[0]));
    }
}

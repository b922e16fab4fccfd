package io.simrt.inference.distributed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simrt.inference.smc.SmcUpdater;
import io.simrt.inference.smc.UniformPrior;
import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.RngFamily;
import io.simrt.models.Tensor3;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.models.qubit.DampedRabiModel;
import io.simrt.models.random.RandomStreams;
import io.simrt.runtime.client.RuntimeClient;
import io.simrt.runtime.model.ParallelizedModel;
import org.junit.jupiter.api.Test;

/** SMC through a ParallelizedModel equals serial SMC, bit for bit: likelihoods are deterministic and joined in order. */
class SmcParallelTest {

    private static SmcUpdater run(Model model, int particles, double[] t, int[] outcomes, UniformPrior prior) {
        SmcUpdater u = SmcUpdater.builder(model, particles, prior)
                .rng(RandomStreams.of(RngFamily.FAST, 42).root())
                .build();
        for (int k = 0; k < t.length; k++) {
            u.update(outcomes[k], ExpParams.times(t[k]));
        }
        return u;
    }

    private static int[] data(Model model, ModelParams truth, double[] t) {
        Tensor3 d = model.simulateExperiment(
                truth,
                ExpParams.times(t),
                1,
                RandomStreams.of(RngFamily.FAST, 7).block(0));
        int[] out = new int[t.length];
        for (int k = 0; k < t.length; k++) {
            out[k] = (int) d.get(0, 0, k);
        }
        return out;
    }

    private static void assertSame(SmcUpdater serial, SmcUpdater parallel) {
        assertArrayEquals(
                serial.particleLocations().toArray(),
                parallel.particleLocations().toArray(),
                0.0);
        assertArrayEquals(serial.particleWeights(), parallel.particleWeights(), 0.0);
        assertArrayEquals(serial.estMean(), parallel.estMean(), 0.0);
        assertEquals(serial.resampleCount(), parallel.resampleCount());
        assertEquals(serial.logTotalLikelihood(), parallel.logTotalLikelihood(), 0.0);
    }

    @Test
    void precessionOnTwoLocalEngines() {
        double[] t = new double[40];
        for (int k = 0; k < t.length; k++) {
            t[k] = 1 + 9.0 * k / 39;
        }
        int[] outcomes = data(SimplePrecessionModel.of(), ModelParams.column(1.0), t);
        SmcUpdater serial = run(SimplePrecessionModel.of(), 2000, t, outcomes, UniformPrior.of(0, 2));
        try (RuntimeClient client = RuntimeClient.local(2, 1, AbcDeterminismTest.config())) {
            ParallelizedModel pm = ParallelizedModel.of(SimplePrecessionModel.of(), client);
            SmcUpdater parallel = run(pm, 2000, t, outcomes, UniformPrior.of(0, 2));
            assertSame(serial, parallel);
            assertEquals(40L * 2000, pm.likelihoodCallCount());
        }
    }

    @Test
    void expensiveModelOnAThreeNodeCluster() {
        double[] t = {0.5, 1.0, 1.5, 2.0, 2.5, 3.0};
        DampedRabiModel model = DampedRabiModel.of(0.5, 100);
        int[] outcomes = data(model, ModelParams.of(1, 2, 1.0, 0.1), t);
        UniformPrior prior = UniformPrior.of(new double[] {0.2, 0.0}, new double[] {2.0, 0.5});
        SmcUpdater serial = run(model, 300, t, outcomes, prior);
        try (RuntimeClient client = RuntimeClient.local(3, 3, AbcDeterminismTest.config())) {
            SmcUpdater parallel = run(ParallelizedModel.of(model, client, 0), 300, t, outcomes, prior);
            assertSame(serial, parallel);
        }
    }
}

package io.simrt.models.abc;

import io.simrt.models.RngFamily;
import io.simrt.models.ma2.Ma2Model;
import io.simrt.models.ma2.TrianglePrior;
import io.simrt.models.random.RandomStreams;
import java.util.List;

/**
 * ELFI's MA2 example written through the model-definition API: the triangle prior (a joint {@link Prior}), the
 * simulator as a lambda, summaries {@code autocov(1)}, {@code autocov(2)}, the Euclidean distance, and the built-in
 * model's observed data ({@code Ma2Abc.observedFrom(ELFI, 4, 0.6, 0.2, nObs)}).
 */
public final class Ma2Definition implements AbcDefinition {
    static final int N_OBS = 100;

    @Override
    public AbcBuilder define() {
        return builder(N_OBS, false);
    }

    /** The MA2 builder for series of length {@code nObs}, with the function or the batch form of the simulator. */
    static AbcBuilder builder(int nObs, boolean batchForm) {
        AbcBuilder b = AbcModels.builder("ma2-api")
                .parameters(List.of("t1", "t2"), TrianglePrior.standard())
                .summary("S1", Summaries.autocov(1))
                .summary("S2", Summaries.autocov(2))
                .distance(Distances.euclidean())
                .observed(observedSeries(nObs));
        return batchForm ? b.simulatorBatch(nObs, batchSimulator(nObs)) : b.simulator(simulator(nObs));
    }

    /** The built-in model's observed series: {@code (0.6, 0.2)} simulated from {@code RandomState(4)}. */
    static double[] observedSeries(int nObs) {
        double[] y = new double[nObs];
        Ma2Model.of(nObs).simulate(new double[] {0.6, 0.2}, 1, RandomStreams.observed(RngFamily.ELFI, 4), y);
        return y;
    }

    static Simulator simulator(int n) {
        return (theta, rng) -> {
            double t1 = theta[0];
            double t2 = theta[1];
            double[] w = new double[n + 2];
            rng.nextGaussians(w, 0, n + 2);
            double[] x = new double[n];
            for (int k = 0; k < n; k++) {
                x[k] = (w[k + 2] + t1 * w[k + 1]) + t2 * w[k];
            }
            return x;
        };
    }

    static Simulator.Batch batchSimulator(int n) {
        return (params, batchSize, rng, out) -> {
            double[] w = new double[n + 2];
            for (int r = 0; r < batchSize; r++) {
                rng.nextGaussians(w, 0, n + 2);
                double t1 = params[2 * r];
                double t2 = params[2 * r + 1];
                for (int k = 0; k < n; k++) {
                    out[r * n + k] = (w[k + 2] + t1 * w[k + 1]) + t2 * w[k];
                }
            }
        };
    }
}

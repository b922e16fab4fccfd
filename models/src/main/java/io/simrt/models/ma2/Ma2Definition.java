package io.simrt.models.ma2;

import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcBuilder;
import io.simrt.models.abc.AbcDefinition;
import io.simrt.models.abc.AbcModels;
import io.simrt.models.abc.Distances;
import io.simrt.models.abc.Prior;
import io.simrt.models.abc.Simulator;
import io.simrt.models.abc.Summaries;
import io.simrt.models.random.RandomStreams;
import java.util.List;

/**
 * ELFI's MA2 example written through the model-definition API: the triangle prior (a joint {@link Prior}), the
 * simulator as a lambda, summaries {@code autocov(1)}, {@code autocov(2)}, the Euclidean distance, and the built-in
 * model's observed data ({@code Ma2Abc.observedFrom(ELFI, 4, 0.6, 0.2, nObs)}). It gives {@link Ma2Abc}'s prior draws
 * and distances bit for bit with the same streams (the built-in stays the fast path, not a different answer); the
 * tests and the benchmark of the API use it, and it shows a user the API on a model they know.
 */
public final class Ma2Definition implements AbcDefinition {
    /** ELFI's series length. */
    public static final int N_OBS = 100;

    @Override
    public AbcBuilder define() {
        return builder(N_OBS, false);
    }

    /** The MA2 builder for series of length {@code nObs}, with the function or the batch form of the simulator. */
    public static AbcBuilder builder(int nObs, boolean batchForm) {
        AbcBuilder b = AbcModels.builder("ma2-api")
                .parameters(List.of("t1", "t2"), TrianglePrior.standard())
                .summary("S1", Summaries.autocov(1))
                .summary("S2", Summaries.autocov(2))
                .distance(Distances.euclidean())
                .observed(observedSeries(nObs));
        return batchForm ? b.simulatorBatch(nObs, batchSimulator(nObs)) : b.simulator(simulator(nObs));
    }

    /** The built-in model's observed series: {@code (0.6, 0.2)} simulated from {@code RandomState(4)}. */
    public static double[] observedSeries(int nObs) {
        double[] y = new double[nObs];
        Ma2Model.of(nObs).simulate(new double[] {0.6, 0.2}, 1, RandomStreams.observed(RngFamily.ELFI, 4), y);
        return y;
    }

    /** The simulator as a function of one row {@code (t1, t2)}: {@code n + 2} normals, then the series. */
    public static Simulator simulator(int n) {
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

    /** The same as {@link #simulator} in the batch form: row after row into the batch's buffer. */
    public static Simulator.Batch batchSimulator(int n) {
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

package io.simrt.models.abc;

import io.simrt.models.ModelSpec;
import io.simrt.models.RandomStream;
import io.simrt.models.random.NumpyMath;
import java.util.List;

/**
 * A likelihood-free model as rejection ABC and ABC-SMC use it: a prior over the parameters, a simulator,
 * summaries of its output, and a distance of those summaries to the observed ones (which the model holds).
 *
 * <p>Everything works on batches. A batch of parameters is a flat row-major {@code batchSize x nParams}
 * array: element {@code (i, p)} at {@code i * nParams + p}. Randomness comes only from the stream passed in,
 * so the same stream gives the same batch wherever it runs. Implementations are immutable and thread-safe.
 *
 * <p>To compose a model from priors, a simulator, summaries and a distance instead of implementing this type, use
 * {@link AbcModels#builder} (or an {@link AbcDefinition} for a model that travels to engines).
 */
public interface AbcModel {

    /** A short, stable name ({@code "ma2"}). */
    String name();

    /** Parameter names, in column order. */
    List<String> parameterNames();

    default int nParams() {
        return parameterNames().size();
    }

    /**
     * Draws {@code batchSize} parameter vectors from the prior into {@code paramsOut} (row-major, at least
     * {@code batchSize * nParams} long). The order in which uniforms are consumed is part of the model's
     * contract (MA2 follows ELFI: every {@code t1}, then every {@code t2}).
     */
    void samplePrior(int batchSize, RandomStream rng, double[] paramsOut);

    /** Joint prior density of row {@code row} of the row-major {@code params}; 0 outside the support. */
    double priorDensity(double[] params, int row);

    /**
     * Log prior density of row {@code row} ({@code -infinity} outside the support), as ABC-SMC's importance weights
     * use it. ELFI's {@code ModelPrior.logpdf} adds the log densities of the prior nodes, which can differ in the last
     * bit from the log of their product; a model whose prior has several nodes overrides this to add them the same
     * way. By default numpy's log ({@link NumpyMath#log}) of {@link #priorDensity}.
     */
    default double priorLogDensity(double[] params, int row) {
        return NumpyMath.log(priorDensity(params, row));
    }

    /**
     * Simulates one data set for each of the {@code batchSize} rows of {@code params}, reduces it to summaries
     * and writes the distance to the observed summaries into {@code distancesOut[i]}.
     */
    void simulateDistances(double[] params, int batchSize, RandomStream rng, double[] distancesOut);

    /** Summaries per simulation that {@link #simulateSummaries} writes; 0 if the model does not give them. */
    default int nSummaries() {
        return 0;
    }

    /**
     * As {@link #simulateDistances}, and also writes each row's summaries into {@code summariesOut} (row-major
     * {@code batchSize x nSummaries}, NaN for a skipped row). It consumes the stream exactly as
     * {@code simulateDistances} does, so the distances are the same bits: a run store keeps every simulation's
     * summaries with it (ELFI's output pools) without changing the run's answer.
     *
     * @throws UnsupportedOperationException if {@link #nSummaries()} is 0
     */
    default void simulateSummaries(
            double[] params, int batchSize, RandomStream rng, double[] summariesOut, double[] distancesOut) {
        throw new UnsupportedOperationException("model " + name() + " does not give its summaries");
    }

    /**
     * Heap one simulation of a batch holds until the batch ends, beyond its parameters and its distance, in bytes:
     * summaries or simulated data kept for every row of the batch. The runtime adds it to its estimate of a batch's
     * memory to refuse batches that cannot fit in an engine's heap, so it must not overstate: 0 (the default) when
     * unknown, or when the model reuses its scratch space from row to row (per-batch scratch does not grow with the
     * batch size).
     */
    default long bytesPerSimulation() {
        return 0;
    }

    /**
     * The summaries of the observed data this model measures distances to, in summary order; empty if the model does
     * not say. A run store keeps their hash to tell runs on the same data from runs on other data.
     */
    default double[] observedSummaries() {
        return new double[0];
    }

    /** A description from which an equal model (observed data included) can be built elsewhere. */
    ModelSpec<AbcModel> spec();
}

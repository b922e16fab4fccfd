package io.simrt.models.abc;

import io.simrt.models.RandomStream;

/**
 * A simulator as a plain function: one parameter row and the batch's stream in, one simulated data set out (ELFI's
 * simulator node, one row at a time). The model calls it for the rows of a batch in order, on one stream, so what
 * it draws from {@code rng} decides the results; it must draw only from {@code rng}.
 *
 * <p>{@code theta} is valid during the call only (the model reuses it for the next row): read it, do not keep or
 * change it. The returned array belongs to the model afterwards. Implementations must be thread-safe (stateless
 * lambdas are): engines call one simulator on several threads at once. An exception fails the batch, or skips the
 * row under {@link OnSimulationError#SKIP}.
 */
@FunctionalInterface
public interface Simulator {

    /**
     * @param theta the parameter row, in the model's column order
     * @param rng   the batch's stream
     * @return the simulated data (any length; the summaries read it)
     */
    double[] simulate(double[] theta, RandomStream rng);

    /**
     * The batch form, for speed: simulates every row of a batch into one caller-provided buffer (ELFI's vectorised
     * simulators). Every row's data has the same length, given to {@link AbcBuilder#simulatorBatch}. A row that
     * cannot be simulated may be filled with NaN (its distance becomes NaN and the row counts as skipped); an
     * exception fails the whole batch, or skips all of its rows under {@link OnSimulationError#SKIP}. Thread-safe
     * like {@link Simulator}.
     */
    @FunctionalInterface
    interface Batch {

        /**
         * @param params    row-major {@code batchSize x nParams}: row {@code i}, column {@code p} at
         *                  {@code params[i * nParams + p]}; read only
         * @param batchSize rows, {@code >= 1}
         * @param rng       the batch's stream
         * @param dataOut   row-major {@code batchSize x dataLength}: row {@code i}'s data goes to
         *                  {@code dataOut[i * dataLength .. (i + 1) * dataLength)}; its previous contents are
         *                  unspecified
         */
        void simulate(double[] params, int batchSize, RandomStream rng, double[] dataOut);
    }
}

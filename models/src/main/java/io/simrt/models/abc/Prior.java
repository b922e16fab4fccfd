package io.simrt.models.abc;

import io.simrt.models.RandomStream;
import java.util.List;

/**
 * The prior of one or more parameter columns of a model built by {@link AbcModels#builder}: batch sampling into the
 * row-major parameter array and the density that ABC-SMC's importance weights need. {@link Priors} makes the common
 * one-column priors; implement this type for a joint or constrained prior over several columns (MA2's triangle,
 * where {@code t2}'s range depends on {@code t1}).
 *
 * <p>Implementations are immutable and thread-safe: engines sample from one prior on several threads at once.
 */
public interface Prior {

    /** How many adjacent parameter columns this prior covers (1 for the priors of {@link Priors}). */
    int dimension();

    /**
     * The names of the columns, if the prior has its own ({@link AbcBuilder#parameters(Prior)} uses them); empty
     * by default, when the builder names the columns.
     */
    default List<String> names() {
        return List.of();
    }

    /**
     * Draws {@code batchSize} values of this prior's columns into the row-major {@code batchSize x nParams} array
     * {@code params}: row {@code i}, column {@code column + j} at {@code params[i * nParams + column + j]}. The model
     * calls the priors in column order, each once per batch, so the order in which this prior consumes {@code rng}
     * is part of the model's contract: ELFI draws column by column (every row of a column, then the next column),
     * and a joint prior draws its columns in the order it defines.
     *
     * @param batchSize rows to draw, {@code >= 1}
     * @param rng       the batch's stream
     * @param params    at least {@code batchSize * nParams} long; only this prior's columns are written
     * @param nParams   the row length (all the model's parameters)
     * @param column    the first column this prior covers
     */
    void sample(int batchSize, RandomStream rng, double[] params, int nParams, int column);

    /**
     * The density of the values {@code values[offset .. offset + dimension())} (one row's slice of this prior's
     * columns); 0 outside the support and for NaN.
     */
    double density(double[] values, int offset);
}

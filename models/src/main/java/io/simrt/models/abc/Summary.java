package io.simrt.models.abc;

/**
 * One summary statistic of simulated (or observed) data: a scalar. A model's summaries, in the order they were added,
 * make its summary vector, which the {@link Distance} compares with the observed one. {@link Summaries} has the
 * common ones. Implementations must be thread-safe and must not change {@code data}; the model may reuse the array
 * for the next row.
 */
@FunctionalInterface
public interface Summary {

    /** The summary of {@code data}; NaN makes the row's distance NaN (the row counts as skipped). */
    double of(double[] data);
}

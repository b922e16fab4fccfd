package io.simrt.models.abc;

/** What a model built by {@link AbcBuilder} does when its simulator (or a summary, or the distance) throws. */
public enum OnSimulationError {
    /**
     * The default: the batch fails with a {@link SimulationException} naming the row within the batch and its
     * parameter values.
     */
    FAIL,
    /**
     * The row's distance becomes NaN: it is never accepted and the inference counts it as skipped.
     */
    SKIP
}

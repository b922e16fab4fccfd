package io.simrt.models.abc;

/**
 * The distance between a simulated summary vector and the observed one (both as long as the model's list of
 * summaries). {@link Distances} has the common ones; implement this type for your own. Implementations must be
 * thread-safe and must not change the arrays (the model reuses them).
 */
@FunctionalInterface
public interface Distance {

    /** {@code >= 0}; NaN when the row cannot be compared (it then counts as skipped and is never accepted). */
    double between(double[] simulated, double[] observed);
}

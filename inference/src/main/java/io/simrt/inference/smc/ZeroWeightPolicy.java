package io.simrt.inference.smc;

/**
 * What {@link SmcUpdater#update} does when an update leaves the particle weights summing to at most the
 * zero-weight threshold, i.e. the observed outcome was (numerically) impossible under every particle (QInfer's
 * {@code zero_weight_policy}).
 */
public enum ZeroWeightPolicy {
    /** Keep the all-zero weights and carry on, silently. */
    IGNORE,
    /** Drop this update: weights, locations and the normalisation record stay as they were. */
    SKIP,
    /** Keep the all-zero weights and carry on, logging a warning. */
    WARN,
    /** Throw an {@link SmcException}; the updater's state is left as it was before the call. The default. */
    ERROR,
    /** Log a warning and start again from the prior: new prior draws, uniform weights. */
    RESET
}

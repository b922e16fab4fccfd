package io.simrt.inference.smc;

import io.simrt.models.ExpParams;

/**
 * Chooses the next experiment from the current state of an updater without optimising a risk (QInfer's
 * {@code Heuristic}). Implementations are bound to one {@link SmcUpdater} and read it on every call.
 */
@FunctionalInterface
public interface Heuristic {

    /** The next experiment: an {@link ExpParams} with exactly one row. */
    ExpParams next();
}

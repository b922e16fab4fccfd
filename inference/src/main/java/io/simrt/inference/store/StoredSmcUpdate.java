package io.simrt.inference.store;

/**
 * One stored update of an {@code smc} run (a row of {@code simrt_smc_updates}, without its checkpoint).
 *
 * @param experiments the updates done with this one, from 1
 * @param experiment  its experiment, a JSON object (field: value)
 * @param outcome     its simulated outcome
 * @param means       the posterior means after it, in parameter order
 * @param resamples   the resamplings so far
 * @param nEss        the effective sample size after it (NaN if not finite)
 * @param checkpoint  whether the run's checkpoint after it is stored
 */
public record StoredSmcUpdate(
        int experiments,
        String experiment,
        int outcome,
        double[] means,
        int resamples,
        double nEss,
        boolean checkpoint) {}

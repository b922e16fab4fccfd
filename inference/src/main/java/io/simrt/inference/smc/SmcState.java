package io.simrt.inference.smc;

import io.simrt.models.ModelParams;

/**
 * Everything of an {@link SmcUpdater} that later updates depend on: the particles, their weights, the counters and
 * records, and the state of the updater's random stream ({@link io.simrt.models.RandomStream#state()}). The
 * updater's settings (model, prior, resampler, thresholds) are not in it: they are the updater's to be built with.
 * {@link SmcUpdater#restore} of a state taken by {@link SmcUpdater#state()} makes an updater with the same settings
 * go on exactly as the one it was taken from. The arrays are the state's own; do not change them.
 *
 * @param locations           the particle locations, {@code nParticles x d}
 * @param weights             the particle weights
 * @param resampleCount       how many times the cloud was resampled
 * @param minEss              the smallest effective sample size seen after an update
 * @param justResampled       whether no datum arrived since the last resampling
 * @param dataRecord          the outcomes given to the updates, in order
 * @param normalizationRecord the normalisations of the applied updates, in order
 * @param rng                 the state of the updater's random stream
 */
public record SmcState(
        ModelParams locations,
        double[] weights,
        int resampleCount,
        double minEss,
        boolean justResampled,
        int[] dataRecord,
        double[] normalizationRecord,
        byte[] rng) {}

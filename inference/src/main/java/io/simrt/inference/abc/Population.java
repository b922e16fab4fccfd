package io.simrt.inference.abc;

import io.simrt.inference.results.Sample;

/**
 * One ABC-SMC population: its weighted sample, the distances of its rows, the threshold it was accepted at,
 * and what it cost.
 *
 * @param roundThreshold the acceptance threshold the round ran with
 * @param threshold   ELFI's population threshold: the largest distance kept (the nSamples-th smallest)
 * @param sample      the accepted parameters with their importance weights
 * @param distances   one distance per row of {@code sample} (a copy is returned)
 * @param simulations simulations run in this round
 * @param batches     batches consumed in this round
 * @param covariance  the proposal covariance derived from this population, row-major {@code dim x dim}
 */
public record Population(
        double roundThreshold,
        double threshold,
        Sample sample,
        double[] distances,
        long simulations,
        long batches,
        double[] covariance) {
    public Population {
        distances = distances.clone();
        covariance = covariance.clone();
    }

    @Override
    public double[] distances() {
        return distances.clone();
    }

    @Override
    public double[] covariance() {
        return covariance.clone();
    }

    /** Weighted means of the population. */
    public double[] means() {
        return sample.means();
    }
}

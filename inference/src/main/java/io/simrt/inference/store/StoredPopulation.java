package io.simrt.inference.store;

import io.simrt.inference.results.Sample;

/**
 * A population as the store keeps it (rejection ABC keeps its result as population 0).
 *
 * @param index          the population's number, from 0
 * @param roundThreshold the threshold the round ran with; NaN for none (a quantile round)
 * @param threshold      the largest distance kept
 * @param simulations    simulations the round ran
 * @param batches        batches the round merged
 * @param sample         the samples, with their weights (all 1 for rejection ABC)
 * @param distances      one per sample row
 */
public record StoredPopulation(
        int index,
        double roundThreshold,
        double threshold,
        long simulations,
        long batches,
        Sample sample,
        double[] distances) {
    public StoredPopulation {
        distances = distances.clone();
    }

    @Override
    public double[] distances() {
        return distances.clone();
    }
}

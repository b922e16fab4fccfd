package io.simrt.inference.smc;

import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;

/**
 * Replaces a weighted particle cloud by a new one that represents the same distribution (QInfer's resampler
 * contract: {@code resampler(model, weights, locations) -> (weights, locations)}).
 */
public interface Resampler {

    /**
     * Draws a new cloud from {@code (weights, locations)}.
     *
     * @param model     the model whose {@link Model#areModelsValid} the new particles may be checked against
     * @param weights   one non-negative weight per row of {@code locations}, normally summing to 1; not modified
     * @param locations {@code n x d} particle locations
     * @param rng       the only source of randomness
     * @return the new cloud, with as many particles as {@code locations} has rows
     */
    Resampled resample(Model model, double[] weights, ModelParams locations, RandomStream rng);

    /**
     * A resampled cloud: one weight per row of {@code locations}. The weights array is copied in and out.
     */
    record Resampled(double[] weights, ModelParams locations) {
        public Resampled {
            if (weights.length != locations.nModels()) {
                throw ParameterException.because(
                        "resampled cloud has " + weights.length + " weights but " + locations.nModels() + " particles");
            }
            weights = weights.clone();
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }
    }
}

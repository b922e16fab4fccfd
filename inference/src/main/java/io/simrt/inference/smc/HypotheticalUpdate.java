package io.simrt.inference.smc;

import io.simrt.models.ParameterException;
import io.simrt.models.Tensor3;

/**
 * The posterior weights an updater would have after each hypothetical (outcome, experiment) pair, without changing
 * it (QInfer's {@code hypothetical_update(..., return_normalization=True)}).
 *
 * @param weights       {@code w'[o][e][j] = w_j L[o][j][e] / norm[o][e]}, shape {@code (nOutcomes, nExps,
 *                      nParticles)}; where {@code |norm| < eps_machine} the weights are divided by 1 instead, so
 *                      they stay (near) zero rather than becoming NaN
 * @param normalization {@code norm[o][e] = sum_j w_j L[o][j][e]}, flat row-major {@code (nOutcomes, nExps)},
 *                      the probability of outcome o in experiment e under the current posterior; copied in and
 *                      out
 */
public record HypotheticalUpdate(Tensor3 weights, double[] normalization) {
    public HypotheticalUpdate {
        if ((long) weights.dim(0) * weights.dim(1) != normalization.length) {
            throw ParameterException.because("weights " + weights.shapeString() + " need "
                    + ((long) weights.dim(0) * weights.dim(1)) + " normalisations, got " + normalization.length);
        }
        normalization = normalization.clone();
    }

    @Override
    public double[] normalization() {
        return normalization.clone();
    }

    /** {@code norm[o][e]}. */
    public double normalization(int outcome, int experiment) {
        return normalization[outcome * weights.dim(1) + experiment];
    }
}

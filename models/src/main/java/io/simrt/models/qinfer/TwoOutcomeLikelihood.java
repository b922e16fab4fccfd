package io.simrt.models.qinfer;

import io.simrt.models.ParameterException;

/**
 * QInfer's {@code pr0_to_likelihood_array}: turns Pr(outcome 0) of a two-outcome model into likelihood rows.
 *
 * <p>Shared by the two-outcome models of this package and of {@code io.simrt.models.qubit}.
 */
public final class TwoOutcomeLikelihood {
    private TwoOutcomeLikelihood() {}

    /**
     * Writes {@code out[i * pr0.length + m] = pr0[m]} if {@code outcomes[i] == 0}, else {@code 1 - pr0[m]}.
     *
     * <p>Shapes: {@code pr0} is the flat row-major {@code (nModels, nExps)} table of Pr(0), so with
     * {@code m = j * nExps + k} the output is the flat {@code (outcomes.length, nModels, nExps)} L-tensor.
     * NaN in {@code pr0} stays NaN in both rows; nothing is clipped. Outcomes are assumed already checked to be
     * 0 or 1 (any non-zero outcome is treated as outcome 1).
     *
     * @throws ParameterException if {@code out.length != outcomes.length * pr0.length}
     */
    public static void fill(int[] outcomes, double[] pr0, double[] out) {
        long needed = (long) outcomes.length * pr0.length;
        if (out.length != needed) {
            throw ParameterException.because("likelihood array has " + out.length + " values but " + outcomes.length
                    + " outcomes x " + pr0.length + " (model, experiment) pairs need " + needed);
        }
        int n = pr0.length;
        for (int i = 0; i < outcomes.length; i++) {
            int base = i * n;
            if (outcomes[i] == 0) {
                System.arraycopy(pr0, 0, out, base, n);
            } else {
                for (int m = 0; m < n; m++) {
                    out[base + m] = 1 - pr0[m];
                }
            }
        }
    }
}

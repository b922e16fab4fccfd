package io.simrt.models.qinfer;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import io.simrt.models.ParameterException;
import java.util.List;

/**
 * A coin with unknown bias {@code p} read through a noisy channel (QInfer's {@code NoisyCoinModel},
 * {@code docs/python-semantics.md §1}): a true 0 reads as 0 with probability {@code alpha}, a true 1 reads as 0
 * with probability {@code beta}.
 *
 * <p>One model parameter {@code p}; experiment layout {@code [alpha, beta]}; two outcomes with
 * Pr(0 | p; alpha, beta) = p·alpha + (1 − p)·beta and Pr(1) = 1 − Pr(0). A row is valid iff {@code 0 <= p <= 1}.
 * Unlike QInfer, {@code alpha} and {@code beta} are checked to be probabilities (in [0, 1]), since anything else
 * makes the likelihood meaningless.
 *
 * <p>Stateless apart from the call counters; all instances are equal.
 */
public final class NoisyCoinModel extends TwoOutcomeModel<NoisyCoinModel.Spec> {
    public static final String NAME = "NoisyCoinModel";

    private NoisyCoinModel() {
        super(NAME, List.of("p"), ExpLayout.of("alpha", "beta"), new Spec());
    }

    public static NoisyCoinModel of() {
        return new NoisyCoinModel();
    }

    /** {@code 0 <= p <= 1}. */
    @Override
    boolean isValid(ModelParams mps, int j) {
        double p = mps.get(j, 0);
        return p >= 0 && p <= 1;
    }

    /** Adds to the base checks: every {@code alpha} and {@code beta} lies in [0, 1]. */
    @Override
    protected void checkArguments(ModelParams mps, ExpParams eps) {
        super.checkArguments(mps, eps);
        int a = eps.layout().indexOf("alpha");
        int b = eps.layout().indexOf("beta");
        for (int k = 0; k < eps.nExps(); k++) {
            requireProbability(k, "alpha", eps.get(k, a));
            requireProbability(k, "beta", eps.get(k, b));
        }
    }

    private static void requireProbability(int k, String field, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw ParameterException.of(
                    "expParams[" + k + "]." + field,
                    value,
                    "must lie in [0, 1] (it is a read-out probability of " + NAME + ")");
        }
    }

    /** Pr(0) = p·alpha + (1 − p)·beta. */
    @Override
    double pr0(ModelParams mps, int j, ExpParams eps, int k) {
        double p = mps.get(j, 0);
        double alpha = eps.get(k, 0);
        double beta = eps.get(k, 1);
        return p * alpha + (1 - p) * beta;
    }

    /** A {@link NoisyCoinModel} has no constants. */
    public record Spec() implements ModelSpec<Model> {
        @Override
        public NoisyCoinModel build() {
            return of();
        }
    }
}

package io.simrt.models.qinfer;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.FiniteOutcomeModel;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import io.simrt.models.ParameterException;
import java.util.List;

/**
 * A coin with unknown bias {@code p} read through a noisy channel (QInfer's {@code NoisyCoinModel},
 * SPEC section 5.1): a true 0 reads as 0 with probability {@code alpha}, a true 1 reads as 0 with probability
 * {@code beta}.
 *
 * <p>One model parameter {@code p}; experiment layout {@code [alpha, beta]}; two outcomes with
 * Pr(0 | p; alpha, beta) = p·alpha + (1 − p)·beta and Pr(1) = 1 − Pr(0). A row is valid iff {@code 0 <= p <= 1}.
 * Unlike QInfer, {@code alpha} and {@code beta} are checked to be probabilities (in [0, 1]), since anything else
 * makes the likelihood meaningless.
 *
 * <p>Stateless apart from the call counters; all instances are equal.
 */
public final class NoisyCoinModel extends FiniteOutcomeModel {
    public static final String NAME = "NoisyCoinModel";
    private static final List<String> PARAM_NAMES = List.of("p");
    private static final ExpLayout LAYOUT = ExpLayout.of("alpha", "beta");

    private NoisyCoinModel() {}

    public static NoisyCoinModel of() {
        return new NoisyCoinModel();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int nModelParams() {
        return 1;
    }

    @Override
    public List<String> modelParamNames() {
        return PARAM_NAMES;
    }

    @Override
    public ExpLayout expLayout() {
        return LAYOUT;
    }

    @Override
    public boolean isNOutcomesConstant() {
        return true;
    }

    /** Always 2. */
    @Override
    public int nOutcomes(ExpParams eps, int k) {
        return 2;
    }

    /**
     * {@code valid[j] = 0 <= p_j <= 1}; shape {@code (nModels)}.
     *
     * @throws ParameterException if {@code mps} does not have one column
     */
    @Override
    public boolean[] areModelsValid(ModelParams mps) {
        mps.requireParams(1, NAME);
        boolean[] valid = new boolean[mps.nModels()];
        for (int j = 0; j < valid.length; j++) {
            double p = mps.get(j, 0);
            valid[j] = p >= 0 && p <= 1;
        }
        return valid;
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
            throw ParameterException.of("expParams[" + k + "]." + field, value,
                    "must lie in [0, 1] (it is a read-out probability of " + NAME + ")");
        }
    }

    /** Pr(0) = p·alpha + (1 − p)·beta. */
    @Override
    protected void computeLikelihood(int[] outcomes, ModelParams mps, ExpParams eps, double[] out) {
        int nM = mps.nModels();
        int nE = eps.nExps();
        double[] alpha = eps.column("alpha");
        double[] beta = eps.column("beta");
        double[] pr0 = new double[nM * nE];
        for (int j = 0; j < nM; j++) {
            double p = mps.get(j, 0);
            for (int k = 0; k < nE; k++) {
                pr0[j * nE + k] = p * alpha[k] + (1 - p) * beta[k];
            }
        }
        TwoOutcomeLikelihood.fill(outcomes, pr0, out);
    }

    @Override
    public Spec spec() {
        return new Spec();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NoisyCoinModel;
    }

    @Override
    public int hashCode() {
        return NAME.hashCode();
    }

    /** A {@link NoisyCoinModel} has no constants. */
    public record Spec() implements ModelSpec<Model> {
        @Override
        public NoisyCoinModel build() {
            return of();
        }
    }
}

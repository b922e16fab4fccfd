package io.simrt.models.qinfer;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.FiniteOutcomeModel;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import java.util.List;

/**
 * A coin with unknown bias {@code p} (QInfer's {@code CoinModel}, SPEC section 5.1).
 *
 * <p>One model parameter {@code p}; experiments have no fields ({@link ExpLayout#EMPTY}); two outcomes with
 * Pr(0 | p) = p and Pr(1) = 1 − p. A row is valid iff {@code 0 <= p <= 1}; the likelihood of an invalid row is
 * still computed by the same formula.
 *
 * <p>Stateless apart from the call counters; all instances are equal.
 */
public final class CoinModel extends FiniteOutcomeModel {
    public static final String NAME = "CoinModel";
    private static final List<String> PARAM_NAMES = List.of("p");

    private CoinModel() {}

    public static CoinModel of() {
        return new CoinModel();
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
        return ExpLayout.EMPTY;
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
     * @throws io.simrt.models.ParameterException if {@code mps} does not have one column
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

    /** Pr(0) = p for every experiment. */
    @Override
    protected void computeLikelihood(int[] outcomes, ModelParams mps, ExpParams eps, double[] out) {
        int nM = mps.nModels();
        int nE = eps.nExps();
        double[] pr0 = new double[nM * nE];
        for (int j = 0; j < nM; j++) {
            double p = mps.get(j, 0);
            for (int k = 0; k < nE; k++) {
                pr0[j * nE + k] = p;
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
        return o instanceof CoinModel;
    }

    @Override
    public int hashCode() {
        return NAME.hashCode();
    }

    /** A {@link CoinModel} has no constants. */
    public record Spec() implements ModelSpec<Model> {
        @Override
        public CoinModel build() {
            return of();
        }
    }
}

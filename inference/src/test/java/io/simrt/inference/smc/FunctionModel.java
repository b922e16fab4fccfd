package io.simrt.inference.smc;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.FiniteOutcomeModel;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoublePredicate;

/**
 * A one-parameter, two-outcome test model: Pr(0 | x; t) = pr0(x, t), layout {@code [t]}, rows valid iff
 * {@code valid(x)}.
 */
final class FunctionModel extends FiniteOutcomeModel {
    private final DoubleBinaryOperator pr0;
    private final DoublePredicate valid;

    FunctionModel(DoubleBinaryOperator pr0, DoublePredicate valid) {
        this.pr0 = pr0;
        this.valid = valid;
    }

    /** Pr(0 | x; t) = 1 if x < t else 0: outcome 0 says "x is below t". Valid iff x >= 0. */
    static FunctionModel step() {
        return new FunctionModel((x, t) -> x < t ? 1 : 0, x -> x >= 0);
    }

    /** Pr(0 | x; t) = x (for x in [0, 1]): the posterior weight after outcome 0 is proportional to x. */
    static FunctionModel linear() {
        return new FunctionModel((x, t) -> x, x -> true);
    }

    @Override
    public String name() {
        return "FunctionModel";
    }

    @Override
    public int nModelParams() {
        return 1;
    }

    @Override
    public List<String> modelParamNames() {
        return List.of("x");
    }

    @Override
    public ExpLayout expLayout() {
        return ExpLayout.of("t");
    }

    @Override
    public boolean isNOutcomesConstant() {
        return true;
    }

    @Override
    public int nOutcomes(ExpParams eps, int k) {
        return 2;
    }

    @Override
    public boolean[] areModelsValid(ModelParams mps) {
        boolean[] v = new boolean[mps.nModels()];
        for (int j = 0; j < v.length; j++) {
            v[j] = valid.test(mps.get(j, 0));
        }
        return v;
    }

    @Override
    protected void computeLikelihood(int[] outcomes, ModelParams mps, ExpParams eps, double[] out) {
        int nM = mps.nModels();
        int nE = eps.nExps();
        double[] t = eps.column("t");
        for (int i = 0; i < outcomes.length; i++) {
            for (int j = 0; j < nM; j++) {
                for (int k = 0; k < nE; k++) {
                    double p = pr0.applyAsDouble(mps.get(j, 0), t[k]);
                    out[(i * nM + j) * nE + k] = outcomes[i] == 0 ? p : 1 - p;
                }
            }
        }
    }

    @Override
    public ModelSpec<Model> spec() {
        throw new UnsupportedOperationException("test model");
    }
}

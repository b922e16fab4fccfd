package io.simrt.models.qinfer;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.FiniteOutcomeModel;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import java.util.List;

/**
 * Precession at an unknown frequency {@code omega} that dephases at an unknown rate {@code T2inv}
 * (QInfer's {@code UnknownT2Model}, SPEC section 5.1).
 *
 * <p>Model parameters {@code (omega, T2inv)}; experiment layout {@code [t]}; two outcomes with
 * Pr(0 | omega, T2inv; t) = v·cos²(omega·t/2) + (1 − v)/2, v = exp(−t·T2inv), and Pr(1) = 1 − Pr(0).
 * A row is valid iff both parameters are {@code >= 0}. As in QInfer, {@code t} is not restricted; a negative
 * {@code t} with {@code T2inv > 0} gives v > 1 and can leave Pr(0) outside [0, 1].
 *
 * <p>Stateless apart from the call counters; all instances are equal.
 */
public final class UnknownT2Model extends FiniteOutcomeModel {
    public static final String NAME = "UnknownT2Model";
    private static final List<String> PARAM_NAMES = List.of("omega", "T2inv");
    private static final ExpLayout LAYOUT = ExpLayout.of("t");

    private UnknownT2Model() {}

    public static UnknownT2Model of() {
        return new UnknownT2Model();
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int nModelParams() {
        return 2;
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
     * {@code valid[j] = omega_j >= 0 && T2inv_j >= 0}; shape {@code (nModels)}.
     *
     * @throws io.simrt.models.ParameterException if {@code mps} does not have two columns
     */
    @Override
    public boolean[] areModelsValid(ModelParams mps) {
        mps.requireParams(2, NAME);
        boolean[] valid = new boolean[mps.nModels()];
        for (int j = 0; j < valid.length; j++) {
            valid[j] = mps.get(j, 0) >= 0 && mps.get(j, 1) >= 0;
        }
        return valid;
    }

    /** Pr(0) = v·c² + (1 − v)/2 with {@code c = cos(omega * t / 2)}, {@code v = exp(-t * T2inv)}. */
    @Override
    protected void computeLikelihood(int[] outcomes, ModelParams mps, ExpParams eps, double[] out) {
        int nM = mps.nModels();
        int nE = eps.nExps();
        double[] t = eps.column("t");
        double[] pr0 = new double[nM * nE];
        for (int j = 0; j < nM; j++) {
            double omega = mps.get(j, 0);
            double t2inv = mps.get(j, 1);
            for (int k = 0; k < nE; k++) {
                double c = Math.cos(omega * t[k] / 2);
                double v = Math.exp(-t[k] * t2inv);
                pr0[j * nE + k] = v * c * c + (1 - v) / 2;
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
        return o instanceof UnknownT2Model;
    }

    @Override
    public int hashCode() {
        return NAME.hashCode();
    }

    /** An {@link UnknownT2Model} has no constants. */
    public record Spec() implements ModelSpec<Model> {
        @Override
        public UnknownT2Model build() {
            return of();
        }
    }
}

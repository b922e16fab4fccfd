package io.simrt.models.qinfer;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.FiniteOutcomeModel;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import io.simrt.models.Require;
import java.util.List;

/**
 * Precession at an unknown frequency {@code omega} probed against a guessed frequency {@code w_}
 * (QInfer's {@code SimpleInversionModel}, SPEC section 5.1).
 *
 * <p>One model parameter {@code omega}; experiment layout {@code [t, w_]}; two outcomes with
 * Pr(0 | omega; t, w_) = cos²(t·(omega − w_)/2) and Pr(1) = 1 − Pr(0). A row is valid iff {@code omega > minFreq}.
 *
 * <p>Immutable apart from the call counters; two instances with the same {@code minFreq} are equal.
 */
public final class SimpleInversionModel extends FiniteOutcomeModel {
    public static final String NAME = "SimpleInversionModel";
    private static final List<String> PARAM_NAMES = List.of("omega");
    private static final ExpLayout LAYOUT = ExpLayout.of("t", "w_");

    private final Spec spec;

    private SimpleInversionModel(Spec spec) {
        this.spec = spec;
    }

    /** {@code minFreq = 0}. */
    public static SimpleInversionModel of() {
        return of(0);
    }

    /**
     * @param minFreq lower bound (exclusive) of valid frequencies
     * @throws io.simrt.models.ParameterException unless {@code minFreq} is finite and {@code >= 0}
     */
    public static SimpleInversionModel of(double minFreq) {
        return new SimpleInversionModel(new Spec(minFreq));
    }

    public double minFreq() {
        return spec.minFreq();
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
     * {@code valid[j] = omega_j > minFreq}; shape {@code (nModels)}.
     *
     * @throws io.simrt.models.ParameterException if {@code mps} does not have one column
     */
    @Override
    public boolean[] areModelsValid(ModelParams mps) {
        mps.requireParams(1, NAME);
        boolean[] valid = new boolean[mps.nModels()];
        double min = spec.minFreq();
        for (int j = 0; j < valid.length; j++) {
            valid[j] = mps.get(j, 0) > min;
        }
        return valid;
    }

    /** Pr(0) = c² with {@code c = cos(t * (omega - w_) / 2)}. */
    @Override
    protected void computeLikelihood(int[] outcomes, ModelParams mps, ExpParams eps, double[] out) {
        int nM = mps.nModels();
        int nE = eps.nExps();
        double[] t = eps.column("t");
        double[] w = eps.column("w_");
        double[] pr0 = new double[nM * nE];
        for (int j = 0; j < nM; j++) {
            double omega = mps.get(j, 0);
            for (int k = 0; k < nE; k++) {
                double c = Math.cos(t[k] * (omega - w[k]) / 2);
                pr0[j * nE + k] = c * c;
            }
        }
        TwoOutcomeLikelihood.fill(outcomes, pr0, out);
    }

    @Override
    public Spec spec() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimpleInversionModel m && m.spec.equals(spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }

    /** Everything that defines a {@link SimpleInversionModel}. */
    public record Spec(double minFreq) implements ModelSpec<Model> {
        public Spec {
            Require.nonNegative("minFreq", minFreq);
            minFreq += 0.0; // -0.0 becomes 0.0, so equal bounds give equal specs
        }

        @Override
        public SimpleInversionModel build() {
            return new SimpleInversionModel(this);
        }
    }
}

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
 * A qubit precessing at an unknown angular frequency {@code omega}, measured after a time {@code t}
 * (QInfer's {@code SimplePrecessionModel}, SPEC section 5.1).
 *
 * <p>One model parameter {@code omega}; experiment layout {@code [t]}; two outcomes with
 * Pr(0 | omega; t) = cos²(omega·t/2) and Pr(1) = 1 − Pr(0). A parameter row is valid iff
 * {@code omega > minFreq} (strict).
 *
 * <p>Immutable apart from the call counters; two instances with the same {@code minFreq} are equal.
 */
public final class SimplePrecessionModel extends FiniteOutcomeModel {
    public static final String NAME = "SimplePrecessionModel";
    private static final List<String> PARAM_NAMES = List.of("omega");
    private static final ExpLayout LAYOUT = ExpLayout.of("t");

    private final Spec spec;

    private SimplePrecessionModel(Spec spec) {
        this.spec = spec;
    }

    /** {@code minFreq = 0}: every positive frequency is valid. */
    public static SimplePrecessionModel of() {
        return of(0);
    }

    /**
     * @param minFreq lower bound (exclusive) of valid frequencies
     * @throws io.simrt.models.ParameterException unless {@code minFreq} is finite and {@code >= 0}
     */
    public static SimplePrecessionModel of(double minFreq) {
        return new SimplePrecessionModel(new Spec(minFreq));
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

    /** Pr(0) = cos²(omega·t/2), computed as {@code c * c} with {@code c = cos(omega * t / 2)}. */
    @Override
    protected void computeLikelihood(int[] outcomes, ModelParams mps, ExpParams eps, double[] out) {
        int nM = mps.nModels();
        int nE = eps.nExps();
        double[] t = eps.column("t");
        double[] pr0 = new double[nM * nE];
        for (int j = 0; j < nM; j++) {
            double omega = mps.get(j, 0);
            for (int k = 0; k < nE; k++) {
                double c = Math.cos(omega * t[k] / 2);
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
        return o instanceof SimplePrecessionModel m && m.spec.equals(spec);
    }

    @Override
    public int hashCode() {
        return spec.hashCode();
    }

    /** Everything that defines a {@link SimplePrecessionModel}. */
    public record Spec(double minFreq) implements ModelSpec<Model> {
        public Spec {
            Require.nonNegative("minFreq", minFreq);
            minFreq += 0.0; // -0.0 becomes 0.0, so equal bounds give equal specs
        }

        @Override
        public SimplePrecessionModel build() {
            return new SimplePrecessionModel(this);
        }
    }
}

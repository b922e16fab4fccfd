package io.simrt.models.qinfer;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.FiniteOutcomeModel;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import io.simrt.models.ParameterException;
import java.util.List;
import java.util.Objects;

/**
 * {@code n_meas} independent repetitions of a two-outcome model, counting how often outcome 1 occurs
 * (QInfer's derived {@code BinomialModel}, {@code docs/python-semantics.md §1}).
 *
 * <p>Model parameters, their names and validity are those of the underlying model. The experiment layout is the
 * underlying layout plus {@code n_meas}, a whole number {@code >= 0} (stored as a double, checked on every
 * call). Experiment {@code k} has outcomes {@code 0 .. n_meas_k}, so the number of outcomes is not constant:
 * Pr(outcome i | x; e) = Binom(i; n_meas, p1) with p1 = the underlying likelihood of outcome 1 for (x, e), and
 * 0 for an outcome above the experiment's own {@code n_meas}.
 *
 * <p>p1 is obtained through the underlying model's {@link Model#likelihood}, so each call here also adds
 * {@code nModels * nExps} to the underlying model's likelihood counter.
 *
 * <p>Immutable apart from the call counters; two instances are equal iff their underlying models are.
 */
public final class BinomialModel extends FiniteOutcomeModel {
    public static final String NAME = "BinomialModel";
    /** The added experiment field. */
    public static final String N_MEAS = "n_meas";
    /** Largest accepted {@code n_meas}, so that the outcome count {@code n_meas + 1} is an {@code int}. */
    public static final int MAX_N_MEAS = Integer.MAX_VALUE - 1;

    private static final int[] OUTCOME_ONE = {1};

    private final Model underlying;
    private final ExpLayout layout;
    private final String name;

    private BinomialModel(Model underlying, ExpLayout layout) {
        this.underlying = underlying;
        this.layout = layout;
        this.name = NAME + "(" + underlying.name() + ")";
    }

    /**
     * @param twoOutcomeModel a model with a constant number of outcomes, equal to 2
     * @throws ParameterException if the model's number of outcomes varies or is not 2, or if its layout already
     *     has a field {@code n_meas}
     */
    public static BinomialModel of(Model twoOutcomeModel) {
        Objects.requireNonNull(twoOutcomeModel, "twoOutcomeModel");
        String what = twoOutcomeModel.name();
        if (!twoOutcomeModel.isNOutcomesConstant()) {
            throw ParameterException.of(
                    "underlying model",
                    what,
                    "BinomialModel needs a two-outcome model, but its number of outcomes varies by experiment");
        }
        ExpLayout base = twoOutcomeModel.expLayout();
        // Constant-outcome models ignore the arguments of nOutcomes; give them a well-formed row anyway.
        int nOutcomes = twoOutcomeModel.nOutcomes(ExpParams.of(base, 1, new double[base.size()]), 0);
        if (nOutcomes != 2) {
            throw ParameterException.of(
                    "underlying model",
                    what,
                    "BinomialModel needs a two-outcome model, but it has " + nOutcomes + " outcomes");
        }
        if (base.indexOf(N_MEAS) >= 0) {
            throw ParameterException.of(
                    "underlying model",
                    what,
                    "its experiment layout " + base + " already has a field '" + N_MEAS
                            + "', which BinomialModel adds");
        }
        return new BinomialModel(twoOutcomeModel, base.with(N_MEAS));
    }

    /** The wrapped two-outcome model. */
    public Model underlying() {
        return underlying;
    }

    /** {@code "BinomialModel(" + underlying name + ")"}. */
    @Override
    public String name() {
        return name;
    }

    @Override
    public int nModelParams() {
        return underlying.nModelParams();
    }

    @Override
    public List<String> modelParamNames() {
        return underlying.modelParamNames();
    }

    /** The underlying layout with {@code n_meas} appended. */
    @Override
    public ExpLayout expLayout() {
        return layout;
    }

    @Override
    public boolean isNOutcomesConstant() {
        return false;
    }

    /**
     * {@code n_meas + 1} for experiment {@code k}.
     *
     * @throws ParameterException if {@code eps} has no {@code n_meas} field or its value in row {@code k} is not a
     *     whole number in {@code [0, MAX_N_MEAS]}
     */
    @Override
    public int nOutcomes(ExpParams eps, int k) {
        int f = eps.layout().require(N_MEAS, name);
        return nMeas(eps, k, f) + 1;
    }

    /**
     * The underlying model's verdict.
     *
     * @throws ParameterException if {@code mps} has the wrong number of columns
     */
    @Override
    public boolean[] areModelsValid(ModelParams mps) {
        mps.requireParams(nModelParams(), name);
        return underlying.areModelsValid(mps);
    }

    /** Adds to the base checks: every {@code n_meas} is a whole number in {@code [0, MAX_N_MEAS]}. */
    @Override
    protected void checkArguments(ModelParams mps, ExpParams eps) {
        super.checkArguments(mps, eps);
        int f = eps.layout().indexOf(N_MEAS);
        for (int k = 0; k < eps.nExps(); k++) {
            nMeas(eps, k, f);
        }
    }

    private static int nMeas(ExpParams eps, int k, int field) {
        double v = eps.get(k, field);
        if (!(v >= 0 && v <= MAX_N_MEAS && v == Math.rint(v))) {
            throw ParameterException.of(
                    "expParams[" + k + "]." + N_MEAS, v, "must be a whole number in [0, " + MAX_N_MEAS + "]");
        }
        return (int) v;
    }

    /**
     * {@code out[(i * nM + j) * nE + k] = Binom(outcomes[i]; n_meas_k, p1[j][k])}, where {@code p1} is the
     * underlying likelihood of outcome 1, shape {@code (1, nM, nE)}. The pmf is Loader's saddle-point form
     * (accurate for large {@code n_meas}); it is exact at p1 = 0 (all mass on 0) and p1 = 1 (all mass on
     * {@code n_meas}), treats a p1 rounded just outside [0, 1] as the nearest bound, and returns NaN for a NaN p1.
     * Outcomes above {@code n_meas_k} get 0.
     */
    @Override
    protected void computeLikelihood(int[] outcomes, ModelParams mps, ExpParams eps, double[] out) {
        int nM = mps.nModels();
        int nE = eps.nExps();
        double[] p1 = new double[nM * nE];
        underlying.likelihood(OUTCOME_ONE, mps, eps).copyTo(p1, 0);
        int f = eps.layout().indexOf(N_MEAS);
        int[] n = new int[nE];
        for (int k = 0; k < nE; k++) {
            n[k] = (int) eps.get(k, f);
        }
        for (int i = 0; i < outcomes.length; i++) {
            int outcome = outcomes[i];
            int base = i * nM * nE;
            for (int m = 0; m < nM * nE; m++) {
                out[base + m] = BinomialPmf.pmf(outcome, n[m % nE], p1[m]);
            }
        }
    }

    @Override
    public void clearCache() {
        underlying.clearCache();
    }

    @Override
    public Spec spec() {
        return new Spec(underlying.spec());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BinomialModel m && m.underlying.equals(underlying);
    }

    @Override
    public int hashCode() {
        return 31 * NAME.hashCode() + underlying.hashCode();
    }

    /** A {@link BinomialModel} is defined by its underlying model's spec. */
    public record Spec(ModelSpec<Model> underlying) implements ModelSpec<Model> {
        public Spec {
            Objects.requireNonNull(underlying, "underlying");
        }

        @Override
        public BinomialModel build() {
            return of(underlying.build());
        }
    }
}

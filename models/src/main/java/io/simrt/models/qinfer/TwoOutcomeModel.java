package io.simrt.models.qinfer;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.FiniteOutcomeModel;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import java.util.List;
import java.util.Objects;

/**
 * Base of QInfer's two-outcome test models ({@code docs/python-semantics.md §1}): a model whose every experiment
 * has the outcomes 0 and 1, with Pr(1) = 1 − Pr(0). A concrete model states only its name, parameter names,
 * experiment layout and spec (through the constructor), its validity rule ({@link #isValid}) and Pr(0) for one
 * (model row, experiment row) ({@link #pr0}); this class does the rest: outcome counts, argument checks, the
 * likelihood tensor, simulation (inherited from {@link FiniteOutcomeModel}) and equality by spec.
 *
 * <p>Only this package can extend it (the constructor and the two hooks are package-private).
 *
 * @param <S> the concrete model's spec record
 */
public abstract class TwoOutcomeModel<S extends ModelSpec<Model>> extends FiniteOutcomeModel {
    private final String name;
    private final List<String> paramNames;
    private final int nParams;
    private final ExpLayout layout;
    private final S spec;

    /**
     * @param name       the model's {@link #name()}
     * @param paramNames one name per model parameter, in column order
     * @param layout     the experiment fields {@link #pr0} reads, in the order it receives them
     * @param spec       the spec that builds an equal model
     */
    TwoOutcomeModel(String name, List<String> paramNames, ExpLayout layout, S spec) {
        this.name = Objects.requireNonNull(name, "name");
        this.paramNames = List.copyOf(paramNames);
        this.nParams = this.paramNames.size();
        this.layout = Objects.requireNonNull(layout, "layout");
        this.spec = Objects.requireNonNull(spec, "spec");
    }

    /**
     * Pr(outcome 0 | model row {@code j} of {@code mps}; experiment row {@code k} of {@code eps}). Called once per
     * (model, experiment) cell, so it must not allocate. It sees only checked input: {@code mps} has
     * {@link #nModelParams()} finite columns in {@link #modelParamNames()} order, and {@code eps} has exactly the
     * fields of {@link #expLayout()} in that order (field {@code f} of the layout is {@code eps.get(k, f)}),
     * whatever extra fields or order the caller's table had, with the rules of {@link #checkArguments} already
     * enforced. The value is used as is: nothing is clipped and NaN stays NaN.
     */
    abstract double pr0(ModelParams mps, int j, ExpParams eps, int k);

    /** Whether model row {@code j} of {@code mps} (checked to have {@link #nModelParams()} columns) is valid. */
    abstract boolean isValid(ModelParams mps, int j);

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final int nModelParams() {
        return nParams;
    }

    @Override
    public final List<String> modelParamNames() {
        return paramNames;
    }

    @Override
    public final ExpLayout expLayout() {
        return layout;
    }

    /** Always true. */
    @Override
    public final boolean isNOutcomesConstant() {
        return true;
    }

    /** Always 2. */
    @Override
    public final int nOutcomes(ExpParams eps, int k) {
        return 2;
    }

    /**
     * {@code valid[j] = isValid(row j of mps)}; shape {@code (nModels)}, empty for no rows.
     *
     * @throws io.simrt.models.ParameterException if {@code mps} does not have {@link #nModelParams()} columns
     */
    @Override
    public final boolean[] areModelsValid(ModelParams mps) {
        mps.requireParams(nParams, name);
        boolean[] valid = new boolean[mps.nModels()];
        for (int j = 0; j < valid.length; j++) {
            valid[j] = isValid(mps, j);
        }
        return valid;
    }

    /**
     * QInfer's {@code pr0_to_likelihood_array}: with {@code p = pr0(mps, j, eps, k)},
     * {@code out[(i * nModels + j) * nExps + k] = p} if {@code outcomes[i] == 0}, else {@code 1 - p}. Pr(0) is
     * computed once per (model, experiment) cell, whatever the number of outcomes, into one
     * {@code (nModels, nExps)} table; the loop over cells allocates nothing.
     */
    @Override
    protected final void computeLikelihood(int[] outcomes, ModelParams mps, ExpParams eps, double[] out) {
        int nM = mps.nModels();
        int nE = eps.nExps();
        ExpParams own = ownFields(eps);
        double[] p0 = new double[nM * nE];
        for (int j = 0; j < nM; j++) {
            for (int k = 0; k < nE; k++) {
                p0[j * nE + k] = pr0(mps, j, own, k);
            }
        }
        TwoOutcomeLikelihood.fill(outcomes, p0, out);
    }

    /** {@code eps} narrowed to this model's fields in {@link #expLayout()} order ({@code eps} itself if it is). */
    private ExpParams ownFields(ExpParams eps) {
        if (eps.layout().equals(layout)) {
            return eps;
        }
        List<String> fields = layout.fields();
        int nF = fields.size();
        int[] at = new int[nF];
        for (int f = 0; f < nF; f++) {
            at[f] = eps.layout().indexOf(fields.get(f)); // present: checkArguments ran first
        }
        int nE = eps.nExps();
        double[] values = new double[nE * nF];
        for (int k = 0; k < nE; k++) {
            for (int f = 0; f < nF; f++) {
                values[k * nF + f] = eps.get(k, at[f]);
            }
        }
        return ExpParams.of(layout, nE, values);
    }

    /** The model's constants, from which {@link ModelSpec#build()} makes an equal model. */
    @Override
    public final S spec() {
        return spec;
    }

    /** Equal iff of the same class with equal specs. */
    @Override
    public final boolean equals(Object o) {
        return o instanceof TwoOutcomeModel<?> m && m.getClass() == getClass() && m.spec.equals(spec);
    }

    @Override
    public final int hashCode() {
        return 31 * name.hashCode() + spec.hashCode();
    }
}

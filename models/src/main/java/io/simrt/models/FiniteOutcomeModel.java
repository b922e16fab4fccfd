package io.simrt.models;

import java.util.concurrent.atomic.LongAdder;

/**
 * Base of models with finitely many outcomes {@code 0 .. n-1}: checks arguments, keeps the call counters,
 * and simulates by inverting the cumulative likelihood (QInfer's {@code FiniteOutcomeModel}).
 *
 * <p>Subclasses fill a likelihood array in {@link #computeLikelihood}; they never see unchecked input.
 */
public abstract class FiniteOutcomeModel implements Model {
    private final LongAdder likelihoodCalls = new LongAdder();
    private final LongAdder simulations = new LongAdder();

    protected FiniteOutcomeModel() {}

    /**
     * Fills {@code out[(i * nModels + j) * nExps + k]} with Pr(outcomes[i] | row j; experiment k). Arguments are
     * already checked: {@code mps} has {@link #nModelParams()} columns, {@code eps} has this model's fields, and
     * every outcome lies in {@code [0, max_k nOutcomes(eps, k))}.
     */
    protected abstract void computeLikelihood(int[] outcomes, ModelParams mps, ExpParams eps, double[] out);

    @Override
    public final Tensor3 likelihood(int[] outcomes, ModelParams mps, ExpParams eps) {
        checkArguments(mps, eps);
        ModelArguments.requireOutcomes(this, outcomes, eps);
        int n = Math.multiplyExact(Math.multiplyExact(outcomes.length, mps.nModels()), eps.nExps());
        likelihoodCalls.add(n);
        double[] out = new double[n];
        computeLikelihood(outcomes, mps, eps, out);
        return Tensor3.adopt(outcomes.length, mps.nModels(), eps.nExps(), out);
    }

    /**
     * For each (repeat r, model j, experiment k), draws {@code u ~ U[0,1)} and returns the first outcome {@code o}
     * whose cumulative probability {@code sum_{o' <= o} L[o'][j][k]} exceeds {@code u}. With a constant number
     * of outcomes the uniforms are drawn in row-major {@code (r, j, k)} order; otherwise experiment by
     * experiment, {@code (r, j)} within each. If rounding leaves the total below {@code u}, the last outcome is
     * returned (numpy's {@code argmax} of an all-false mask would return outcome 0).
     */
    @Override
    public Tensor3 simulateExperiment(ModelParams mps, ExpParams eps, int repeat, RandomStream rng) {
        checkArguments(mps, eps);
        Require.positive("repeat", repeat);
        int nM = mps.nModels();
        int nE = eps.nExps();
        int n = Math.multiplyExact(Math.multiplyExact(repeat, nM), nE);
        simulations.add(n);
        int nO = maxOutcomes(eps);
        int[] all = new int[nO];
        for (int o = 0; o < nO; o++) {
            all[o] = o;
        }
        double[] probs = new double[nO * nM * nE];
        computeLikelihood(all, mps, eps, probs);
        double[] out = new double[n];
        if (isNOutcomesConstant()) {
            for (int r = 0; r < repeat; r++) {
                for (int j = 0; j < nM; j++) {
                    for (int k = 0; k < nE; k++) {
                        out[(r * nM + j) * nE + k] = invert(probs, nO, nM, nE, j, k, rng.nextDouble());
                    }
                }
            }
        } else {
            for (int k = 0; k < nE; k++) {
                int nOk = nOutcomes(eps, k);
                for (int r = 0; r < repeat; r++) {
                    for (int j = 0; j < nM; j++) {
                        out[(r * nM + j) * nE + k] = invert(probs, nOk, nM, nE, j, k, rng.nextDouble());
                    }
                }
            }
        }
        return Tensor3.adopt(repeat, nM, nE, out);
    }

    private static int invert(double[] probs, int nO, int nM, int nE, int j, int k, double u) {
        double cdf = 0;
        for (int o = 0; o < nO; o++) {
            cdf += probs[(o * nM + j) * nE + k];
            if (cdf > u) {
                return o;
            }
        }
        return nO - 1;
    }

    /** The largest number of outcomes over the experiments of {@code eps} (at least 1). */
    protected final int maxOutcomes(ExpParams eps) {
        return ModelArguments.maxOutcomes(this, eps);
    }

    /** Column count and experiment layout; subclasses may add rules (e.g. whole-number fields). */
    protected void checkArguments(ModelParams mps, ExpParams eps) {
        ModelArguments.requireShapes(this, mps, eps);
    }

    @Override
    public void clearCache() {
        // Nothing cached by default.
    }

    @Override
    public final long likelihoodCallCount() {
        return likelihoodCalls.sum();
    }

    @Override
    public final long simulationCount() {
        return simulations.sum();
    }

    @Override
    public String toString() {
        return name();
    }
}

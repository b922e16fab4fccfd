package io.simrt.models;

import java.util.List;

/**
 * A parametric model with a likelihood, QInfer's {@code Model} contract in Java (docs/python-semantics.md §1).
 *
 * <p>Axes: model parameters are a {@code nModels x nModelParams} matrix ({@link ModelParams}), experiments a
 * table of named fields ({@link ExpParams}). {@link #likelihood} returns {@code L[outcome][model][experiment]}
 * = Pr(outcome | model; experiment); {@link #simulateExperiment} returns {@code data[repeat][model][experiment]}.
 *
 * <p>Implementations are immutable in everything that determines their results, and safe to call from
 * several threads at once; the only mutable state is the pair of call counters, which are atomic.
 * {@link #clearCache()} never changes results.
 */
public interface Model {

    /** A short, stable name ({@code "SimplePrecessionModel"}) used in messages and specs. */
    String name();

    int nModelParams();

    /** One name per model parameter, in column order. */
    List<String> modelParamNames();

    /** The experiment fields this model reads. Tables with extra fields are accepted; missing ones are not. */
    ExpLayout expLayout();

    /** Whether every experiment has the same number of outcomes. */
    boolean isNOutcomesConstant();

    /**
     * Number of outcomes of experiment {@code k} of {@code eps}; outcomes are the integers
     * {@code 0 .. nOutcomes - 1}. Constant-outcome models ignore the arguments.
     */
    int nOutcomes(ExpParams eps, int k);

    /** One flag per model row: whether those parameters lie in the model's domain. */
    boolean[] areModelsValid(ModelParams mps);

    /**
     * {@code L[i][j][k] = Pr(outcomes[i] | mps row j; eps row k)}, shape
     * {@code (outcomes.length, mps.nModels(), eps.nExps())}. Adds
     * {@code outcomes.length * nModels * nExps} to {@link #likelihoodCallCount()}.
     *
     * @throws ParameterException if {@code mps} has the wrong number of columns, {@code eps} lacks a field
     *     this model reads, or an outcome is not an outcome of this model
     */
    Tensor3 likelihood(int[] outcomes, ModelParams mps, ExpParams eps);

    /**
     * Draws {@code repeat} outcomes for every (model, experiment) pair: {@code data[r][j][k]}, shape
     * {@code (repeat, mps.nModels(), eps.nExps())}. Randomness comes only from {@code rng}. Adds
     * {@code nModels * nExps * repeat} to {@link #simulationCount()}.
     *
     * @throws ParameterException if {@code repeat < 1} or the arguments break the rules of {@link #likelihood}
     */
    Tensor3 simulateExperiment(ModelParams mps, ExpParams eps, int repeat, RandomStream rng);

    /** Drops cached intermediate values; never changes a result. */
    void clearCache();

    /** Sum over {@link #likelihood} calls of {@code nOutcomes * nModels * nExps} (QInfer's {@code call_count}). */
    long likelihoodCallCount();

    /** Sum over {@link #simulateExperiment} calls of {@code nModels * nExps * repeat} ({@code sim_count}). */
    long simulationCount();

    /** A description from which an equal model can be built anywhere, e.g. on a remote engine. */
    ModelSpec<Model> spec();
}

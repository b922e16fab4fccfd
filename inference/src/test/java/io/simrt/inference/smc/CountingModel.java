package io.simrt.inference.smc;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import io.simrt.models.RandomStream;
import io.simrt.models.Tensor3;
import java.util.ArrayList;
import java.util.List;

/**
 * A delegate that records every likelihood call's shape {@code (nOutcomes, nModels, nExps)} and counts
 * {@link #clearCache()} calls: how the updater is proven to call the model once per update with all particles,
 * the way a parallelised model would see it.
 */
class CountingModel implements Model {
    private final Model underlying;
    final List<int[]> likelihoodCalls = new ArrayList<>();
    int clearCacheCalls;

    CountingModel(Model underlying) {
        this.underlying = underlying;
    }

    @Override
    public Tensor3 likelihood(int[] outcomes, ModelParams mps, ExpParams eps) {
        likelihoodCalls.add(new int[] {outcomes.length, mps.nModels(), eps.nExps()});
        return underlying.likelihood(outcomes, mps, eps);
    }

    @Override
    public void clearCache() {
        clearCacheCalls++;
        underlying.clearCache();
    }

    @Override
    public String name() {
        return "Counting(" + underlying.name() + ")";
    }

    @Override
    public int nModelParams() {
        return underlying.nModelParams();
    }

    @Override
    public List<String> modelParamNames() {
        return underlying.modelParamNames();
    }

    @Override
    public ExpLayout expLayout() {
        return underlying.expLayout();
    }

    @Override
    public boolean isNOutcomesConstant() {
        return underlying.isNOutcomesConstant();
    }

    @Override
    public int nOutcomes(ExpParams eps, int k) {
        return underlying.nOutcomes(eps, k);
    }

    @Override
    public boolean[] areModelsValid(ModelParams mps) {
        return underlying.areModelsValid(mps);
    }

    @Override
    public Tensor3 simulateExperiment(ModelParams mps, ExpParams eps, int repeat, RandomStream rng) {
        return underlying.simulateExperiment(mps, eps, repeat, rng);
    }

    @Override
    public long likelihoodCallCount() {
        return underlying.likelihoodCallCount();
    }

    @Override
    public long simulationCount() {
        return underlying.simulationCount();
    }

    @Override
    public ModelSpec<Model> spec() {
        return underlying.spec();
    }
}

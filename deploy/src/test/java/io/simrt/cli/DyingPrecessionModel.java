package io.simrt.cli;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import io.simrt.models.RandomStream;
import io.simrt.models.Tensor3;
import io.simrt.models.qinfer.SimplePrecessionModel;
import java.util.List;

/**
 * QInfer's simple precession for {@code simrt smc --model io.simrt.cli.DyingPrecessionModel}, whose simulation
 * throws at the {@link #dieAt}-th call (never when it is 0): a coordinator dying mid-run, in process.
 */
public final class DyingPrecessionModel implements Model {
    /** The simulation call that throws, from 1; 0: none. */
    static volatile int dieAt;

    private final SimplePrecessionModel model = SimplePrecessionModel.of();
    private int simulations;

    /** Thrown at the fatal call. */
    static final class Died extends RuntimeException {
        Died(int call) {
            super("died at simulation " + call);
        }
    }

    @Override
    public String name() {
        return "DyingPrecession";
    }

    @Override
    public int nModelParams() {
        return model.nModelParams();
    }

    @Override
    public List<String> modelParamNames() {
        return model.modelParamNames();
    }

    @Override
    public ExpLayout expLayout() {
        return model.expLayout();
    }

    @Override
    public boolean isNOutcomesConstant() {
        return model.isNOutcomesConstant();
    }

    @Override
    public int nOutcomes(ExpParams eps, int k) {
        return model.nOutcomes(eps, k);
    }

    @Override
    public boolean[] areModelsValid(ModelParams mps) {
        return model.areModelsValid(mps);
    }

    @Override
    public Tensor3 likelihood(int[] outcomes, ModelParams mps, ExpParams eps) {
        return model.likelihood(outcomes, mps, eps);
    }

    @Override
    public Tensor3 simulateExperiment(ModelParams mps, ExpParams eps, int repeat, RandomStream rng) {
        if (++simulations == dieAt) {
            throw new Died(simulations);
        }
        return model.simulateExperiment(mps, eps, repeat, rng);
    }

    @Override
    public void clearCache() {
        model.clearCache();
    }

    @Override
    public long likelihoodCallCount() {
        return model.likelihoodCallCount();
    }

    @Override
    public long simulationCount() {
        return model.simulationCount();
    }

    @Override
    public ModelSpec<Model> spec() {
        throw new UnsupportedOperationException("DyingPrecessionModel runs in process only (--client native)");
    }
}

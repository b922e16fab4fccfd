package io.simrt.runtime.testmodels;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.FiniteOutcomeModel;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A two-outcome test model, Pr(0) = cos^2(x t / 2), that can misbehave on purpose: record the thread it runs on,
 * sleep, or throw. Engines in the same JVM build it from its spec, so the static records are visible to tests.
 */
public final class ProbeModel extends FiniteOutcomeModel {
    /** Names of the threads likelihoods ran on. */
    public static final Queue<String> THREADS = new ConcurrentLinkedQueue<>();

    private final Spec spec;

    /**
     * @param sleepMillis per likelihood call
     * @param failWhenModelsAtLeast throw when a call has at least this many models (0: never)
     */
    public record Spec(long sleepMillis, int failWhenModelsAtLeast) implements ModelSpec<Model> {
        @Override
        public Model build() {
            return new ProbeModel(this);
        }
    }

    private ProbeModel(Spec spec) {
        this.spec = spec;
    }

    public static ProbeModel of(long sleepMillis, int failWhenModelsAtLeast) {
        return new ProbeModel(new Spec(sleepMillis, failWhenModelsAtLeast));
    }

    @Override
    protected void computeLikelihood(int[] outcomes, ModelParams mps, ExpParams eps, double[] out) {
        THREADS.add(Thread.currentThread().getName());
        if (spec.failWhenModelsAtLeast() > 0 && mps.nModels() >= spec.failWhenModelsAtLeast()) {
            throw new IllegalStateException("probe failure on " + mps.nModels() + " models");
        }
        if (spec.sleepMillis() > 0) {
            try {
                Thread.sleep(spec.sleepMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int t = eps.layout().require("t", name());
        int nM = mps.nModels();
        int nE = eps.nExps();
        for (int i = 0; i < outcomes.length; i++) {
            for (int j = 0; j < nM; j++) {
                for (int k = 0; k < nE; k++) {
                    double c = Math.cos(mps.get(j, 0) * eps.get(k, t) / 2);
                    out[(i * nM + j) * nE + k] = outcomes[i] == 0 ? c * c : 1 - c * c;
                }
            }
        }
    }

    @Override
    public String name() {
        return "ProbeModel";
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
        return new boolean[mps.nModels()];
    }

    @Override
    public Spec spec() {
        return spec;
    }
}

package io.simrt.cli;

import io.simrt.models.abc.AbcBuilder;
import io.simrt.models.abc.AbcDefinition;
import io.simrt.models.abc.AbcModels;
import io.simrt.models.abc.Distances;
import io.simrt.models.abc.Priors;
import io.simrt.models.abc.Summaries;
import io.simrt.models.ma2.Ma2Definition;

/**
 * The Java counterpart of examples/external/ma2-python.conf, for comparing posteriors: the built-in MA2 simulator
 * ({@link Ma2Definition#batchSimulator}, series of {@link Ma2Definition#N_OBS}) with the file's uniform box prior
 * (t1 in [-2, 2], t2 in [-1, 1]) instead of ELFI's triangle, summaries {@code autocov(1)} and {@code autocov(2)}, the
 * Euclidean distance, and the built-in model's observed series, whose two autocovariances are the file's observed
 * values.
 */
public final class UniformBoxMa2 implements AbcDefinition {
    @Override
    public AbcBuilder define() {
        int n = Ma2Definition.N_OBS;
        return AbcModels.builder("ma2-java-uniform-box")
                .parameter("t1", Priors.uniform(-2, 2))
                .parameter("t2", Priors.uniform(-1, 1))
                .simulatorBatch(n, Ma2Definition.batchSimulator(n))
                .summary("S1", Summaries.autocov(1))
                .summary("S2", Summaries.autocov(2))
                .distance(Distances.euclidean())
                .observed(Ma2Definition.observedSeries(n));
    }
}

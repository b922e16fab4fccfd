package io.simrt.inference.abc;

import io.simrt.models.ModelSpec;
import io.simrt.models.RandomStream;
import io.simrt.models.abc.AbcModel;
import java.util.List;

/** A one-parameter model: theta ~ U[0, 1), distance |theta - 0.5| + noise-free; subclasses break pieces of it. */
class AbcModelStub implements AbcModel {
    @Override
    public String name() {
        return "stub";
    }

    @Override
    public List<String> parameterNames() {
        return List.of("theta");
    }

    @Override
    public void samplePrior(int batchSize, RandomStream rng, double[] paramsOut) {
        for (int i = 0; i < batchSize; i++) {
            paramsOut[i] = rng.nextDouble();
        }
    }

    @Override
    public double priorDensity(double[] params, int row) {
        return params[row] >= 0 && params[row] < 1 ? 1 : 0;
    }

    @Override
    public void simulateDistances(double[] params, int batchSize, RandomStream rng, double[] distancesOut) {
        for (int i = 0; i < batchSize; i++) {
            distancesOut[i] = Math.abs(params[i] - 0.5);
        }
    }

    @Override
    public ModelSpec<AbcModel> spec() {
        return AbcModelStub::new;
    }
}

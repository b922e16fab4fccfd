package io.simrt.config.modelfile;

import io.simrt.models.ModelSpec;
import io.simrt.models.RandomStream;
import io.simrt.models.abc.AbcModel;
import java.util.List;

/**
 * A model built from a model file: the builder's model, whose spec is the {@link ModelFileSpec} it came from. Closing
 * it lets go of its external workers, if any.
 */
final class ModelFileModel implements AbcModel, AutoCloseable {
    private final AbcModel model;
    private final ModelFileSpec spec;

    ModelFileModel(AbcModel model, ModelFileSpec spec) {
        this.model = model;
        this.spec = spec;
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public List<String> parameterNames() {
        return model.parameterNames();
    }

    @Override
    public int nParams() {
        return model.nParams();
    }

    @Override
    public void samplePrior(int batchSize, RandomStream rng, double[] paramsOut) {
        model.samplePrior(batchSize, rng, paramsOut);
    }

    @Override
    public double priorDensity(double[] params, int row) {
        return model.priorDensity(params, row);
    }

    @Override
    public void simulateDistances(double[] params, int batchSize, RandomStream rng, double[] distancesOut) {
        model.simulateDistances(params, batchSize, rng, distancesOut);
    }

    @Override
    public long bytesPerSimulation() {
        return model.bytesPerSimulation();
    }

    @Override
    public int nSummaries() {
        return model.nSummaries();
    }

    @Override
    public void simulateSummaries(
            double[] params, int batchSize, RandomStream rng, double[] summariesOut, double[] distancesOut) {
        model.simulateSummaries(params, batchSize, rng, summariesOut, distancesOut);
    }

    @Override
    public double[] observedSummaries() {
        return model.observedSummaries();
    }

    @Override
    public ModelSpec<AbcModel> spec() {
        return spec;
    }

    @Override
    public void close() throws Exception {
        if (model instanceof AutoCloseable c) {
            c.close();
        }
    }

    @Override
    public String toString() {
        return "model file model " + model;
    }
}

package io.simrt.api;

import io.simrt.models.CurrentBatch;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.random.RandomStreams;

/**
 * The one implementation of an ABC batch, run identically by the native client and by every engine:
 * take the batch's stream, draw the parameters from the prior (unless proposals are given), simulate,
 * and measure distances (with each simulation's summaries, if the request asks and the model gives them).
 * Consumption order of the stream: prior draws first, then the simulator's.
 */
public final class BatchWork {
    private BatchWork() {}

    public static BatchOutput run(AbcModel model, BatchRequest request) {
        int size = request.size();
        int nParams = model.nParams();
        RandomStream rng = RandomStreams.of(request.family(), request.seed()).block(request.index());
        double[] params;
        if (request.fromPriorDraws()) {
            params = new double[size * nParams];
            model.samplePrior(size, rng, params);
        } else {
            params = request.proposals();
            if (params.length != size * nParams) {
                throw ParameterException.because("batch " + request.index() + " carries " + params.length
                        + " proposal values; " + model.name() + " needs " + size + " x " + nParams);
            }
        }
        double[] distances = new double[size];
        double[] batchParams = params;
        if (request.summaries() && model.nSummaries() > 0) {
            double[] summaries = new double[size * model.nSummaries()];
            CurrentBatch.during(
                    request.index(), () -> model.simulateSummaries(batchParams, size, rng, summaries, distances));
            return BatchOutput.of(request.index(), size, params, distances, summaries);
        }
        CurrentBatch.during(request.index(), () -> model.simulateDistances(batchParams, size, rng, distances));
        return BatchOutput.of(request.index(), size, params, distances);
    }
}

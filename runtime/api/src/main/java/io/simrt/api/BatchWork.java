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
    private static final double[] NO_SUMMARIES = new double[0];

    private BatchWork() {}

    /** Receives the arrays a batch filled and owns them from then on: nothing else holds them. */
    @FunctionalInterface
    public interface Sink<R> {
        R take(long index, int size, double[] params, double[] distances, double[] summaries);
    }

    public static BatchOutput run(AbcModel model, BatchRequest request) {
        return run(model, request, BatchOutput::of);
    }

    /**
     * Runs the batch and hands its arrays to {@code sink} without copying them (an engine's reply takes them as they
     * are; {@code summaries} is empty unless asked for and given).
     */
    public static <R> R run(AbcModel model, BatchRequest request, Sink<R> sink) {
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
            return sink.take(request.index(), size, params, distances, summaries);
        }
        CurrentBatch.during(request.index(), () -> model.simulateDistances(batchParams, size, rng, distances));
        return sink.take(request.index(), size, params, distances, NO_SUMMARIES);
    }
}

package io.simrt.api;

import io.simrt.models.CurrentBatch;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.random.RandomStreams;
import java.util.Arrays;

/**
 * The one implementation of an ABC batch, run identically by the native client and by every engine:
 * take the batch's stream, draw the parameters from the prior (unless proposals are given), simulate,
 * and measure distances (with each simulation's summaries, if the request asks and the model gives them).
 * Consumption order of the stream: prior draws first, then the simulator's.
 */
public final class BatchWork {
    private static final double[] NO_SUMMARIES = new double[0];

    private BatchWork() {}

    /**
     * Receives the arrays of the rows a batch kept and owns them from then on: nothing else holds them. {@code rows}
     * is null when every row is kept, else the kept rows' positions, ascending.
     */
    @FunctionalInterface
    public interface Sink<R> {
        R take(long index, int size, int nParams, int[] rows, double[] params, double[] distances, double[] summaries);
    }

    public static BatchOutput run(AbcModel model, BatchRequest request) {
        return run(model, request, BatchOutput::of);
    }

    /**
     * Runs the batch and hands its arrays to {@code sink} without copying them (an engine's reply takes them as they
     * are; {@code summaries} is empty unless asked for and given). When the request has a {@linkplain
     * BatchRequest#cut cut}, the rows whose distance is greater are left out first: the same rows on every client, so
     * what a caller merges does not depend on where the batch ran.
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
        double[] summaries = NO_SUMMARIES;
        if (request.summaries() && model.nSummaries() > 0) {
            double[] s = new double[size * model.nSummaries()];
            CurrentBatch.during(request.index(), () -> model.simulateSummaries(batchParams, size, rng, s, distances));
            summaries = s;
        } else {
            CurrentBatch.during(request.index(), () -> model.simulateDistances(batchParams, size, rng, distances));
        }
        if (!request.filters()) {
            return sink.take(request.index(), size, nParams, null, params, distances, summaries);
        }
        return keepRows(request.index(), size, nParams, request.cut(), params, distances, summaries, sink);
    }

    /** The rows of the batch not greater than {@code cut} (NaN included), compacted, handed to {@code sink}. */
    private static <R> R keepRows(
            long index,
            int size,
            int nParams,
            double cut,
            double[] params,
            double[] distances,
            double[] summaries,
            Sink<R> sink) {
        int[] rows = new int[size];
        int kept = 0;
        for (int i = 0; i < size; i++) {
            rows[kept] = i;
            kept += distances[i] > cut ? 0 : 1; // NaN > cut is false: a NaN row is kept, for the caller to count
        }
        if (kept == size) {
            return sink.take(index, size, nParams, null, params, distances, summaries);
        }
        int nSummaries = summaries.length / size;
        double[] p = new double[kept * nParams];
        double[] d = new double[kept];
        double[] s = nSummaries == 0 ? NO_SUMMARIES : new double[kept * nSummaries];
        for (int j = 0; j < kept; j++) {
            int i = rows[j];
            d[j] = distances[i];
            System.arraycopy(params, i * nParams, p, j * nParams, nParams);
            if (nSummaries > 0) {
                System.arraycopy(summaries, i * nSummaries, s, j * nSummaries, nSummaries);
            }
        }
        return sink.take(index, size, nParams, Arrays.copyOf(rows, kept), p, d, s);
    }
}

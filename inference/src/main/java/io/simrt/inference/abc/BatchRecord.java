package io.simrt.inference.abc;

import io.simrt.models.ParameterException;
import java.nio.DoubleBuffer;
import java.nio.IntBuffer;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a run keeps of one batch it merged: its counts and the rows that could still matter, so that the batch can
 * be merged again, to the same bits, without simulating it. By default the rows are the batch's candidates, those
 * that entered the run's nearest {@code nSamples} when it was merged (a row that did not can never enter later:
 * the cut only falls); a run that keeps its simulations keeps every row (ELFI's output pools).
 *
 * @param index     the batch's index in its run
 * @param size      simulations in the batch
 * @param skipped   of them, those whose distance was NaN
 * @param accepted  of them, those at or under the run's threshold (0 without a threshold)
 * @param complete  whether {@code rows} is every row of the batch
 * @param rows      the kept rows' positions in the batch, increasing
 * @param nParams   parameters per row
 * @param params    the kept rows' parameters, row-major {@code rows.length x nParams}
 * @param distances the kept rows' distances
 * @param nSummaries summaries per row kept, 0 for none
 * @param summaries the kept rows' summaries, row-major {@code rows.length x nSummaries} (a run that keeps every
 *                  simulation keeps them, when its model gives them)
 */
public record BatchRecord(
        long index,
        int size,
        long skipped,
        long accepted,
        boolean complete,
        int[] rows,
        int nParams,
        double[] params,
        double[] distances,
        int nSummaries,
        double[] summaries) {

    public BatchRecord {
        Objects.requireNonNull(rows, "rows");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(distances, "distances");
        summaries = summaries == null ? new double[0] : summaries;
        if (nSummaries < 0 || summaries.length != rows.length * nSummaries) {
            throw ParameterException.because("batch record " + index + " holds " + summaries.length
                    + " summary values for " + rows.length + " rows of " + nSummaries);
        }
        if (distances.length != rows.length || params.length != rows.length * nParams) {
            throw ParameterException.because("batch record " + index + " holds " + rows.length + " rows, "
                    + distances.length + " distances and " + params.length + " parameter values for " + nParams
                    + " parameters");
        }
        if (complete && rows.length != size) {
            throw ParameterException.because(
                    "a complete record of batch " + index + " must hold its " + size + " rows, not " + rows.length);
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i] < 0 || rows[i] >= size || (i > 0 && rows[i] <= rows[i - 1])) {
                throw ParameterException.because(
                        "batch record " + index + ": row positions must increase within [0, " + size + ")");
            }
        }
    }

    /** Without summaries. */
    public BatchRecord(
            long index,
            int size,
            long skipped,
            long accepted,
            boolean complete,
            int[] rows,
            int nParams,
            double[] params,
            double[] distances) {
        this(index, size, skipped, accepted, complete, rows, nParams, params, distances, 0, new double[0]);
    }

    /** The rows kept. */
    public int kept() {
        return rows.length;
    }

    @Override
    public int[] rows() {
        return rows.clone();
    }

    @Override
    public double[] params() {
        return params.clone();
    }

    @Override
    public double[] distances() {
        return distances.clone();
    }

    @Override
    public double[] summaries() {
        return summaries.clone();
    }

    /** The kept rows' positions, read-only and not copied (a writer encodes them from here). */
    public IntBuffer rowsView() {
        return IntBuffer.wrap(rows).asReadOnlyBuffer();
    }

    /** The kept rows' parameters, row-major, read-only and not copied. */
    public DoubleBuffer paramsView() {
        return DoubleBuffer.wrap(params).asReadOnlyBuffer();
    }

    /** The kept rows' distances, read-only and not copied. */
    public DoubleBuffer distancesView() {
        return DoubleBuffer.wrap(distances).asReadOnlyBuffer();
    }

    /** The kept rows' summaries, row-major, read-only and not copied. */
    public DoubleBuffer summariesView() {
        return DoubleBuffer.wrap(summaries).asReadOnlyBuffer();
    }

    double distance(int i) {
        return distances[i];
    }

    double param(int i, int q) {
        return params[i * nParams + q];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchRecord b
                && b.index == index
                && b.size == size
                && b.skipped == skipped
                && b.accepted == accepted
                && b.complete == complete
                && b.nParams == nParams
                && Arrays.equals(b.rows, rows)
                && Arrays.equals(b.params, params)
                && Arrays.equals(b.distances, distances)
                && b.nSummaries == nSummaries
                && Arrays.equals(b.summaries, summaries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, size, skipped, accepted, complete, nParams, Arrays.hashCode(rows));
    }

    @Override
    public String toString() {
        return "BatchRecord[batch " + index + ", " + rows.length + " of " + size + " rows kept]";
    }
}

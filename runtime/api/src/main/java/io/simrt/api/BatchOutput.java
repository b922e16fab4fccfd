package io.simrt.api;

import io.simrt.models.ParameterException;
import java.util.Arrays;
import java.util.Objects;

/**
 * What one batch produced, for the rows it holds: their parameters (row-major {@code kept x nParams}), one distance
 * each, and when asked for, their summaries (row-major {@code kept x nSummaries}; empty otherwise). A complete output
 * holds every row of the batch ({@code rows} null: row {@code j} is simulation {@code j}); a filtered one, the rows
 * its request's {@linkplain BatchRequest#cut cut} kept, their positions in the batch ascending in {@code rows}. The
 * arrays are owned by this record once built: {@link #of} takes them without copying (the batch that filled them
 * hands them over), and accessors return copies.
 *
 * @param index     the batch's index
 * @param size      the simulations the batch ran, kept or not
 * @param nParams   parameters per row
 * @param rows      the positions of the rows held, ascending (empty: none); null when every row is held
 * @param params    row-major {@code kept x nParams}
 * @param distances one per row held
 * @param summaries row-major {@code kept x nSummaries}, or empty
 */
public record BatchOutput(
        long index, int size, int nParams, int[] rows, double[] params, double[] distances, double[] summaries) {
    public BatchOutput {
        if (params == null || distances == null) {
            throw ParameterException.because("params and distances are required");
        }
        summaries = summaries == null ? new double[0] : summaries;
        int kept = rows == null ? size : rows.length;
        if (distances.length != kept) {
            throw ParameterException.because("batch " + index + " returned " + distances.length + " distances for "
                    + kept + (rows == null ? " simulations" : " rows kept"));
        }
        if (nParams < 0 || params.length != (long) kept * nParams) {
            throw ParameterException.because("batch " + index + " returned " + params.length + " parameter values for "
                    + kept + " rows of " + nParams);
        }
        if (kept > 0 && summaries.length % kept != 0) {
            throw ParameterException.because("batch " + index + " returned " + summaries.length
                    + " summary values, not a multiple of its " + kept + " rows");
        }
        for (int j = 0; rows != null && j < rows.length; j++) {
            if (rows[j] < 0 || rows[j] >= size || (j > 0 && rows[j] <= rows[j - 1])) {
                throw ParameterException.because(
                        "batch " + index + " names its kept rows out of order or out of range at " + j);
            }
        }
    }

    /** Every row of the batch, {@code nParams} derived from the arrays' lengths. */
    public BatchOutput(long index, int size, double[] params, double[] distances, double[] summaries) {
        this(index, size, size == 0 ? 0 : params.length / size, null, params, distances, summaries);
    }

    /** Hands {@code params} and {@code distances} over to the record. */
    public static BatchOutput of(long index, int size, double[] params, double[] distances) {
        return new BatchOutput(index, size, params, distances, new double[0]);
    }

    /** Hands the arrays over to the record, with each simulation's summaries. */
    public static BatchOutput of(long index, int size, double[] params, double[] distances, double[] summaries) {
        return new BatchOutput(index, size, params, distances, summaries);
    }

    /** Hands the arrays of the rows {@code rows} over to the record (every row when {@code rows} is null). */
    public static BatchOutput of(
            long index, int size, int nParams, int[] rows, double[] params, double[] distances, double[] summaries) {
        return new BatchOutput(index, size, nParams, rows, params, distances, summaries);
    }

    /** Whether every row of the batch is held. */
    public boolean complete() {
        return rows == null;
    }

    /** How many rows are held. */
    public int kept() {
        return distances.length;
    }

    /** The position in the batch of held row {@code j}. */
    public int row(int j) {
        return rows == null ? j : rows[j];
    }

    /** The held rows' positions, ascending; null when every row is held. */
    @Override
    public int[] rows() {
        return rows == null ? null : rows.clone();
    }

    /** Summaries per row; 0 when the batch did not carry them. */
    public int nSummaries() {
        return distances.length == 0 ? 0 : summaries.length / distances.length;
    }

    @Override
    public double[] summaries() {
        return summaries.clone();
    }

    @Override
    public double[] params() {
        return params.clone();
    }

    @Override
    public double[] distances() {
        return distances.clone();
    }

    /** Parameter {@code p} of held row {@code i}. */
    public double param(int i, int p) {
        return params[i * nParams + p];
    }

    /** The distance of held row {@code i}. */
    public double distance(int i) {
        return distances[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchOutput b
                && b.index == index
                && b.size == size
                && b.nParams == nParams
                && Arrays.equals(b.rows, rows)
                && Arrays.equals(b.params, params)
                && Arrays.equals(b.distances, distances)
                && Arrays.equals(b.summaries, summaries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, size, Arrays.hashCode(rows), Arrays.hashCode(params), Arrays.hashCode(distances));
    }

    @Override
    public String toString() {
        return "BatchOutput[index " + index + ", size " + size + (rows == null ? "" : ", " + rows.length + " kept")
                + "]";
    }
}

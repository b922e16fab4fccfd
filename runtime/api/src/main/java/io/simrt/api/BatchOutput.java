package io.simrt.api;

import io.simrt.models.ParameterException;
import java.util.Arrays;
import java.util.Objects;

/**
 * What one batch produced: its parameters (row-major {@code size x nParams}), one distance per simulation, and when
 * asked for, each simulation's summaries (row-major {@code size x nSummaries}; empty otherwise). The arrays are owned
 * by this record once built: {@link #of} takes them without copying (the batch that filled them hands them over),
 * and accessors return copies.
 */
public record BatchOutput(long index, int size, double[] params, double[] distances, double[] summaries) {
    public BatchOutput {
        if (params == null || distances == null) {
            throw ParameterException.because("params and distances are required");
        }
        summaries = summaries == null ? new double[0] : summaries;
        if (size > 0 && summaries.length % size != 0) {
            throw ParameterException.because("batch " + index + " returned " + summaries.length
                    + " summary values, not a multiple of its size " + size);
        }
        if (distances.length != size) {
            throw ParameterException.because(
                    "batch " + index + " returned " + distances.length + " distances for " + size + " simulations");
        }
        if (size > 0 && params.length % size != 0) {
            throw ParameterException.because("batch " + index + " returned " + params.length
                    + " parameter values, not a multiple of its size " + size);
        }
    }

    /** Hands {@code params} and {@code distances} over to the record. */
    public static BatchOutput of(long index, int size, double[] params, double[] distances) {
        return new BatchOutput(index, size, params, distances, new double[0]);
    }

    /** Hands the arrays over to the record, with each simulation's summaries. */
    public static BatchOutput of(long index, int size, double[] params, double[] distances, double[] summaries) {
        return new BatchOutput(index, size, params, distances, summaries);
    }

    /** Summaries per simulation; 0 when the batch did not carry them. */
    public int nSummaries() {
        return size == 0 ? 0 : summaries.length / size;
    }

    @Override
    public double[] summaries() {
        return summaries.clone();
    }

    public int nParams() {
        return size == 0 ? 0 : params.length / size;
    }

    @Override
    public double[] params() {
        return params.clone();
    }

    @Override
    public double[] distances() {
        return distances.clone();
    }

    /** Parameter {@code p} of simulation {@code i}. */
    public double param(int i, int p) {
        return params[i * nParams() + p];
    }

    public double distance(int i) {
        return distances[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchOutput b
                && b.index == index
                && b.size == size
                && Arrays.equals(b.params, params)
                && Arrays.equals(b.distances, distances)
                && Arrays.equals(b.summaries, summaries);
    }

    @Override
    public int hashCode() {
        return Objects.hash(index, size, Arrays.hashCode(params), Arrays.hashCode(distances));
    }

    @Override
    public String toString() {
        return "BatchOutput[index " + index + ", size " + size + "]";
    }
}

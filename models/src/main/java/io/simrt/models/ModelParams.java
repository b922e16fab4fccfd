package io.simrt.models;

import java.util.Arrays;

/**
 * An immutable {@code nModels x nParams} matrix of model parameter vectors (QInfer's {@code modelparams}),
 * one row per model (particle), stored flat and row-major: element {@code (m, p)} is at {@code m * nParams + p}.
 *
 * <p>Every element is finite: a NaN or infinite parameter is rejected when the matrix is built, with the
 * row and column named. Arrays passed in are copied ({@link #of}) unless the caller hands over ownership
 * ({@link #adopt}); arrays handed out are copies.
 */
public final class ModelParams {
    private final int nModels;
    private final int nParams;
    private final double[] values;

    private ModelParams(int nModels, int nParams, double[] values) {
        Require.shape("modelParams", values.length, nModels, nParams);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw ParameterException.of(
                        "modelParams[" + (nParams == 0 ? 0 : i / nParams) + "][" + (nParams == 0 ? 0 : i % nParams)
                                + "]",
                        values[i],
                        "must be finite");
            }
        }
        this.nModels = nModels;
        this.nParams = nParams;
        this.values = values;
    }

    /** Copies {@code rowMajor} ({@code nModels * nParams} values). */
    public static ModelParams of(int nModels, int nParams, double... rowMajor) {
        return new ModelParams(nModels, nParams, rowMajor.clone());
    }

    /** One-parameter models: one value per model. */
    public static ModelParams column(double... values) {
        return new ModelParams(values.length, 1, values.clone());
    }

    /** Rows given as arrays of equal length; copied. */
    public static ModelParams rows(double[]... rows) {
        int nParams = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * nParams];
        for (int m = 0; m < rows.length; m++) {
            if (rows[m].length != nParams) {
                throw ParameterException.because(
                        "modelParams row " + m + " has " + rows[m].length + " values, row 0 has " + nParams);
            }
            System.arraycopy(rows[m], 0, flat, m * nParams, nParams);
        }
        return new ModelParams(rows.length, nParams, flat);
    }

    /**
     * Takes ownership of {@code rowMajor} without copying: the caller must neither keep nor modify it.
     * For hot paths that have just built the array (particle clouds of a million rows).
     */
    public static ModelParams adopt(int nModels, int nParams, double[] rowMajor) {
        return new ModelParams(nModels, nParams, rowMajor);
    }

    public int nModels() {
        return nModels;
    }

    public int nParams() {
        return nParams;
    }

    public double get(int model, int param) {
        return values[model * nParams + param];
    }

    /** A copy of the flat row-major values. */
    public double[] toArray() {
        return values.clone();
    }

    /** Copies the values into {@code dest} at {@code offset}. */
    public void copyTo(double[] dest, int offset) {
        System.arraycopy(values, 0, dest, offset, values.length);
    }

    /** A copy of row {@code model}. */
    public double[] row(int model) {
        return Arrays.copyOfRange(values, model * nParams, (model + 1) * nParams);
    }

    /** Rows {@code [from, to)} as a new matrix. */
    public ModelParams rows(int from, int to) {
        if (from < 0 || to > nModels || from > to) {
            throw ParameterException.because("row range [" + from + ", " + to + ") outside [0, " + nModels + ")");
        }
        return new ModelParams(to - from, nParams, Arrays.copyOfRange(values, from * nParams, to * nParams));
    }

    /** Throws unless the matrix has {@code expected} columns. */
    public ModelParams requireParams(int expected, String modelName) {
        if (nParams != expected) {
            throw ParameterException.because("modelParams has " + nParams + " columns but " + modelName + " has "
                    + expected + " model parameters");
        }
        return this;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelParams other
                && other.nModels == nModels
                && other.nParams == nParams
                && Arrays.equals(other.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * nModels + nParams) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "ModelParams[" + nModels + " x " + nParams + "]";
    }
}

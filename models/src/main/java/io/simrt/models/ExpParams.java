package io.simrt.models;

import java.util.Arrays;

/**
 * An immutable table of experiment parameters: {@code nExps} rows, one value per field of its
 * {@link ExpLayout}, flat and row-major (element {@code (k, f)} at {@code k * layout.size() + f}).
 * Integer fields such as {@code n_meas} are stored as doubles holding whole numbers.
 *
 * <p>Every value is finite. Arrays passed in are copied; arrays handed out are copies.
 */
public final class ExpParams {
    private final ExpLayout layout;
    private final int nExps;
    private final double[] values;

    private ExpParams(ExpLayout layout, int nExps, double[] values) {
        Require.nonNegative("nExps", nExps);
        Require.shape("expParams", values.length, nExps, layout.size());
        int w = layout.size();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw ParameterException.of(
                        "expParams[" + (i / w) + "]." + layout.fields().get(i % w), values[i], "must be finite");
            }
        }
        this.layout = layout;
        this.nExps = nExps;
        this.values = values;
    }

    /** Rows in layout order, flat row-major; copied. */
    public static ExpParams of(ExpLayout layout, int nExps, double... rowMajor) {
        return new ExpParams(layout, nExps, rowMajor.clone());
    }

    /** A one-field {@code [t]} table, the common case. */
    public static ExpParams times(double... t) {
        return new ExpParams(ExpLayout.of("t"), t.length, t.clone());
    }

    /** {@code nExps} experiments with no fields (the coin). */
    public static ExpParams empty(int nExps) {
        return new ExpParams(ExpLayout.EMPTY, nExps, new double[0]);
    }

    /** Columns given by name, each of the same length; copied. */
    public static ExpParams columns(ExpLayout layout, double[]... columns) {
        if (columns.length != layout.size()) {
            throw ParameterException.because("layout " + layout + " has " + layout.size() + " fields but "
                    + columns.length + " columns were given");
        }
        if (columns.length == 0) {
            throw ParameterException.because("use ExpParams.empty(n) for a layout without fields");
        }
        int n = columns[0].length;
        double[] flat = new double[n * columns.length];
        for (int f = 0; f < columns.length; f++) {
            if (columns[f].length != n) {
                throw ParameterException.because("column '" + layout.fields().get(f) + "' has " + columns[f].length
                        + " values, column '" + layout.fields().get(0) + "' has " + n);
            }
            for (int k = 0; k < n; k++) {
                flat[k * columns.length + f] = columns[f][k];
            }
        }
        return new ExpParams(layout, n, flat);
    }

    public ExpLayout layout() {
        return layout;
    }

    public int nExps() {
        return nExps;
    }

    /** Value of field index {@code field} (see {@link ExpLayout#require}) in experiment {@code k}. */
    public double get(int k, int field) {
        return values[k * layout.size() + field];
    }

    /** A copy of one field over all experiments. */
    public double[] column(String field) {
        int f = layout.indexOf(field);
        if (f < 0) {
            throw ParameterException.because("no experiment field '" + field + "' in layout " + layout);
        }
        double[] out = new double[nExps];
        for (int k = 0; k < nExps; k++) {
            out[k] = values[k * layout.size() + f];
        }
        return out;
    }

    /** Experiments {@code [from, to)} as a new table. */
    public ExpParams rows(int from, int to) {
        if (from < 0 || to > nExps || from > to) {
            throw ParameterException.because("experiment range [" + from + ", " + to + ") outside [0, " + nExps + ")");
        }
        int w = layout.size();
        return new ExpParams(layout, to - from, Arrays.copyOfRange(values, from * w, to * w));
    }

    /** A copy of the flat row-major values. */
    public double[] toArray() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ExpParams other
                && other.nExps == nExps
                && other.layout.equals(layout)
                && Arrays.equals(other.values, values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * layout.hashCode() + nExps) + Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "ExpParams[" + nExps + " x " + layout + "]";
    }
}

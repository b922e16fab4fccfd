package io.simrt.models;

/** Argument checks that throw {@link ParameterException} naming the value and the rule. */
public final class Require {
    private Require() {}

    public static double finite(String what, double value) {
        if (!Double.isFinite(value)) {
            throw ParameterException.of(what, value, "must be finite");
        }
        return value;
    }

    public static double positive(String what, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw ParameterException.of(what, value, "must be finite and > 0");
        }
        return value;
    }

    public static double nonNegative(String what, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw ParameterException.of(what, value, "must be finite and >= 0");
        }
        return value;
    }

    public static double inClosedRange(String what, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi)) {
            throw ParameterException.of(what, value, "must lie in [" + lo + ", " + hi + "]");
        }
        return value;
    }

    public static int positive(String what, int value) {
        if (value <= 0) {
            throw ParameterException.of(what, value, "must be > 0");
        }
        return value;
    }

    public static long positive(String what, long value) {
        if (value <= 0) {
            throw ParameterException.of(what, value, "must be > 0");
        }
        return value;
    }

    public static int nonNegative(String what, int value) {
        if (value < 0) {
            throw ParameterException.of(what, value, "must be >= 0");
        }
        return value;
    }

    /** Every element finite; the message names the first offending index. */
    public static void allFinite(String what, double[] values) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw ParameterException.of(what + "[" + i + "]", values[i], "must be finite");
            }
        }
    }

    /** {@code rows * cols == length}, and the product does not overflow. */
    public static void shape(String what, int length, int rows, int cols) {
        nonNegative(what + " rows", rows);
        nonNegative(what + " columns", cols);
        long expected = (long) rows * cols;
        if (expected != length) {
            throw ParameterException.because(
                    what + " has " + length + " values but its shape " + rows + " x " + cols + " needs " + expected);
        }
    }
}

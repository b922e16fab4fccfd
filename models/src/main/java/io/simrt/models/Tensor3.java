package io.simrt.models;

import java.util.Arrays;
import java.util.List;

/**
 * An immutable three-axis array of doubles, flat and row-major: element {@code (i, j, k)} is at
 * {@code (i * d1 + j) * d2 + k}.
 *
 * <p>Likelihoods are {@code L[outcome][model][experiment]}; simulated data are
 * {@code data[repeat][model][experiment]} (outcome values, whole numbers for finite-outcome models).
 * Unlike QInfer, a {@code 1 x 1 x 1} result stays a tensor: callers never have to guess between a scalar
 * and an array.
 */
public final class Tensor3 {
    private final int d0;
    private final int d1;
    private final int d2;
    private final double[] data;

    private Tensor3(int d0, int d1, int d2, double[] data) {
        Require.nonNegative("dimension 0", d0);
        Require.nonNegative("dimension 1", d1);
        Require.nonNegative("dimension 2", d2);
        long n = (long) d0 * d1 * d2;
        if (n != data.length) {
            throw ParameterException.because(
                    "a " + d0 + " x " + d1 + " x " + d2 + " tensor needs " + n + " values, got " + data.length);
        }
        this.d0 = d0;
        this.d1 = d1;
        this.d2 = d2;
        this.data = data;
    }

    /** Copies {@code data}. */
    public static Tensor3 of(int d0, int d1, int d2, double... data) {
        return new Tensor3(d0, d1, d2, data.clone());
    }

    /**
     * Takes ownership of {@code data} without copying: the caller must neither keep nor modify it.
     * Models use this for the arrays they have just filled.
     */
    public static Tensor3 adopt(int d0, int d1, int d2, double[] data) {
        return new Tensor3(d0, d1, d2, data);
    }

    /** Length of axis 0, 1 or 2. */
    public int dim(int axis) {
        return switch (axis) {
            case 0 -> d0;
            case 1 -> d1;
            case 2 -> d2;
            default -> throw ParameterException.of("axis", axis, "must be 0, 1 or 2");
        };
    }

    /** {@code {d0, d1, d2}} (a new array). */
    public int[] shape() {
        return new int[] {d0, d1, d2};
    }

    public int size() {
        return data.length;
    }

    public double get(int i, int j, int k) {
        if (i < 0 || i >= d0 || j < 0 || j >= d1 || k < 0 || k >= d2) {
            throw new IndexOutOfBoundsException("(" + i + ", " + j + ", " + k + ") outside " + shapeString());
        }
        return data[(i * d1 + j) * d2 + k];
    }

    /** A copy of the flat row-major values. */
    public double[] toArray() {
        return data.clone();
    }

    /** Copies the flat values into {@code dest} at {@code offset}. */
    public void copyTo(double[] dest, int offset) {
        System.arraycopy(data, 0, dest, offset, data.length);
    }

    /**
     * Joins tensors along {@code axis}; the other two axes must agree. This is how shards split by model
     * (axis 1) or by experiment (axis 2) are put back together, in shard order.
     *
     * @throws ParameterException if {@code parts} is empty or the other axes differ
     */
    public static Tensor3 concat(int axis, List<Tensor3> parts) {
        if (parts.isEmpty()) {
            throw ParameterException.because("nothing to concatenate");
        }
        Tensor3 first = parts.get(0);
        int total = 0;
        for (Tensor3 t : parts) {
            for (int a = 0; a < 3; a++) {
                if (a != axis && t.dim(a) != first.dim(a)) {
                    throw ParameterException.because("cannot join " + t.shapeString() + " to " + first.shapeString()
                            + " along axis " + axis + ": axis " + a + " differs");
                }
            }
            total += t.dim(axis);
        }
        int[] shape = first.shape();
        shape[axis] = total;
        double[] out = new double[shape[0] * shape[1] * shape[2]];
        // Copy contiguous runs: for axis a, a run is the block below the axis (product of later dims) times
        // the part's extent on that axis, repeated for each index of the earlier axes.
        int outer = 1;
        for (int a = 0; a < axis; a++) {
            outer *= shape[a];
        }
        int inner = 1;
        for (int a = axis + 1; a < 3; a++) {
            inner *= shape[a];
        }
        int outRow = total * inner;
        int offset = 0;
        for (Tensor3 t : parts) {
            int run = t.dim(axis) * inner;
            for (int o = 0; o < outer; o++) {
                System.arraycopy(t.data, o * run, out, o * outRow + offset, run);
            }
            offset += run;
        }
        return new Tensor3(shape[0], shape[1], shape[2], out);
    }

    /** Indices {@code [from, to)} of {@code axis}, other axes whole. */
    public Tensor3 slice(int axis, int from, int to) {
        int n = dim(axis);
        if (from < 0 || to > n || from > to) {
            throw ParameterException.because(
                    "range [" + from + ", " + to + ") outside axis " + axis + " of " + shapeString());
        }
        int[] shape = shape();
        shape[axis] = to - from;
        int outer = 1;
        for (int a = 0; a < axis; a++) {
            outer *= shape[a];
        }
        int inner = 1;
        for (int a = axis + 1; a < 3; a++) {
            inner *= shape[a];
        }
        double[] out = new double[shape[0] * shape[1] * shape[2]];
        int run = (to - from) * inner;
        for (int o = 0; o < outer; o++) {
            System.arraycopy(data, o * n * inner + from * inner, out, o * run, run);
        }
        return new Tensor3(shape[0], shape[1], shape[2], out);
    }

    public String shapeString() {
        return "(" + d0 + ", " + d1 + ", " + d2 + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tensor3 t && t.d0 == d0 && t.d1 == d1 && t.d2 == d2 && Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * d0 + d1) + d2) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Tensor3" + shapeString();
    }
}

package io.simrt.inference.results;

import io.simrt.models.NumpySums;
import io.simrt.models.ParameterException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * An immutable, possibly weighted sample of parameter vectors: {@code size x dim} values, row-major
 * (row {@code i}, parameter {@code p} at {@code i * dim + p}), with optional non-negative weights (none means
 * equal weights). Summaries follow ELFI's {@code Sample}: weighted means, and quantiles by
 * {@link #quantile(int, double)}.
 */
public final class Sample {
    private final List<String> names;
    private final int size;
    private final double[] values;
    private final double[] weights; // empty: equal weights

    private Sample(List<String> names, int size, double[] values, double[] weights) {
        this.names = List.copyOf(names);
        if (this.names.isEmpty()) {
            throw ParameterException.because("a sample needs at least one parameter name");
        }
        if ((long) size * this.names.size() != values.length) {
            throw ParameterException.because("a sample of " + size + " x " + this.names.size() + " needs "
                    + ((long) size * this.names.size()) + " values, got " + values.length);
        }
        if (weights.length != 0) {
            if (weights.length != size) {
                throw ParameterException.because(size + " rows but " + weights.length + " weights");
            }
            for (int i = 0; i < size; i++) {
                if (!(weights[i] >= 0) || Double.isInfinite(weights[i])) {
                    throw ParameterException.of("weights[" + i + "]", weights[i], "must be finite and >= 0");
                }
            }
        }
        this.size = size;
        this.values = values;
        this.weights = weights;
    }

    /** Copies {@code rowMajor}; equal weights. */
    public static Sample of(List<String> names, int size, double[] rowMajor) {
        return new Sample(names, size, rowMajor.clone(), new double[0]);
    }

    /** Copies {@code rowMajor} and {@code weights} (one per row, non-negative, not all zero). */
    public static Sample weighted(List<String> names, int size, double[] rowMajor, double[] weights) {
        double[] w = weights.clone();
        Sample s = new Sample(names, size, rowMajor.clone(), w);
        if (size > 0 && Arrays.stream(w).sum() == 0) {
            throw ParameterException.because("all " + size + " weights are zero");
        }
        return s;
    }

    public List<String> parameterNames() {
        return names;
    }

    public int size() {
        return size;
    }

    public int dim() {
        return names.size();
    }

    public double get(int row, int param) {
        return values[row * names.size() + param];
    }

    /** A copy of the row-major values. */
    public double[] toArray() {
        return values.clone();
    }

    /** A copy of parameter {@code p} over all rows. */
    public double[] column(int p) {
        double[] c = new double[size];
        for (int i = 0; i < size; i++) {
            c[i] = values[i * names.size() + p];
        }
        return c;
    }

    /** The weights as given (a copy), or empty for equal weights. */
    public Optional<double[]> weights() {
        return weights.length == 0 ? Optional.empty() : Optional.of(weights.clone());
    }

    private double weight(int i) {
        return weights.length == 0 ? 1.0 : weights[i];
    }

    /**
     * Weighted mean of each parameter, {@code sum_i w_i x_ip / sum_i w_i}, as ELFI's {@code sample_means} computes
     * it ({@code np.average} of each parameter's column): the products {@code x_ip w_i} and the weights each summed
     * in numpy's pairwise order ({@link NumpySums#sum}); with equal weights that is {@code np.mean}. NaN for an empty
     * sample.
     */
    public double[] means() {
        int d = dim();
        double[] out = new double[d];
        double wsum = weights.length == 0 ? size : NumpySums.sum(weights, 0, size);
        double[] prod = new double[size];
        for (int p = 0; p < d; p++) {
            for (int i = 0; i < size; i++) {
                prod[i] = values[i * d + p] * weight(i);
            }
            out[p] = NumpySums.sum(prod, 0, size) / wsum;
        }
        return out;
    }

    /**
     * ELFI's {@code weighted_sample_quantile}: sort parameter {@code p}, accumulate normalised weights in
     * that order (the last cumulative weight is set to exactly 1), and return the first value whose
     * cumulative weight is {@code >= alpha}. With equal weights and n rows this is the
     * {@code ceil(alpha n)}-th smallest value (1-based), never an interpolation.
     *
     * @throws ParameterException if the sample is empty or {@code alpha} is not in [0, 1]
     */
    public double quantile(int p, double alpha) {
        if (size == 0) {
            throw ParameterException.because("the quantile of an empty sample is undefined");
        }
        if (!(alpha >= 0 && alpha <= 1)) {
            throw ParameterException.of("alpha", alpha, "must lie in [0, 1]");
        }
        double[] col = column(p);
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(col[a], col[b]));
        double total = weights.length == 0 ? size : NumpySums.sum(weights, 0, size);
        double cum = 0;
        for (int r = 0; r < size; r++) {
            cum += weight(order[r]) / total;
            if (r == size - 1) {
                cum = 1.0;
            }
            if (cum >= alpha) {
                return col[order[r]];
            }
        }
        return col[order[size - 1]];
    }

    /** {@code [quantile(p, 0.025), quantile(p, 0.975)]} for each parameter. */
    public List<double[]> intervals95() {
        List<double[]> out = new ArrayList<>();
        for (int p = 0; p < dim(); p++) {
            out.add(new double[] {quantile(p, 0.025), quantile(p, 0.975)});
        }
        return out;
    }

    /**
     * Weighted covariance {@code sum_i w_i (x_i - m)(x_i - m)^T / sum_i w_i} (the population form QInfer's
     * {@code est_covariance_mtx} uses), flat row-major {@code dim x dim}.
     */
    public double[] covariance() {
        int d = dim();
        double[] m = means();
        double[] c = new double[d * d];
        double wsum = 0;
        for (int i = 0; i < size; i++) {
            double w = weight(i);
            wsum += w;
            for (int a = 0; a < d; a++) {
                double da = values[i * d + a] - m[a];
                for (int b = 0; b < d; b++) {
                    c[a * d + b] += w * da * (values[i * d + b] - m[b]);
                }
            }
        }
        for (int k = 0; k < c.length; k++) {
            c[k] /= wsum;
        }
        return c;
    }

    @Override
    public String toString() {
        return "Sample[" + size + " x " + names + (weights.length == 0 ? "" : ", weighted") + "]";
    }
}

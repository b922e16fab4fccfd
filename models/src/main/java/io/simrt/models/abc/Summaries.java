package io.simrt.models.abc;

import io.simrt.models.NumpySums;
import io.simrt.models.ParameterException;

/**
 * Summaries computed as numpy computes them ({@link NumpySums}: pairwise sums), so that they equal ELFI's to the last
 * bit; {@link #autocov} is the very code of the built-in MA2 model's summaries. NaN and infinities in the data
 * propagate.
 */
public final class Summaries {
    private Summaries() {}

    /** {@code np.mean(x)}: the pairwise sum divided by the length; NaN for empty data. */
    public static Summary mean() {
        return x -> NumpySums.mean(x, 0, x.length);
    }

    /**
     * {@code np.var(x)} (population variance, ddof 0): the mean of the squared deviations from the mean, both means
     * pairwise; NaN for empty data. Allocates one temporary array of the data's length per call, as numpy does.
     */
    public static Summary variance() {
        return x -> NumpySums.variance(x, 0, x.length);
    }

    /**
     * {@code x[index]}: one value of the data as it is, for a simulator (an external worker) that writes its summaries
     * itself; NaN when the data has no such value.
     *
     * @throws ParameterException if {@code index < 0}
     */
    public static Summary element(int index) {
        if (index < 0) {
            throw ParameterException.of("element index", index, "must be >= 0");
        }
        return x -> index < x.length ? x[index] : Double.NaN;
    }

    /**
     * ELFI's MA2 {@code autocov(x, lag) = np.mean(x[lag:] * x[:-lag])} (no centering):
     * {@code (1 / (n - lag)) sum_{i < n - lag} x[lag + i] x[i]}, {@code n = x.length}, the sum pairwise. Data with
     * {@code n <= lag} give NaN (numpy's mean of an empty array).
     *
     * @throws ParameterException if {@code lag < 1}
     */
    public static Summary autocov(int lag) {
        if (lag < 1) {
            throw ParameterException.of("autocov lag", lag, "must be >= 1");
        }
        return new Autocov(lag);
    }

    /**
     * {@link #autocov}: a class of its own, so that a model whose summaries are {@code autocov(1)} followed by
     * {@code autocov(2)} computes the two in one pass ({@link NumpySums#lagProductSums1And2}, the same numbers).
     */
    record Autocov(int lag) implements Summary {
        @Override
        public double of(double[] x) {
            int count = x.length - lag;
            return count <= 0 ? Double.NaN : NumpySums.lagProductSum(x, 0, count, lag) / count;
        }

        /** Whether {@code next} follows this one as lag 2 follows lag 1. */
        boolean pairsWith(Summary next) {
            return lag == 1 && next instanceof Autocov a && a.lag == 2;
        }
    }
}

package io.simrt.models.abc;

import io.simrt.models.ParameterException;
import java.util.Arrays;
import java.util.List;

/**
 * {@link Distances#adaptive}: a placeholder the builder replaces, when the model is built, by the weighted distance
 * of the pilot's scales ({@link #scalesFrom}) or of scales carried by a spec ({@link #withScales}).
 */
final class AdaptiveDistance implements Distance {
    private final int pilotSize;
    private final long pilotSeed;

    AdaptiveDistance(int pilotSize, long pilotSeed) {
        this.pilotSize = pilotSize;
        this.pilotSeed = pilotSeed;
    }

    int pilotSize() {
        return pilotSize;
    }

    long pilotSeed() {
        return pilotSeed;
    }

    @Override
    public double between(double[] simulated, double[] observed) {
        throw new IllegalStateException("an adaptive distance gets its scales when its model is built; use the model");
    }

    /** Weights {@code 1 / scales[k]}. */
    static Distance withScales(double[] scales) {
        double[] w = new double[scales.length];
        for (int k = 0; k < w.length; k++) {
            w[k] = 1.0 / scales[k];
        }
        return new WeightedDistance(w);
    }

    /**
     * The median absolute deviation from the median of each summary column of the row-major {@code rows x nSummaries}
     * {@code summaries}, over the rows whose summaries are all finite.
     *
     * @throws ParameterException if fewer than 2 rows are finite, or a summary does not vary (scale 0)
     */
    static double[] scalesFrom(double[] summaries, int rows, List<String> summaryNames) {
        int k = summaryNames.size();
        double[] kept = new double[rows * k];
        int n = 0;
        for (int r = 0; r < rows; r++) {
            boolean finite = true;
            for (int j = 0; j < k; j++) {
                finite &= Double.isFinite(summaries[r * k + j]);
            }
            if (finite) {
                System.arraycopy(summaries, r * k, kept, n * k, k);
                n++;
            }
        }
        if (n < 2) {
            throw ParameterException.because("adaptive distance: only " + n + " of the " + rows
                    + " pilot simulations gave finite summaries; at least 2 are needed");
        }
        double[] scales = new double[k];
        double[] column = new double[n];
        for (int j = 0; j < k; j++) {
            for (int r = 0; r < n; r++) {
                column[r] = kept[r * k + j];
            }
            double median = median(column);
            for (int r = 0; r < n; r++) {
                column[r] = Math.abs(column[r] - median);
            }
            scales[j] = median(column);
            if (!(scales[j] > 0)) {
                throw ParameterException.because("adaptive distance: summary '" + summaryNames.get(j)
                        + "' does not vary over the " + n + " pilot simulations (median absolute deviation 0);"
                        + " drop it or give Distances.weighted(...)");
            }
        }
        return scales;
    }

    /** The median of {@code a} (sorted in place): the middle value, or the mean of the two middle values. */
    private static double median(double[] a) {
        Arrays.sort(a);
        int m = a.length / 2;
        return a.length % 2 == 1 ? a[m] : (a[m - 1] + a[m]) / 2;
    }
}

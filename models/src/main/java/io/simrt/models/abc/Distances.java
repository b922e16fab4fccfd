package io.simrt.models.abc;

import io.simrt.models.ParameterException;
import io.simrt.models.Require;

/**
 * The common distances between summary vectors {@code s} (simulated) and {@code o} (observed), each summed in index
 * order starting from 0.0. NaN in either vector gives NaN.
 */
public final class Distances {
    /** The pilot seed of {@link #adaptive(int)}. */
    public static final long DEFAULT_PILOT_SEED = 20_170_530L;

    private static final Distance EUCLIDEAN = (s, o) -> {
        double sum = 0.0;
        for (int i = 0; i < s.length; i++) {
            double d = s[i] - o[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    };

    private static final Distance MANHATTAN = (s, o) -> {
        double sum = 0.0;
        for (int i = 0; i < s.length; i++) {
            sum += Math.abs(s[i] - o[i]);
        }
        return sum;
    };

    private Distances() {}

    /**
     * {@code sqrt(0.0 + (s[0] - o[0])^2 + (s[1] - o[1])^2 + ...)}, summed in that order: ELFI's
     * {@code Distance('euclidean')} (scipy's {@code cdist}) and the built-in MA2 model's distance bit for bit.
     */
    public static Distance euclidean() {
        return EUCLIDEAN;
    }

    /** {@code 0.0 + |s[0] - o[0]| + |s[1] - o[1]| + ...}. */
    public static Distance manhattan() {
        return MANHATTAN;
    }

    /**
     * Weighted Euclidean, the weights multiplying the differences as pyABC's {@code PNormDistance(p=2)} does:
     * {@code sqrt(0.0 + (w[0] (s[0] - o[0]))^2 + (w[1] (s[1] - o[1]))^2 + ...)}. One weight per summary, checked
     * against the model's summaries when it is built. The array is copied.
     *
     * @throws ParameterException unless there is at least one weight and every weight is finite and {@code >= 0}
     */
    public static Distance weighted(double... weights) {
        if (weights == null || weights.length == 0) {
            throw ParameterException.because("weighted distance: give one weight per summary");
        }
        for (int i = 0; i < weights.length; i++) {
            Require.nonNegative("weights[" + i + "]", weights[i]);
        }
        return new WeightedDistance(weights.clone());
    }

    /** {@link #adaptive(int, long)} with {@link #DEFAULT_PILOT_SEED}. */
    public static Distance adaptive(int pilotSize) {
        return adaptive(pilotSize, DEFAULT_PILOT_SEED);
    }

    /**
     * The weighted Euclidean distance with weights {@code 1 / scale[k]}, the scales computed once from a pilot run, as
     * pyABC's adaptive distance does at its first population: when the model is built, {@code pilotSize} parameter
     * rows are drawn from the prior and simulated on the stream {@code RandomStreams.of(FAST, pilotSeed).block(0)},
     * and {@code scale[k]} is the median absolute deviation from the median (unscaled: no 1.4826 factor) of summary
     * {@code k} over the pilot rows whose summaries are all finite. The scales are then fixed: a model rebuilt from
     * its spec carries them instead of running the pilot again, so every engine uses the same weights.
     *
     * @throws ParameterException if {@code pilotSize < 2}
     */
    public static Distance adaptive(int pilotSize, long pilotSeed) {
        if (pilotSize < 2) {
            throw ParameterException.of("adaptive pilotSize", pilotSize, "must be >= 2");
        }
        return new AdaptiveDistance(pilotSize, pilotSeed);
    }
}

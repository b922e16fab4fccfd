package io.simrt.models.ma2;

import io.simrt.models.ParameterException;
import io.simrt.models.Require;

/**
 * Euclidean distance of simulated summaries {@code (S1, S2)} to the observed {@code (S1obs, S2obs)}, ELFI's
 * {@code Distance('euclidean', S1, S2)} (scipy {@code cdist}):
 * {@code d = sqrt(0 + (S1 - S1obs)^2 + (S2 - S2obs)^2)}, summed in that order (not {@code Math.hypot}, which
 * rounds differently).
 *
 * <p>Immutable and thread-safe.
 */
public final class EuclideanDistance {
    private final double s1Obs;
    private final double s2Obs;

    private EuclideanDistance(double s1Obs, double s2Obs) {
        this.s1Obs = s1Obs;
        this.s2Obs = s2Obs;
    }

    /** @throws ParameterException unless both observed summaries are finite */
    public static EuclideanDistance of(double s1Obs, double s2Obs) {
        Require.finite("s1Obs", s1Obs);
        Require.finite("s2Obs", s2Obs);
        return new EuclideanDistance(s1Obs, s2Obs);
    }

    public double s1Obs() {
        return s1Obs;
    }

    public double s2Obs() {
        return s2Obs;
    }

    /**
     * {@code sqrt((s1 - s1Obs)^2 + (s2 - s2Obs)^2)}. NaN in gives NaN; an infinite summary gives +infinity;
     * a squared difference above {@code Double.MAX_VALUE} overflows to +infinity.
     */
    public double distance(double s1, double s2) {
        double d1 = s1 - s1Obs;
        double d2 = s2 - s2Obs;
        return Math.sqrt(d1 * d1 + d2 * d2);
    }

    /**
     * Batch form: {@code out[i] = distance(summaries[2i], summaries[2i + 1])} for the row-major
     * {@code batchSize x 2} summaries.
     *
     * @throws ParameterException if {@code batchSize < 1} or an array is too short
     */
    public void distances(double[] summaries, int batchSize, double[] out) {
        Require.positive("batchSize", batchSize);
        Ma2Model.checkLength("summaries", summaries, batchSize, 2);
        if (out.length < batchSize) {
            throw ParameterException.of("out.length", out.length, "must be >= batchSize = " + batchSize);
        }
        for (int i = 0; i < batchSize; i++) {
            out[i] = distance(summaries[2 * i], summaries[2 * i + 1]);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EuclideanDistance d
                && Double.compare(d.s1Obs, s1Obs) == 0
                && Double.compare(d.s2Obs, s2Obs) == 0;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(s1Obs) * 31 + Double.hashCode(s2Obs);
    }

    @Override
    public String toString() {
        return "EuclideanDistance[s1Obs=" + s1Obs + ", s2Obs=" + s2Obs + "]";
    }
}

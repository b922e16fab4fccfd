package io.simrt.models.abc;

/** {@link Distances#weighted}: {@code sqrt(sum_k (w[k] (s[k] - o[k]))^2)}. Immutable; owns its weights array. */
final class WeightedDistance implements Distance {
    private final double[] weights;

    WeightedDistance(double[] weights) {
        this.weights = weights;
    }

    int dimension() {
        return weights.length;
    }

    @Override
    public double between(double[] s, double[] o) {
        final double[] w = weights;
        double sum = 0.0;
        for (int i = 0; i < w.length; i++) {
            double d = w[i] * (s[i] - o[i]);
            sum += d * d;
        }
        return Math.sqrt(sum);
    }
}

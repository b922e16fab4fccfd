package io.simrt.inference.smc;

import io.simrt.models.ModelParams;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.Require;
import java.util.Arrays;

/**
 * Independent normal distributions, one per parameter: the product of {@code N(mean_p, sd_p^2)} (QInfer's
 * {@code ProductDistribution} of {@code NormalDistribution}s). Immutable; arrays are copied in and out.
 */
public final class NormalPrior implements Prior {
    private final double[] mean;
    private final double[] sd;

    private NormalPrior(double[] mean, double[] sd) {
        this.mean = mean;
        this.sd = sd;
    }

    /**
     * @param mean means, one per parameter, finite
     * @param sd   standard deviations, one per parameter, finite and {@code > 0}
     * @throws ParameterException unless both have the same length {@code >= 1} and the values follow those rules
     */
    public static NormalPrior of(double[] mean, double[] sd) {
        if (mean.length != sd.length) {
            throw ParameterException.because(
                    "normal prior: " + mean.length + " means but " + sd.length + " standard deviations");
        }
        if (mean.length == 0) {
            throw ParameterException.because("normal prior: needs at least one parameter");
        }
        for (int i = 0; i < mean.length; i++) {
            Require.finite("mean[" + i + "]", mean[i]);
            Require.positive("sd[" + i + "]", sd[i]);
        }
        return new NormalPrior(mean.clone(), sd.clone());
    }

    @Override
    public int nParams() {
        return mean.length;
    }

    public double[] mean() {
        return mean.clone();
    }

    public double[] sd() {
        return sd.clone();
    }

    /** {@code x[i][p] = mean[p] + sd[p] * z} with one {@code z = rng.nextGaussian()} per element, row-major. */
    @Override
    public ModelParams sample(int n, RandomStream rng) {
        Require.nonNegative("n", n);
        int d = mean.length;
        double[] out = new double[Math.multiplyExact(n, d)];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < d; p++) {
                out[i * d + p] = mean[p] + sd[p] * rng.nextGaussian();
            }
        }
        return ModelParams.adopt(n, d, out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NormalPrior p && Arrays.equals(p.mean, mean) && Arrays.equals(p.sd, sd);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(mean) + Arrays.hashCode(sd);
    }

    @Override
    public String toString() {
        return "NormalPrior[mean=" + Arrays.toString(mean) + ", sd=" + Arrays.toString(sd) + "]";
    }
}

package io.simrt.inference.abc;

import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.abc.AbcModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ELFI's {@code GMDistribution} for ABC-SMC proposals: a mixture of Gaussians centred on the previous
 * population's rows, weighted by its weights, sharing one diagonal covariance.
 */
final class GaussianMixture {
    private static final Logger LOG = LoggerFactory.getLogger(GaussianMixture.class);
    /** ELFI warns after 100 trials and keeps trying forever; simrt gives up with an error after this many. */
    static final int MAX_TRIALS = 10_000;

    private final double[] means; // n x d row-major
    private final double[] cdf; // normalised cumulative weights
    private final double[] weights; // normalised
    private final double[] variances; // diagonal of the covariance
    private final int n;
    private final int d;

    GaussianMixture(double[] means, double[] weights, double[] covariance, int d) {
        this.d = d;
        this.n = weights.length;
        this.means = means;
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        this.weights = new double[n];
        this.cdf = new double[n];
        double cum = 0;
        for (int i = 0; i < n; i++) {
            this.weights[i] = weights[i] / total;
            cum += weights[i];
            cdf[i] = cum;
        }
        for (int i = 0; i < n; i++) {
            cdf[i] /= cum;
        }
        this.variances = new double[d];
        for (int k = 0; k < d; k++) {
            variances[k] = covariance[k * d + k];
        }
    }

    /**
     * Draws {@code size} rows with positive prior density, ELFI's way: per trial, pick a component for each
     * missing row ({@code searchsorted(cdf, u, 'right')}), then add a Gaussian perturbation to each, then keep
     * the rows inside the prior's support, in order.
     */
    double[] sample(int size, AbcModel model, RandomStream rng) {
        double[] out = new double[size * d];
        double[] x = new double[size * d];
        int[] comp = new int[size];
        int accepted = 0;
        int trials = 0;
        while (accepted < size) {
            int left = size - accepted;
            for (int i = 0; i < left; i++) {
                comp[i] = searchRight(rng.nextDouble());
            }
            for (int i = 0; i < left; i++) {
                for (int k = 0; k < d; k++) {
                    x[i * d + k] = means[comp[i] * d + k] + Math.sqrt(variances[k]) * rng.nextGaussian();
                }
            }
            for (int i = 0; i < left; i++) {
                if (model.priorDensity(x, i) > 0) {
                    System.arraycopy(x, i * d, out, accepted * d, d);
                    accepted++;
                }
            }
            trials++;
            if (trials == 100) {
                LOG.warn(
                        "ABC-SMC: it appears to be difficult to find enough valid proposals with prior pdf > 0; "
                                + "still trying (gives up after {} trials)",
                        MAX_TRIALS);
            }
            if (trials >= MAX_TRIALS && accepted < size) {
                throw ParameterException.because("ABC-SMC found only " + accepted + " of " + size
                        + " proposals inside the prior's support after " + trials
                        + " trials: the population is too far outside the prior; use a larger sample or threshold");
            }
        }
        return out;
    }

    private int searchRight(double u) {
        int lo = 0;
        int hi = n; // first index with cdf > u
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] <= u) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return Math.min(lo, n - 1);
    }

    /** Mixture density at row {@code row} of {@code x}: {@code sum_j w_j N(x; mu_j, diag(variances))}. */
    double density(double[] x, int row) {
        double norm = 1;
        for (int k = 0; k < d; k++) {
            norm *= Math.sqrt(2 * Math.PI * variances[k]);
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double q = 0;
            for (int k = 0; k < d; k++) {
                double diff = x[row * d + k] - means[j * d + k];
                q += diff * diff / variances[k];
            }
            sum += weights[j] * Math.exp(-0.5 * q);
        }
        return sum / norm;
    }
}

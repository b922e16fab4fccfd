package io.simrt.inference.smc;

import io.simrt.models.ModelParams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moments and inverse-CDF draws of a weighted particle cloud: weights {@code w} of length {@code n}, locations an
 * {@code n x d} {@link ModelParams}. Weights are used as given (QInfer's {@code particle_meanfn} and
 * {@code particle_covariance_mtx} do not renormalise either).
 */
final class WeightedParticles {
    private static final Logger LOG = LoggerFactory.getLogger(WeightedParticles.class);

    private WeightedParticles() {}

    /** {@code mu_p = sum_i w_i x_ip}, length d. All-zero weights give zeros; NaN weights give NaN. */
    static double[] mean(double[] w, ModelParams x) {
        int n = x.nModels();
        int d = x.nParams();
        double[] mu = new double[d];
        for (int i = 0; i < n; i++) {
            double wi = w[i];
            for (int p = 0; p < d; p++) {
                mu[p] += wi * x.get(i, p);
            }
        }
        return mu;
    }

    /**
     * {@code C = sum_i w_i x_i x_i^T - mu mu^T} with {@code mu} from {@link #mean}, flat row-major {@code d x d},
     * exactly symmetric. This one-pass form is QInfer's {@code particle_covariance_mtx}; it can lose a few ulps
     * to cancellation and come out with a slightly negative eigenvalue, in which case it logs a warning, as
     * QInfer does, and returns the matrix unchanged.
     */
    static double[] covariance(double[] w, ModelParams x) {
        int n = x.nModels();
        int d = x.nParams();
        double[] mu = mean(w, x);
        double[] c = new double[d * d];
        double[] row = new double[d];
        for (int i = 0; i < n; i++) {
            double wi = w[i];
            for (int p = 0; p < d; p++) {
                row[p] = x.get(i, p);
            }
            for (int a = 0; a < d; a++) {
                double wa = wi * row[a];
                for (int b = a; b < d; b++) {
                    c[a * d + b] += wa * row[b];
                }
            }
        }
        for (int a = 0; a < d; a++) {
            for (int b = a; b < d; b++) {
                double v = c[a * d + b] - mu[a] * mu[b];
                c[a * d + b] = v;
                c[b * d + a] = v;
            }
        }
        if (allFinite(c)) {
            double min = SymmetricMatrices.minEigenvalue(c, d);
            if (min < 0) {
                LOG.warn(
                        "Numerical error in covariance estimation causing positive semidefinite violation "
                                + "(smallest eigenvalue {}).",
                        min);
            }
        }
        return c;
    }

    /** Running sums {@code c_i = w_0 + ... + w_i}. */
    static double[] cumulative(double[] w) {
        double[] c = new double[w.length];
        double sum = 0;
        for (int i = 0; i < w.length; i++) {
            sum += w[i];
            c[i] = sum;
        }
        return c;
    }

    /**
     * numpy's {@code min(cdf.searchsorted(u, side='right'), n - 1)}: the first index {@code i} with
     * {@code cdf[i] > u}, or {@code n - 1} if there is none (rounding can leave {@code cdf[n-1]} just below 1).
     * {@code cdf} must be non-decreasing and non-empty.
     */
    static int searchRight(double[] cdf, double u) {
        int lo = 0;
        int hi = cdf.length; // invariant: answer in [lo, hi]
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] > u) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return Math.min(lo, cdf.length - 1);
    }

    private static boolean allFinite(double[] a) {
        for (double x : a) {
            if (!Double.isFinite(x)) {
                return false;
            }
        }
        return true;
    }
}

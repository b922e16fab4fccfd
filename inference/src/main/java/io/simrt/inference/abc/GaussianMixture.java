package io.simrt.inference.abc;

import io.simrt.models.NumpySums;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.random.NumpyMath;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ELFI's {@code GMDistribution} for ABC-SMC proposals: a mixture of Gaussians centred on the previous
 * population's rows, weighted by its weights, sharing one diagonal covariance; drawn and evaluated in the order and
 * with the roundings numpy and scipy use, so that with the {@code elfi} stream family the proposals are ELFI's
 * (docs/python-semantics.md §6, "ABC-SMC bit for bit").
 */
final class GaussianMixture {
    private static final Logger LOG = LoggerFactory.getLogger(GaussianMixture.class);
    /** ELFI warns after 100 trials and keeps trying forever; simrt gives up with an error after this many. */
    static final int MAX_TRIALS = 10_000;
    /** scipy's {@code _LOG_2PI}, {@code log(2 pi)} as a double. */
    private static final double LOG_2PI = 0x1.d67f1c864beb4p+0;

    private final double[] means; // n x d row-major
    private final double[] cdf; // numpy choice's cumulative probabilities
    private final double[] weights; // normalised as ELFI's normalize_weights does
    private final int[] byVarianceDesc; // numpy's SVD order: draw k perturbs coordinate byVarianceDesc[k]
    private final double[] scale; // sqrt(variance) per coordinate
    private final int[] byEigenAsc; // scipy's eigh order
    private final double[] whiten; // sqrt(1 / eigenvalue) per coordinate
    private final double logNormaliser; // rank log(2 pi) + log pseudo-determinant
    private final int n;
    private final int d;

    GaussianMixture(double[] means, double[] weights, double[] covariance, int d) {
        this.d = d;
        this.n = weights.length;
        this.means = means;
        // normalize_weights: w / np.sum(w) (pairwise); choice: cumsum left to right, then divided by its last entry
        double total = NumpySums.sum(weights, 0, n);
        this.weights = new double[n];
        this.cdf = new double[n];
        double cum = 0;
        for (int i = 0; i < n; i++) {
            this.weights[i] = weights[i] / total;
            cum += this.weights[i];
            cdf[i] = cum;
        }
        double last = cdf[n - 1];
        for (int i = 0; i < n; i++) {
            cdf[i] /= last;
        }
        double[] variances = new double[d];
        for (int k = 0; k < d; k++) {
            variances[k] = covariance[k * d + k];
        }
        this.scale = new double[d];
        for (int k = 0; k < d; k++) {
            scale[k] = Math.sqrt(variances[k]);
        }
        this.byVarianceDesc = order(variances, true);
        double[] eigen = eigenvalues(variances);
        this.byEigenAsc = order(variances, false);
        this.whiten = new double[d];
        double logDet = 0;
        for (int k = 0; k < d; k++) {
            int c = byEigenAsc[k];
            whiten[c] = Math.sqrt(1 / eigen[c]);
            logDet += NumpyMath.log(eigen[c]);
        }
        this.logNormaliser = d * LOG_2PI + logDet;
    }

    /**
     * The coordinates sorted by variance, descending or ascending, ties in coordinate order: the order of the
     * singular values numpy's {@code svd} and of the eigenvalues scipy's {@code eigh} give for a diagonal matrix.
     */
    private static int[] order(double[] v, boolean descending) {
        Integer[] idx = new Integer[v.length];
        for (int k = 0; k < v.length; k++) {
            idx[k] = k;
        }
        Arrays.sort(idx, (a, b) -> descending ? Double.compare(v[b], v[a]) : Double.compare(v[a], v[b]));
        return Arrays.stream(idx).mapToInt(Integer::intValue).toArray();
    }

    /**
     * The eigenvalues of {@code diag(v)}, per coordinate, as LAPACK's symmetric solver returns them: exact for
     * {@code d != 2}; for {@code d = 2} it solves the 2x2 case in closed form ({@code dlaev2}), whose larger root
     * {@code (a + c + |a - c|) / 2} and smaller root {@code (max / larger) * min} can be one unit in the last place
     * off the diagonal entries.
     */
    private static double[] eigenvalues(double[] v) {
        double[] e = v.clone();
        if (v.length == 2) {
            double a = v[0];
            double c = v[1];
            double big = Math.abs(a) > Math.abs(c) ? a : c;
            double small = Math.abs(a) > Math.abs(c) ? c : a;
            double rt1 = 0.5 * ((a + c) + Math.abs(a - c));
            double rt2 = (big / rt1) * small;
            // the larger root belongs to the larger entry (either one when they tie: then both roots are equal)
            if (a > c) {
                e[0] = rt1;
                e[1] = rt2;
            } else {
                e[0] = rt2;
                e[1] = rt1;
            }
        }
        return e;
    }

    /**
     * Draws {@code size} rows with positive prior density, as ELFI's {@code GMDistribution.rvs} does with numpy's
     * legacy generator: per trial, one uniform per missing row picks its component (numpy's {@code choice}:
     * {@code searchsorted(cdf, u, 'right')}); then {@code d} standard normals per row, row by row, where the k-th
     * normal of a row perturbs the coordinate with the k-th largest variance ({@code multivariate_normal} colours
     * the normals with the SVD of the covariance, whose singular values come sorted); then the rows inside the
     * prior's support are kept, in order.
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
                    int c = byVarianceDesc[k];
                    x[i * d + c] = means[comp[i] * d + c] + rng.nextGaussian() * scale[c];
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

    /**
     * The log mixture density at row {@code row} of {@code x}, as ELFI's {@code GMDistribution.logpdf} forms it:
     * {@code log(sum_j w_j exp(logpdf_j))}, components in order, each {@code logpdf_j} as scipy's
     * {@code multivariate_normal} computes it ({@code -0.5 (rank log(2 pi) + log det + maha)}, the Mahalanobis
     * term a sum of squared whitened deviations in eigenvalue order), with numpy's {@code exp} and {@code log}
     * ({@link NumpyMath}).
     */
    double logDensity(double[] x, int row) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            double maha = 0;
            for (int k = 0; k < d; k++) {
                int c = byEigenAsc[k];
                double z = (x[row * d + c] - means[j * d + c]) * whiten[c];
                maha += z * z;
            }
            sum += weights[j] * NumpyMath.exp(-0.5 * (logNormaliser + maha));
        }
        return NumpyMath.log(sum);
    }
}

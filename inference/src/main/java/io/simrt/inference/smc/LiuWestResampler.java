package io.simrt.inference.smc;

import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.Require;
import java.util.Arrays;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resampler of Liu and West (2001), as QInfer's {@code LiuWestResampler} (docs/python-semantics.md §3): each new
 * particle is drawn from a Gaussian kernel centred between an ancestor and the cloud's mean,
 * <pre>
 *   j_i ~ Categorical(w)                      (inverse CDF: cumsum(w).searchsorted(u, 'right'))
 *   mu_i = a x_{j_i} + (1 - a) mean
 *   x_i' = mu_i + S z_i,   z_i ~ kernel (d independent draws, mean 0, variance 1),   S = h sqrtm_psd(Cov)
 * </pre>
 * with {@code mean = sum w x} and {@code Cov = sum w x x^T - mean mean^T}. The new weights are uniform, {@code 1/n}.
 * In expectation over the draws, the mean is kept and the covariance becomes {@code (a^2 + h^2) Cov}: both moments
 * are preserved iff {@code a^2 + h^2 = 1}, which is the default {@code h = sqrt(1 - a^2)}.
 *
 * <p>Post-selection (on by default): new particles that {@link Model#areModelsValid} rejects are drawn again,
 * keeping their ancestor and drawing a new kernel vector, at most {@code maxIter} rounds in all; particles still
 * invalid after that are kept as they are and a warning is logged. If the covariance is exactly zero (all weight
 * on one location) a warning is logged and {@code zeroCovComp * I} is used instead.
 *
 * <p>Random draws, in order: {@code n} uniforms for the ancestors, then per round, for each particle still to
 * draw in index order, {@code d} kernel draws. Immutable.
 */
public final class LiuWestResampler implements Resampler {
    private static final Logger LOG = LoggerFactory.getLogger(LiuWestResampler.class);

    public static final double DEFAULT_A = 0.98;
    public static final int DEFAULT_MAX_ITER = 1000;
    public static final double DEFAULT_ZERO_COV_COMP = 1e-10;

    /** A source of kernel draws with mean 0 and variance 1. */
    @FunctionalInterface
    public interface Kernel {
        /** The default: {@link RandomStream#nextGaussian()}. */
        Kernel STANDARD_NORMAL = RandomStream::nextGaussian;

        double draw(RandomStream rng);
    }

    private final double a;
    private final double h;
    private final int maxIter;
    private final boolean postselect;
    private final double zeroCovComp;
    private final Kernel kernel;

    private LiuWestResampler(Builder b) {
        this.a = b.a;
        this.h = Double.isNaN(b.h) ? defaultH(b.a) : b.h;
        this.maxIter = b.maxIter;
        this.postselect = b.postselect;
        this.zeroCovComp = b.zeroCovComp;
        this.kernel = b.kernel;
    }

    /** {@code a = 0.98}, {@code h = sqrt(1 - a^2)}, {@code maxIter = 1000}, post-selection on. */
    public static LiuWestResampler of() {
        return builder().build();
    }

    /** The defaults with another {@code a}, {@code h = sqrt(1 - a^2)}. */
    public static LiuWestResampler of(double a) {
        return builder().a(a).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code sqrt(1 - a^2)}: the {@code h} that preserves the covariance (0.19899748742132398 for a = 0.98). */
    public static double defaultH(double a) {
        return Math.sqrt(1 - a * a);
    }

    public double a() {
        return a;
    }

    public double h() {
        return h;
    }

    public int maxIter() {
        return maxIter;
    }

    public boolean postselect() {
        return postselect;
    }

    public double zeroCovComp() {
        return zeroCovComp;
    }

    /**
     * Draws {@code n = locations.nModels()} new particles as described on the class, weights {@code 1/n}.
     *
     * @throws ParameterException if {@code weights.length != n} or {@code n == 0}
     * @throws SmcException if the covariance of the cloud is not finite (NaN or infinite weights or locations)
     */
    @Override
    public Resampled resample(Model model, double[] weights, ModelParams locations, RandomStream rng) {
        int n = locations.nModels();
        int d = locations.nParams();
        if (weights.length != n) {
            throw ParameterException.because(weights.length + " weights for " + n + " particles");
        }
        Require.positive("number of particles to resample", n);
        double[] mean = WeightedParticles.mean(weights, locations);
        double[] cov = WeightedParticles.covariance(weights, locations);
        for (double c : cov) {
            if (!Double.isFinite(c)) {
                throw new SmcException("Liu-West resampling: the particle covariance " + Arrays.toString(cov)
                        + " is not finite; check the weights (n_ess too small?)");
            }
        }
        if (SymmetricMatrices.frobenius(cov) == 0) {
            LOG.warn(
                    "Covariance has zero norm; adding in small covariance {} * I in resampler. Consider "
                            + "increasing n_particles to improve covariance estimates.",
                    zeroCovComp);
            Arrays.fill(cov, 0);
            for (int p = 0; p < d; p++) {
                cov[p * d + p] = zeroCovComp;
            }
        }
        double[] s = SymmetricMatrices.sqrtPsd(cov, d);
        for (int k = 0; k < s.length; k++) {
            s[k] *= h;
        }

        double[] cdf = WeightedParticles.cumulative(weights);
        int[] ancestor = new int[n];
        for (int i = 0; i < n; i++) {
            ancestor[i] = WeightedParticles.searchRight(cdf, rng.nextDouble());
        }

        double[] out = new double[Math.multiplyExact(n, d)];
        double[] z = new double[d];
        int[] pending = new int[n];
        for (int i = 0; i < n; i++) {
            pending[i] = i;
        }
        int nPending = n;
        int rounds = 0;
        while (nPending > 0 && rounds < maxIter) {
            rounds++;
            for (int r = 0; r < nPending; r++) {
                int i = pending[r];
                int j = ancestor[i];
                for (int p = 0; p < d; p++) {
                    z[p] = kernel.draw(rng);
                }
                for (int p = 0; p < d; p++) {
                    double x = a * locations.get(j, p) + (1 - a) * mean[p];
                    for (int q = 0; q < d; q++) {
                        x += s[p * d + q] * z[q];
                    }
                    out[i * d + p] = x;
                }
            }
            if (!postselect) {
                nPending = 0;
                break;
            }
            double[] drawn = new double[nPending * d];
            for (int r = 0; r < nPending; r++) {
                System.arraycopy(out, pending[r] * d, drawn, r * d, d);
            }
            boolean[] valid = model.areModelsValid(ModelParams.adopt(nPending, d, drawn));
            if (valid.length != nPending) {
                throw new IllegalStateException(model.name() + ".areModelsValid returned " + valid.length
                        + " flags for " + nPending + " models");
            }
            int kept = 0;
            for (int r = 0; r < nPending; r++) {
                if (!valid[r]) {
                    pending[kept++] = pending[r];
                }
            }
            nPending = kept;
        }
        if (nPending > 0) {
            LOG.warn(
                    "Liu-West resampling failed to find valid models for {} particles within {} iterations.",
                    nPending,
                    maxIter);
        }
        LOG.debug("Liu-West resampling of {} particles completed in {} rounds.", n, rounds);
        double[] uniform = new double[n];
        Arrays.fill(uniform, 1.0 / n);
        return new Resampled(uniform, ModelParams.adopt(n, d, out));
    }

    @Override
    public String toString() {
        return "LiuWestResampler[a=" + a + ", h=" + h + ", maxIter=" + maxIter + ", postselect=" + postselect
                + ", zeroCovComp=" + zeroCovComp + "]";
    }

    /** Options of a {@link LiuWestResampler}; every setter validates its value. */
    public static final class Builder {
        private double a = DEFAULT_A;
        private double h = Double.NaN; // NaN: sqrt(1 - a^2)
        private int maxIter = DEFAULT_MAX_ITER;
        private boolean postselect = true;
        private double zeroCovComp = DEFAULT_ZERO_COV_COMP;
        private Kernel kernel = Kernel.STANDARD_NORMAL;

        private Builder() {}

        /** Shrinkage towards the mean, in [0, 1]; default 0.98. */
        public Builder a(double a) {
            this.a = Require.inClosedRange("a", a, 0, 1);
            return this;
        }

        /**
         * Kernel scale, finite and {@code >= 0}; default {@code sqrt(1 - a^2)}. Any other value no longer preserves
         * the covariance.
         */
        public Builder h(double h) {
            this.h = Require.nonNegative("h", h);
            return this;
        }

        /** Rounds of post-selection, {@code >= 1}; default 1000. */
        public Builder maxIter(int maxIter) {
            this.maxIter = Require.positive("maxIter", maxIter);
            return this;
        }

        /** Whether invalid new particles are drawn again; default true. */
        public Builder postselect(boolean postselect) {
            this.postselect = postselect;
            return this;
        }

        /** Variance put on every parameter when the cloud's covariance is zero, {@code > 0}; default 1e-10. */
        public Builder zeroCovComp(double zeroCovComp) {
            this.zeroCovComp = Require.positive("zeroCovComp", zeroCovComp);
            return this;
        }

        /** Kernel draws, mean 0 and variance 1; default {@link Kernel#STANDARD_NORMAL}. */
        public Builder kernel(Kernel kernel) {
            this.kernel = Objects.requireNonNull(kernel, "kernel");
            return this;
        }

        public LiuWestResampler build() {
            return new LiuWestResampler(this);
        }
    }
}

package io.simrt.models.abc;

import io.simrt.models.ParameterException;
import io.simrt.models.Require;
import org.apache.commons.statistics.distribution.BetaDistribution;
import org.apache.commons.statistics.distribution.ExponentialDistribution;
import org.apache.commons.statistics.distribution.GammaDistribution;
import org.apache.commons.statistics.distribution.LogNormalDistribution;
import org.apache.commons.statistics.distribution.NormalDistribution;
import org.apache.commons.statistics.distribution.TruncatedNormalDistribution;
import org.apache.commons.statistics.distribution.UniformContinuousDistribution;

/**
 * One-column priors backed by Commons Statistics distributions (density from the distribution). Sampling:
 * {@link #uniform} and {@link #normal} use scipy's formulas on the batch's stream ({@code lo + (hi - lo) u},
 * {@code mu + sigma z}), so with the {@code elfi} streams they reproduce ELFI's {@code uniform} and {@code norm}
 * priors draw for draw; the others use the distribution's own Commons sampler on that stream (reproducible, but
 * not scipy's numbers).
 *
 * <p>Every factory validates its arguments and throws {@link ParameterException} naming the argument and the rule.
 */
public final class Priors {
    private Priors() {}

    /**
     * Uniform on {@code [lo, hi]}: sample {@code lo + (hi - lo) * u}, {@code u = rng.nextDouble()} (scipy's
     * {@code uniform(loc=lo, scale=hi - lo).rvs}, one uniform per row); density {@code 1 / (hi - lo)} on the closed
     * interval.
     *
     * @throws ParameterException unless both are finite and {@code lo < hi}
     */
    public static Prior uniform(double lo, double hi) {
        Require.finite("uniform lo", lo);
        Require.finite("uniform hi", hi);
        if (!(hi > lo)) {
            throw ParameterException.of("uniform hi", hi, "must be > lo = " + lo);
        }
        double scale = hi - lo;
        return new DistributionPrior(
                "uniform(" + lo + ", " + hi + ")",
                UniformContinuousDistribution.of(lo, hi),
                rng -> () -> lo + scale * rng.nextDouble());
    }

    /**
     * Normal with mean {@code mu} and standard deviation {@code sigma}: sample {@code mu + sigma * z},
     * {@code z = rng.nextGaussian()} (scipy's {@code norm(mu, sigma).rvs}).
     *
     * @throws ParameterException unless {@code mu} is finite and {@code sigma} finite and {@code > 0}
     */
    public static Prior normal(double mu, double sigma) {
        Require.finite("normal mu", mu);
        Require.positive("normal sigma", sigma);
        return new DistributionPrior(
                "normal(" + mu + ", " + sigma + ")",
                NormalDistribution.of(mu, sigma),
                rng -> () -> mu + sigma * rng.nextGaussian());
    }

    /**
     * The normal law of {@code mu, sigma} (of the parent normal) truncated to {@code [lo, hi]}; either end may be
     * infinite.
     *
     * @throws ParameterException unless {@code mu} is finite, {@code sigma} finite and {@code > 0}, and
     *     {@code lo < hi} (neither NaN)
     */
    public static Prior truncatedNormal(double mu, double sigma, double lo, double hi) {
        Require.finite("truncatedNormal mu", mu);
        Require.positive("truncatedNormal sigma", sigma);
        if (Double.isNaN(lo) || lo == Double.POSITIVE_INFINITY) {
            throw ParameterException.of("truncatedNormal lo", lo, "must be a number below +infinity");
        }
        if (!(hi > lo)) {
            throw ParameterException.of("truncatedNormal hi", hi, "must be > lo = " + lo);
        }
        return new DistributionPrior(
                "truncatedNormal(" + mu + ", " + sigma + ", " + lo + ", " + hi + ")",
                TruncatedNormalDistribution.of(mu, sigma, lo, hi));
    }

    /**
     * Log-normal: {@code log X ~ normal(mu, sigma)}.
     *
     * @throws ParameterException unless {@code mu} is finite and {@code sigma} finite and {@code > 0}
     */
    public static Prior logNormal(double mu, double sigma) {
        Require.finite("logNormal mu", mu);
        Require.positive("logNormal sigma", sigma);
        return new DistributionPrior("logNormal(" + mu + ", " + sigma + ")", LogNormalDistribution.of(mu, sigma));
    }

    /**
     * Gamma with {@code shape} k and {@code scale} theta (mean {@code k theta}); scipy's {@code gamma(a=shape,
     * scale=scale)}.
     *
     * @throws ParameterException unless both are finite and {@code > 0}
     */
    public static Prior gamma(double shape, double scale) {
        Require.positive("gamma shape", shape);
        Require.positive("gamma scale", scale);
        return new DistributionPrior("gamma(" + shape + ", " + scale + ")", GammaDistribution.of(shape, scale));
    }

    /**
     * Beta with shapes {@code a} and {@code b} on [0, 1].
     *
     * @throws ParameterException unless both are finite and {@code > 0}
     */
    public static Prior beta(double a, double b) {
        Require.positive("beta a", a);
        Require.positive("beta b", b);
        return new DistributionPrior("beta(" + a + ", " + b + ")", BetaDistribution.of(a, b));
    }

    /**
     * Exponential with the given {@code mean} (scipy's {@code expon(scale=mean)}).
     *
     * @throws ParameterException unless {@code mean} is finite and {@code > 0}
     */
    public static Prior exponential(double mean) {
        Require.positive("exponential mean", mean);
        return new DistributionPrior("exponential(" + mean + ")", ExponentialDistribution.of(mean));
    }
}

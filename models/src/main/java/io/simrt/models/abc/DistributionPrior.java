package io.simrt.models.abc;

import io.simrt.models.RandomStream;
import java.util.function.Function;
import org.apache.commons.statistics.distribution.ContinuousDistribution;

/**
 * A one-column {@link Prior} backed by a Commons Statistics distribution: its density, and a per-batch sampler made
 * from the batch's stream (the distribution's own sampler unless {@link Priors} gives a formula of scipy's).
 * Immutable and thread-safe: a sampler is made per {@link #sample} call and dropped at its end.
 */
final class DistributionPrior implements Prior {
    private final String description;
    private final ContinuousDistribution distribution;
    private final Function<RandomStream, ContinuousDistribution.Sampler> samplers;

    DistributionPrior(
            String description,
            ContinuousDistribution distribution,
            Function<RandomStream, ContinuousDistribution.Sampler> samplers) {
        this.description = description;
        this.distribution = distribution;
        this.samplers = samplers;
    }

    /** With the distribution's own sampler. */
    DistributionPrior(String description, ContinuousDistribution distribution) {
        this(description, distribution, distribution::createSampler);
    }

    ContinuousDistribution distribution() {
        return distribution;
    }

    @Override
    public int dimension() {
        return 1;
    }

    @Override
    public void sample(int batchSize, RandomStream rng, double[] params, int nParams, int column) {
        ContinuousDistribution.Sampler sampler = samplers.apply(rng);
        for (int i = 0, at = column; i < batchSize; i++, at += nParams) {
            params[at] = sampler.sample();
        }
    }

    /** The distribution's density; 0 for NaN (Commons Statistics would return NaN). */
    @Override
    public double density(double[] values, int offset) {
        double x = values[offset];
        return Double.isNaN(x) ? 0.0 : distribution.density(x);
    }

    @Override
    public String toString() {
        return description;
    }
}

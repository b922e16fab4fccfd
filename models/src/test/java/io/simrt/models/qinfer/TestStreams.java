package io.simrt.models.qinfer;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.NormalizedGaussianSampler;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;
import org.apache.commons.rng.simple.RandomSource;

/**
 * Test-only random streams: a seeded xoshiro256++ generator ({@code RandomSource.XO_SHI_RO_256_PP}) with a
 * Ziggurat Gaussian. Stands in for {@code RandomStreams}, which is built elsewhere; these tests only need a
 * fixed, seeded source.
 */
public final class TestStreams {
    private TestStreams() {}

    public static RandomStream of(long seed) {
        return new Stream(RandomSource.XO_SHI_RO_256_PP.create(seed));
    }

    private static final class Stream implements RandomStream {
        private final UniformRandomProvider rng;
        private final NormalizedGaussianSampler gaussian;

        Stream(UniformRandomProvider rng) {
            this.rng = rng;
            this.gaussian = ZigguratSampler.NormalizedGaussian.of(rng);
        }

        @Override
        public long nextLong() {
            return rng.nextLong();
        }

        @Override
        public double nextDouble() {
            return rng.nextDouble();
        }

        @Override
        public double nextGaussian() {
            return gaussian.sample();
        }

        @Override
        public RngFamily family() {
            return RngFamily.FAST;
        }
    }
}

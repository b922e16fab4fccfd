package io.simrt.models.random;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import org.apache.commons.rng.core.RandomProviderDefaultState;
import org.apache.commons.rng.core.source64.XoShiRo256PlusPlus;
import org.apache.commons.rng.sampling.distribution.ZigguratSampler;

/**
 * The {@code fast} family's stream: Commons RNG's {@link XoShiRo256PlusPlus} (period 2^256 - 1) for bits and
 * uniforms, and the McFarland ziggurat ({@link ZigguratSampler.NormalizedGaussian}) for standard normals.
 *
 * <p>State derivation (only {@link RandomStreams} calls it): {@link #mix(long, long, long)} hashes
 * {@code (domain, seed, index)} to a 64-bit value {@code h} with the SplitMix64 finalizer (Stafford's
 * variant 13, a bijection on 64 bits) applied in a chain,
 * <pre>
 *   h = mix64(mix64(mix64(domain + G) ^ seed) + G ^ index),     G = 0x9E3779B97F4A7C15 (golden ratio)
 * </pre>
 * and the four xoshiro state words are the next four outputs of a SplitMix64 generator started at {@code h}:
 * {@code s_k = mix64(h + (k + 1) G)}. For a fixed (domain, seed) the map index -> h is a bijection, and
 * h -> s_0 is one too, so two blocks of one seed never share a state; states of different seeds or domains
 * coincide with probability 2^-64. The state can never be all zero ({@code s_0 = 0} forces
 * {@code s_1 = mix64(G) != 0}); {@link #of(long)} still guards against it.
 *
 * <p>{@link #state()} is the generator's Commons RNG state (its four words and the cached halves of a word
 * {@code nextInt} split); the ziggurat sampler keeps no state of its own (only its generator and constant tables),
 * so that is the stream's whole state.
 *
 * <p>Not thread-safe: one stream belongs to one batch of work on one thread.
 */
final class FastStream implements RandomStream {
    /** The 64-bit golden ratio, SplitMix64's increment. */
    static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;

    private final XoShiRo256PlusPlus bits;
    private final ZigguratSampler.NormalizedGaussian gaussian;

    private FastStream(long s0, long s1, long s2, long s3) {
        this.bits = new XoShiRo256PlusPlus(s0, s1, s2, s3);
        this.gaussian = ZigguratSampler.NormalizedGaussian.of(bits);
    }

    /** A stream whose state is the SplitMix64 expansion of {@code h} (see the class comment). */
    static FastStream of(long h) {
        long s0 = mix64(h + GOLDEN);
        long s1 = mix64(h + 2 * GOLDEN);
        long s2 = mix64(h + 3 * GOLDEN);
        long s3 = mix64(h + 4 * GOLDEN);
        if ((s0 | s1 | s2 | s3) == 0) {
            s0 = GOLDEN;
        }
        return new FastStream(s0, s1, s2, s3);
    }

    /** {@code mix64(mix64(mix64(domain + G) ^ seed) + G ^ index)}: bijective in {@code index} and in {@code seed}. */
    static long mix(long domain, long seed, long index) {
        return mix64((mix64(mix64(domain + GOLDEN) ^ seed) + GOLDEN) ^ index);
    }

    /** SplitMix64's finalizer (Stafford variant 13): a bijection on 64-bit values with full avalanche. */
    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public RngFamily family() {
        return RngFamily.FAST;
    }

    @Override
    public long nextLong() {
        return bits.nextLong();
    }

    @Override
    public int nextInt() {
        return bits.nextInt();
    }

    /** {@code (nextLong() >>> 11) * 2^-53}: uniform on [0, 1), 53 random bits. */
    @Override
    public double nextDouble() {
        return bits.nextDouble();
    }

    /** A standard normal from the ziggurat sampler (one 64-bit word in about 98.8% of calls). */
    @Override
    public double nextGaussian() {
        return gaussian.sample();
    }

    @Override
    public void nextDoubles(double[] out, int from, int to) {
        final XoShiRo256PlusPlus g = bits;
        for (int i = from; i < to; i++) {
            out[i] = g.nextDouble();
        }
    }

    @Override
    public void nextGaussians(double[] out, int from, int to) {
        final ZigguratSampler.NormalizedGaussian g = gaussian;
        for (int i = from; i < to; i++) {
            out[i] = g.sample();
        }
    }

    @Override
    public byte[] state() {
        return ((RandomProviderDefaultState) bits.saveState()).getState();
    }

    @Override
    public void restore(byte[] state) {
        bits.restoreState(new RandomProviderDefaultState(state));
    }

    @Override
    public String toString() {
        return "FastStream[XoShiRo256PlusPlus, ziggurat]";
    }
}

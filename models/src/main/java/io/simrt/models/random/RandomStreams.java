package io.simrt.models.random;

import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;

/**
 * The one place that derives random streams from {@code (seed, block index)}. A block is a unit of work
 * fixed by the request (an ABC batch, a block of models), never by the engine that runs it, so the same
 * seed gives the same numbers wherever and in whatever order blocks run.
 *
 * <p>Two families ({@link RngFamily}):
 * <ul>
 *   <li>{@code elfi}: numpy's legacy {@code RandomState} ({@link NumpyRandomState}) seeded exactly as ELFI seeds
 *       it: {@link #root()} is {@code RandomState(seed)}, {@link #block(long) block(i)} is
 *       {@code RandomState(get_sub_seed(seed, i))}, {@link #observed observed(seedObs)} is
 *       {@code RandomState(seedObs)}. Seeds must lie in [0, 2^32 - 1], block indices in [0, 2^31).
 *       Sub-seeds are cached per seed (see {@code ElfiSubSeeds}), so block i costs O(i) once per seed.</li>
 *   <li>{@code fast}: XoShiRo256++ with a ziggurat Gaussian sampler. The state of every stream is a strong
 *       hash (chained SplitMix64 finalizers) of {@code (domain, seed, index)}; the domains of root, block,
 *       observed and sub-seed values are distinct constants, so a block stream never equals the root stream
 *       or an observed stream of the same seed. Any {@code long} seed is accepted; block indices are >= 0.</li>
 * </ul>
 *
 * <p>Immutable and thread-safe; each call returns a new, independent stream.
 */
public final class RandomStreams {
    /** Domain tags of the fast family: one per kind of derived value, so they never coincide. */
    static final long DOMAIN_ROOT = 0x5349_4D52_5430_0001L;

    static final long DOMAIN_BLOCK = 0x5349_4D52_5430_0002L;
    static final long DOMAIN_OBSERVED = 0x5349_4D52_5430_0003L;
    static final long DOMAIN_SUB_SEED = 0x5349_4D52_5430_0004L;

    private final RngFamily family;
    private final long seed;

    private RandomStreams(RngFamily family, long seed) {
        this.family = family;
        this.seed = seed;
    }

    /**
     * The streams of {@code seed} in {@code family}.
     *
     * @throws io.simrt.models.ParameterException if {@code family} is null, or for the {@code elfi} family unless
     *     {@code 0 <= seed < 2^32} (numpy's rule)
     */
    public static RandomStreams of(RngFamily family, long seed) {
        if (family == null) {
            throw ParameterException.of("family", null, "must be given (fast or elfi)");
        }
        if (family == RngFamily.ELFI) {
            Mt19937.checkSeed("seed", seed);
        }
        return new RandomStreams(family, seed);
    }

    public RngFamily family() {
        return family;
    }

    public long seed() {
        return seed;
    }

    /**
     * The stream of block {@code index >= 0}. {@code elfi}: {@code RandomState(get_sub_seed(seed, index))}.
     * {@code fast}: a generator whose state is derived from (seed, index).
     *
     * @throws io.simrt.models.ParameterException if {@code index < 0}, or for {@code elfi} if {@code index >= 2^31}
     */
    public RandomStream block(long index) {
        checkIndex("block index", index);
        if (family == RngFamily.ELFI) {
            return NumpyRandomState.of(ElfiSubSeeds.subSeed(seed, index));
        }
        return FastStream.of(FastStream.mix(DOMAIN_BLOCK, seed, index));
    }

    /** The seed's own stream (master-side draws). {@code elfi}: {@code RandomState(seed)}. */
    public RandomStream root() {
        if (family == RngFamily.ELFI) {
            return NumpyRandomState.of(seed);
        }
        return FastStream.of(FastStream.mix(DOMAIN_ROOT, seed, 0));
    }

    /**
     * A derived seed for index {@code i}: {@code elfi}: ELFI's {@code get_sub_seed(seed, i)} (the (i+1)-th distinct
     * value of {@code RandomState(seed).randint(2**31)}), in [0, 2^31); {@code fast}: a mixed 64-bit value. ABC-SMC
     * seeds round r > 0 with {@code subSeed(r)}; either way the result is a valid seed for {@link #of} in the
     * same family.
     *
     * @throws io.simrt.models.ParameterException if {@code index < 0}, or for {@code elfi} if {@code index >= 2^31}
     */
    public long subSeed(long index) {
        checkIndex("sub-seed index", index);
        if (family == RngFamily.ELFI) {
            return ElfiSubSeeds.subSeed(seed, index);
        }
        return FastStream.mix(DOMAIN_SUB_SEED, seed, index);
    }

    /**
     * The stream that simulates observed data from {@code seedObs}: {@code elfi}: {@code RandomState(seedObs)}
     * itself (ELFI's {@code get_model(seed_obs=...)}); {@code fast}: a stream derived from seedObs in a domain
     * of its own, so it never equals a block stream of the same seed.
     *
     * @throws io.simrt.models.ParameterException if {@code family} is null, or for {@code elfi} unless
     *     {@code 0 <= seedObs < 2^32}
     */
    public static RandomStream observed(RngFamily family, long seedObs) {
        if (family == null) {
            throw ParameterException.of("family", null, "must be given (fast or elfi)");
        }
        if (family == RngFamily.ELFI) {
            return NumpyRandomState.of(Mt19937.checkSeed("seedObs", seedObs));
        }
        return FastStream.of(FastStream.mix(DOMAIN_OBSERVED, seedObs, 0));
    }

    private void checkIndex(String what, long index) {
        if (index < 0) {
            throw ParameterException.of(what, index, "must be >= 0");
        }
        if (family == RngFamily.ELFI && index >= ElfiSubSeeds.HIGH) {
            throw ParameterException.of(what, index, "must be < 2^31 for the elfi family (ELFI's get_sub_seed rule)");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RandomStreams r && r.family == family && r.seed == seed;
    }

    @Override
    public int hashCode() {
        return family.hashCode() * 31 + Long.hashCode(seed);
    }

    @Override
    public String toString() {
        return "RandomStreams[" + family.id() + ", seed " + seed + "]";
    }
}

package io.simrt.models.random;

/**
 * The one place that derives random streams from {@code (seed, block index)}. A block is a unit of work
 * fixed by the request (an ABC batch, a block of models), never by the engine that runs it, so the same
 * seed gives the same numbers wherever and in whatever order blocks run.
 *
 * <p>Immutable and thread-safe; each call returns a new, independent stream.
 */
public final class RandomStreams {
    private final RngFamily family;
    private final long seed;

    private RandomStreams(RngFamily family, long seed) {
        this.family = family;
        this.seed = seed;
    }

    /**
     * @throws io.simrt.models.ParameterException for the {@code elfi} family, unless {@code 0 <= seed < 2^32}
     *     (numpy's rule)
     */
    public static RandomStreams of(RngFamily family, long seed) {
        throw new UnsupportedOperationException("not yet implemented");
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
     */
    public RandomStream block(long index) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The seed's own stream (master-side draws). {@code elfi}: {@code RandomState(seed)}. */
    public RandomStream root() {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * A derived seed for index {@code i}: {@code elfi}: ELFI's {@code get_sub_seed(seed, i)} (the (i+1)-th distinct
     * value of {@code RandomState(seed).randint(2**31)}); {@code fast}: a mixed 64-bit value. ABC-SMC seeds
     * round r > 0 with {@code subSeed(r)}.
     */
    public long subSeed(long index) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * The stream that simulates observed data from {@code seedObs}: {@code elfi}: {@code RandomState(seedObs)}
     * itself (ELFI's {@code get_model(seed_obs=...)}); {@code fast}: a stream derived from seedObs in a domain
     * of its own, so it never equals a block stream of the same seed.
     */
    public static RandomStream observed(RngFamily family, long seedObs) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    @Override
    public String toString() {
        return "RandomStreams[" + family.id() + ", seed " + seed + "]";
    }
}

package io.simrt.models;

import org.apache.commons.rng.UniformRandomProvider;

/**
 * A source of uniform and standard normal variates, one per (seed, block) as {@code random.RandomStreams} derives
 * them. It is a Commons RNG {@link UniformRandomProvider}, so every Commons sampler accepts it.
 *
 * <p>Not thread-safe: one stream belongs to one batch of work on one thread.
 */
public interface RandomStream extends UniformRandomProvider {

    /** Uniform on {@code [0, 1)}, 53 random bits. For the {@code elfi} family: numpy's {@code random_sample}. */
    @Override
    double nextDouble();

    /** Standard normal. For the {@code elfi} family: numpy's legacy {@code randn} (polar method, one cached). */
    double nextGaussian();

    /** Fills {@code out[from, to)} with {@link #nextDouble()} values, in index order. */
    default void nextDoubles(double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = nextDouble();
        }
    }

    /** Fills {@code out[from, to)} with {@link #nextGaussian()} values, in index order. */
    default void nextGaussians(double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = nextGaussian();
        }
    }

    /** The family this stream belongs to. */
    RngFamily family();

    /**
     * This stream's whole state as bytes: a stream of the same family given them with {@link #restore(byte[])}
     * draws exactly the values this one draws next, whichever methods are called. A checkpoint of a run
     * (docs/run-store.md) keeps them.
     *
     * @throws UnsupportedOperationException if this stream cannot save its state (the families' own streams can)
     */
    default byte[] state() {
        throw new UnsupportedOperationException(this + " cannot save its state");
    }

    /**
     * Puts this stream in the state {@link #state()} saved, from a stream of the same family.
     *
     * @throws IllegalStateException if {@code state} is not such a state
     * @throws UnsupportedOperationException if this stream cannot restore a state
     */
    default void restore(byte[] state) {
        throw new UnsupportedOperationException(this + " cannot restore a state");
    }
}

package io.simrt.models.random;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.commons.rng.core.RandomProviderDefaultState;

/**
 * The {@code elfi} family's stream: numpy's legacy {@code RandomState(seed)} with an integer seed, bit for bit
 * (docs/python-semantics.md §8). The raw words come from {@link Mt19937} seeded by {@code init_genrand(seed)}; on top
 * of them this class applies numpy's legacy formulas:
 * <ul>
 *   <li>{@link #nextDouble()} = {@code random_sample()}: {@code a = w1 >>> 5, b = w2 >>> 6},
 *       {@code (a * 2^26 + b) / 2^53};</li>
 *   <li>{@link #nextGaussian()} = legacy {@code randn()}: polar Box-Muller that caches its second value;</li>
 *   <li>{@link #randint31()} = {@code randint(2**31, dtype=uint32)}: {@code w & 0x7FFFFFFF};</li>
 *   <li>{@link #nextInt()} is one raw word, {@link #nextLong()} two ({@code (w1 << 32) | w2}, as numpy's
 *       {@code next_uint64}); the other {@code UniformRandomProvider} methods are Commons' defaults on top.</li>
 * </ul>
 * {@code log} is Java's {@link Math#log}, which may differ from the C library's in the last bit for some
 * arguments; the MA2 reference vectors agree with numpy to far better than 1e-12 relative.
 *
 * <p>{@link #state()}: one byte, 1 if a Gaussian is cached, the cached value (float64, little-endian), then the
 * {@link Mt19937}'s Commons RNG state (its 624 words and position): numpy's {@code get_state()} in other words.
 *
 * <p>Not thread-safe: one stream belongs to one batch of work on one thread.
 */
public final class NumpyRandomState implements RandomStream {
    private static final double TWO_POW_26 = 67108864.0;
    private static final double TWO_POW_53 = 9007199254740992.0;

    private final Mt19937 mt;
    private boolean hasGauss;
    private double gauss;

    private NumpyRandomState(Mt19937 mt) {
        this.mt = mt;
    }

    /**
     * {@code numpy.random.RandomState(seed)}.
     *
     * @throws io.simrt.models.ParameterException unless {@code 0 <= seed <= 2^32 - 1} (numpy's rule)
     */
    public static NumpyRandomState of(long seed) {
        return new NumpyRandomState(Mt19937.of(seed));
    }

    @Override
    public RngFamily family() {
        return RngFamily.ELFI;
    }

    /** One raw MT19937 word. */
    @Override
    public int nextInt() {
        return mt.next();
    }

    /** Two raw words, the first one high: {@code (w1 << 32) | w2}. */
    @Override
    public long nextLong() {
        return ((long) mt.next() << 32) | (mt.next() & 0xFFFF_FFFFL);
    }

    /**
     * numpy's {@code random_sample()}: {@code ((w1 >>> 5) * 2^26 + (w2 >>> 6)) / 2^53}, uniform on
     * {@code [0, 1)} with 53 random bits; consumes two raw words.
     */
    @Override
    public double nextDouble() {
        int a = mt.next() >>> 5;
        int b = mt.next() >>> 6;
        return (a * TWO_POW_26 + b) / TWO_POW_53;
    }

    /** numpy's {@code uniform(lo, hi)}: {@code lo + (hi - lo) * random_sample()}. No checks, like numpy. */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /** numpy's {@code randint(2**31, dtype=uint32)}: one raw word with its top bit cleared, in [0, 2^31). */
    public int randint31() {
        return mt.next() & 0x7FFF_FFFF;
    }

    /**
     * numpy's legacy {@code randn()} (the polar method): if a value is cached, return it and clear the cache;
     * otherwise repeat {@code x1 = 2 u1 - 1, x2 = 2 u2 - 1, r2 = x1^2 + x2^2} (u from {@link #nextDouble()})
     * until {@code 0 < r2 < 1}, set {@code f = sqrt(-2 ln(r2) / r2)}, cache {@code f * x1} and return
     * {@code f * x2}. The cache survives {@link #nextDouble()} calls in between, as in numpy.
     */
    @Override
    public double nextGaussian() {
        if (hasGauss) {
            hasGauss = false;
            return gauss;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /** Same values as {@code to - from} calls of {@link #nextGaussian()}, in index order. */
    @Override
    public void nextGaussians(double[] out, int from, int to) {
        int i = from;
        if (i < to && hasGauss) {
            hasGauss = false;
            out[i++] = gauss;
        }
        for (; i + 1 < to; i += 2) {
            double x1;
            double x2;
            double r2;
            do {
                x1 = 2.0 * nextDouble() - 1.0;
                x2 = 2.0 * nextDouble() - 1.0;
                r2 = x1 * x1 + x2 * x2;
            } while (r2 >= 1.0 || r2 == 0.0);
            double f = Math.sqrt(-2.0 * Math.log(r2) / r2);
            out[i] = f * x2;
            out[i + 1] = f * x1;
        }
        if (i < to) {
            out[i] = nextGaussian();
        }
    }

    @Override
    public byte[] state() {
        byte[] mtState = ((RandomProviderDefaultState) mt.saveState()).getState();
        return ByteBuffer.allocate(9 + mtState.length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .put((byte) (hasGauss ? 1 : 0))
                .putDouble(gauss)
                .put(mtState)
                .array();
    }

    @Override
    public void restore(byte[] state) {
        if (state.length < 9 || (state[0] & 0xff) > 1) {
            throw new IllegalStateException("not a NumpyRandomState state (" + state.length + " bytes)");
        }
        ByteBuffer b = ByteBuffer.wrap(state).order(ByteOrder.LITTLE_ENDIAN);
        boolean cached = b.get() == 1;
        double value = b.getDouble();
        byte[] mtState = new byte[b.remaining()];
        b.get(mtState);
        mt.restoreState(new RandomProviderDefaultState(mtState));
        hasGauss = cached;
        gauss = value;
    }

    @Override
    public String toString() {
        return "NumpyRandomState[MT19937]";
    }
}

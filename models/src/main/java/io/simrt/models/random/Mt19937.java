package io.simrt.models.random;

import io.simrt.models.ParameterException;
import java.util.Arrays;
import org.apache.commons.rng.core.source32.IntProvider;

/**
 * The 32-bit Mersenne Twister MT19937 (Matsumoto and Nishimura, 1998) seeded with the reference
 * {@code init_genrand(seed)}, exactly as numpy's legacy {@code RandomState(int)} seeds it: seed 5489 gives the
 * raw words 3499211612, 581869302, ... (docs/python-semantics.md §8).
 *
 * <p>Commons RNG has its own {@code MersenneTwister}, but it only seeds through {@code init_by_array}, which
 * numpy uses for array seeds, not for integer ones; hence this class. It extends Commons RNG's
 * {@link IntProvider}, so it is a proper {@link org.apache.commons.rng.UniformRandomProvider} (and a
 * {@link org.apache.commons.rng.RestorableUniformRandomProvider}): every Commons sampler accepts it, and the
 * derived methods ({@code nextLong}, {@code nextDouble}, ...) follow Commons' conventions. numpy's own
 * formulas for doubles and normals are in {@link NumpyRandomState}, which wraps this generator.
 *
 * <p>Not thread-safe.
 */
public final class Mt19937 extends IntProvider {
    private static final int N = 624;
    private static final int M = 397;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;
    private static final int MATRIX_A = 0x9908b0df;
    /** Largest seed {@code init_genrand} (and numpy) accepts: 2^32 - 1. */
    public static final long MAX_SEED = 0xFFFF_FFFFL;

    private final int[] mt = new int[N];
    private int pos;

    private Mt19937(long seed) {
        int s = (int) seed;
        mt[0] = s;
        for (int i = 1; i < N; i++) {
            int prev = mt[i - 1];
            mt[i] = 1812433253 * (prev ^ (prev >>> 30)) + i;
        }
        pos = N;
    }

    private Mt19937(Mt19937 source) {
        super(source);
        System.arraycopy(source.mt, 0, mt, 0, N);
        pos = source.pos;
    }

    /**
     * A generator in the state {@code init_genrand(seed)} leaves it, which is the state of
     * {@code numpy.random.RandomState(seed)}.
     *
     * @throws ParameterException unless {@code 0 <= seed <= 2^32 - 1} (numpy's rule)
     */
    public static Mt19937 of(long seed) {
        checkSeed("seed", seed);
        return new Mt19937(seed);
    }

    /** An independent generator in exactly this one's current state. */
    public Mt19937 copy() {
        return new Mt19937(this);
    }

    static long checkSeed(String what, long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw ParameterException.of(what, seed, "must lie in [0, 2^32 - 1] (numpy's RandomState rule)");
        }
        return seed;
    }

    /** The next raw 32-bit output word (as a signed {@code int}; {@code & 0xFFFFFFFFL} gives numpy's uint32). */
    @Override
    public int next() {
        if (pos >= N) {
            twist();
        }
        int y = mt[pos++];
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    private void twist() {
        final int[] s = mt;
        int k = 0;
        for (; k < N - M; k++) {
            int y = (s[k] & UPPER_MASK) | (s[k + 1] & LOWER_MASK);
            s[k] = s[k + M] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        }
        for (; k < N - 1; k++) {
            int y = (s[k] & UPPER_MASK) | (s[k + 1] & LOWER_MASK);
            s[k] = s[k + (M - N)] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        }
        int y = (s[N - 1] & UPPER_MASK) | (s[0] & LOWER_MASK);
        s[N - 1] = s[M - 1] ^ (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
        pos = 0;
    }

    @Override
    protected byte[] getStateInternal() {
        int[] state = Arrays.copyOf(mt, N + 1);
        state[N] = pos;
        byte[] bytes = new byte[4 * (N + 1)];
        for (int i = 0; i <= N; i++) {
            int v = state[i];
            bytes[4 * i] = (byte) v;
            bytes[4 * i + 1] = (byte) (v >>> 8);
            bytes[4 * i + 2] = (byte) (v >>> 16);
            bytes[4 * i + 3] = (byte) (v >>> 24);
        }
        return composeStateInternal(bytes, super.getStateInternal());
    }

    @Override
    protected void setStateInternal(byte[] s) {
        byte[][] parts = splitStateInternal(s, 4 * (N + 1));
        byte[] bytes = parts[0];
        for (int i = 0; i <= N; i++) {
            int v = (bytes[4 * i] & 0xff)
                    | (bytes[4 * i + 1] & 0xff) << 8
                    | (bytes[4 * i + 2] & 0xff) << 16
                    | (bytes[4 * i + 3] & 0xff) << 24;
            if (i < N) {
                mt[i] = v;
            } else if (v < 0 || v > N) {
                throw new IllegalStateException("MT19937 state position " + v + " is outside [0, " + N + "]");
            } else {
                pos = v;
            }
        }
        super.setStateInternal(parts[1]);
    }
}

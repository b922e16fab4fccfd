package io.simrt.models.random;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import org.apache.commons.rng.core.RandomProviderDefaultState;
import org.apache.commons.rng.core.source64.XoShiRo256PlusPlus;

/**
 * The {@code fast} family's stream: Commons RNG's {@link XoShiRo256PlusPlus} (period 2^256 - 1) for bits and
 * uniforms, and for standard normals a ziggurat over eight further XoShiRo256++ lanes and a ninth that patches
 * rejections ({@link Ziggurat}, {@link LaneNormals}), drawn with the Vector API when the JVM has
 * {@code jdk.incubator.vector} and without it otherwise, the same bits either way. Uniforms and normals come from
 * separate generators, so the normals do not depend on how draws of the two kinds interleave.
 *
 * <p>State derivation (only {@link RandomStreams} calls it): {@link #mix(long, long, long)} hashes
 * {@code (domain, seed, index)} to a 64-bit value {@code h} with the SplitMix64 finalizer (Stafford's
 * variant 13, a bijection on 64 bits) applied in a chain,
 * <pre>
 *   h = mix64(mix64(mix64(domain + G) ^ seed) + G ^ index),     G = 0x9E3779B97F4A7C15 (golden ratio)
 * </pre>
 * and the four xoshiro state words are the next four outputs of a SplitMix64 generator started at {@code h}:
 * {@code s_k = mix64(h + (k + 1) G)}; the normals' lanes take the next 36 outputs ({@link LaneNormals}). For a fixed (domain, seed) the map index -> h is a bijection, and
 * h -> s_0 is one too, so two blocks of one seed never share a state; states of different seeds or domains
 * coincide with probability 2^-64. The state can never be all zero ({@code s_0 = 0} forces
 * {@code s_1 = mix64(G) != 0}); {@link #of(long)} still guards against it.
 *
 * <p>{@link #state()} is the uniform generator's Commons RNG state (its four words and the cached halves of a word
 * {@code nextInt} split) and the normals' state (their lanes before the current fill of 512 and the position in it):
 * <pre>
 *   int32 length, bytes commons[length],  int64 words[36],  int32 position        (little-endian)
 * </pre>
 *
 * <p>Not thread-safe: one stream belongs to one batch of work on one thread.
 */
final class FastStream implements RandomStream {
    /** The 64-bit golden ratio, SplitMix64's increment. */
    static final long GOLDEN = 0x9E37_79B9_7F4A_7C15L;

    private final XoShiRo256PlusPlus bits;
    /** The hash the state derives from: the normals' lanes are made from it on the first normal. */
    private final long h;

    private LaneNormals normals;

    private FastStream(long h, long s0, long s1, long s2, long s3) {
        this.h = h;
        this.bits = new XoShiRo256PlusPlus(s0, s1, s2, s3);
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
        return new FastStream(h, s0, s1, s2, s3);
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

    /** The next standard normal of the stream's sequence ({@link Ziggurat}). */
    @Override
    public double nextGaussian() {
        return normals().next();
    }

    private LaneNormals normals() {
        LaneNormals n = normals;
        if (n == null) {
            n = new LaneNormals(h);
            normals = n;
        }
        return n;
    }

    /** Which normal kernel this JVM runs: {@code "vector 512-bit"}, {@code "vector 256-bit"} or {@code "scalar"}. */
    public static String normalKernel() {
        return LaneNormals.kernel();
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
        normals().next(out, from, to);
    }

    @Override
    public byte[] state() {
        byte[] commons = ((RandomProviderDefaultState) bits.saveState()).getState();
        ByteBuffer b = LaneNormals.buffer(4 + commons.length + LaneNormals.STATE_BYTES);
        b.putInt(commons.length).put(commons);
        normals().write(b);
        return b.array();
    }

    /** @throws IllegalStateException if {@code state} is not a fast stream's {@link #state()} */
    @Override
    public void restore(byte[] state) {
        ByteBuffer b = LaneNormals.buffer(state.length).put(state).flip();
        try {
            int length = b.getInt();
            if (length < 0 || 4L + length + LaneNormals.STATE_BYTES != state.length) {
                throw new IllegalStateException("not a fast stream's state: " + state.length + " bytes");
            }
            byte[] commons = new byte[length];
            b.get(commons);
            bits.restoreState(new RandomProviderDefaultState(commons));
            normals().read(b);
        } catch (BufferUnderflowException e) {
            throw new IllegalStateException("not a fast stream's state: " + state.length + " bytes", e);
        }
    }

    @Override
    public String toString() {
        return "FastStream[XoShiRo256PlusPlus, lane ziggurat]";
    }
}

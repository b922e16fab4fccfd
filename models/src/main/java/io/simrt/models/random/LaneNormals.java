package io.simrt.models.random;

import static io.simrt.models.random.Ziggurat.FILL;
import static io.simrt.models.random.Ziggurat.LANES;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The normals of one {@code fast} stream: {@link Ziggurat#LANES} XoShiRo256++ lanes and a patch lane, whose
 * {@link Ziggurat#FILL}-value fills ({@link NormalKernel}) are handed out in order, whatever sizes the requests have.
 *
 * <p>Its state ({@link #write}) is the lanes as they were before the current fill and the position in it; a restore
 * fills again from them, so a fill's values are never stored.
 *
 * <p>Not thread-safe.
 */
final class LaneNormals {
    /** Words of state: four per lane and four of the patch lane. */
    static final int WORDS = 4 * LANES + 4;

    /** Bytes of {@link #write}: the words and the position. */
    static final int STATE_BYTES = 8 * WORDS + 4;

    private static final NormalKernel KERNEL = NormalKernel.get();

    private final long[] lanes = new long[4 * LANES];
    private final long[] patch = new long[4];
    /** The lanes and patch before the current fill, or now when nothing is filled. */
    private final long[] before = new long[WORDS];

    private final double[] values = new double[FILL];
    private final int[] layer = new int[FILL];
    private final int[] pos = new int[FILL];
    /** The next value of {@link #values}; {@code FILL} when all are used or none filled. */
    private int next = FILL;

    /**
     * The normals whose state is the SplitMix64 sequence of {@code h} after the four words of the stream's uniform
     * generator: word j of lane k is {@code mix64(h + (5 + 4 k + j) G)}, the patch lane's {@code mix64(h + (37 + j)
     * G)} (a lane of four zero words gets {@code G} as its first).
     */
    LaneNormals(long h) {
        for (int k = 0; k < LANES; k++) {
            long any = 0;
            for (int j = 0; j < 4; j++) {
                long w = FastStream.mix64(h + (5 + 4L * k + j) * FastStream.GOLDEN);
                lanes[j * LANES + k] = w;
                any |= w;
            }
            if (any == 0) {
                lanes[k] = FastStream.GOLDEN;
            }
        }
        for (int j = 0; j < 4; j++) {
            patch[j] = FastStream.mix64(h + (5 + 4L * LANES + j) * FastStream.GOLDEN);
        }
        if ((patch[0] | patch[1] | patch[2] | patch[3]) == 0) {
            patch[0] = FastStream.GOLDEN;
        }
        saveBefore();
    }

    /** Which kernel fills: {@code "vector 512-bit"}, {@code "scalar"}, ... */
    static String kernel() {
        return KERNEL.describe();
    }

    double next() {
        if (next == FILL) {
            fill();
        }
        return values[next++];
    }

    void next(double[] out, int from, int to) {
        int i = from;
        while (i < to) {
            if (next == FILL) {
                fill();
            }
            int m = Math.min(to - i, FILL - next);
            System.arraycopy(values, next, out, i, m);
            next += m;
            i += m;
        }
    }

    private void fill() {
        saveBefore();
        KERNEL.fill(lanes, patch, values, layer, pos);
        next = 0;
    }

    private void saveBefore() {
        System.arraycopy(lanes, 0, before, 0, 4 * LANES);
        System.arraycopy(patch, 0, before, 4 * LANES, 4);
    }

    /**
     * Appends {@link #STATE_BYTES} bytes: the words before the current fill and the position in it, or the words now
     * and {@code FILL} when the fill is used up.
     */
    void write(ByteBuffer b) {
        if (next == FILL) {
            saveBefore();
        }
        for (long w : before) {
            b.putLong(w);
        }
        b.putInt(next);
    }

    /**
     * Reads what {@link #write} wrote and refills from it.
     *
     * @throws IllegalStateException if the position is out of range
     */
    void read(ByteBuffer b) {
        long[] words = new long[WORDS];
        for (int i = 0; i < WORDS; i++) {
            words[i] = b.getLong();
        }
        int at = b.getInt();
        if (at < 0 || at > FILL) {
            throw new IllegalStateException("not a fast stream's state: normal position " + at);
        }
        System.arraycopy(words, 0, lanes, 0, 4 * LANES);
        System.arraycopy(words, 4 * LANES, patch, 0, 4);
        if (at == FILL) {
            saveBefore();
            next = FILL;
        } else {
            fill();
            next = at;
        }
    }

    static ByteBuffer buffer(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}

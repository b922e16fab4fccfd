package io.simrt.models.random;

import static io.simrt.models.random.Ziggurat.FILL;
import static io.simrt.models.random.Ziggurat.LANES;
import static io.simrt.models.random.Ziggurat.ONE_BITS;

/**
 * The {@code fast} family's normals without vectors: lane by lane, each lane's {@link Ziggurat#ROUNDS} candidates with
 * its state in registers, the rejected ones collected and finished in position order by {@link Ziggurat#patch}, as
 * {@link VectorNormalKernel} does with several lanes at once.
 *
 * <p>The rounds are unrolled by hand, eight to an iteration ({@code UNROLL}; {@code ROUNDS} is a multiple of it):
 * C2 does not unroll a loop body this large itself, and rolled, its code spent about a third of its instructions on
 * moving the loop-carried state between registers and on the loop. In a thread-CPU harness on a 2-core AMD EPYC
 * (JDK 17) that took the fill from 2.1 to 1.5-1.6 ns a normal, against 1.6-1.9 for main's Commons RNG ziggurat. A
 * rejection (about 1.5%) only records its layer and position; the layer index {@code & 0xFF} of the 256-entry
 * tables needs no bounds check.
 */
final class ScalarNormalKernel extends NormalKernel {
    /** Rounds of one lane per iteration of the unrolled loop. */
    private static final int UNROLL = 8;

    @Override
    void fill(long[] lanes, long[] patch, double[] out, int[] layer, int[] pos) {
        final double[] w = Ziggurat.W;
        final double[] inner = Ziggurat.INNER;
        int n = 0;
        for (int k = 0; k < LANES; k++) {
            long s0 = lanes[k];
            long s1 = lanes[LANES + k];
            long s2 = lanes[2 * LANES + k];
            long s3 = lanes[3 * LANES + k];
            // p: the position of the lane's round r, r * LANES + k; eight rounds per iteration
            for (int p = k; p < FILL; p += UNROLL * LANES) {
                {
                    long v = Long.rotateLeft(s0 + s3, 23) + s0;
                    long t = s1 << 17;
                    s2 ^= s0;
                    s3 ^= s1;
                    s1 ^= s2;
                    s0 ^= s3;
                    s2 ^= t;
                    s3 = Long.rotateLeft(s3, 45);
                    int i = (int) v & 0xFF;
                    double x = (Double.longBitsToDouble((v >>> 12) | ONE_BITS) - 1.5) * w[i];
                    out[p] = x;
                    if (!(Math.abs(x) < inner[i])) {
                        layer[p] = i;
                        pos[n++] = p;
                    }
                }
                {
                    long v = Long.rotateLeft(s0 + s3, 23) + s0;
                    long t = s1 << 17;
                    s2 ^= s0;
                    s3 ^= s1;
                    s1 ^= s2;
                    s0 ^= s3;
                    s2 ^= t;
                    s3 = Long.rotateLeft(s3, 45);
                    int i = (int) v & 0xFF;
                    double x = (Double.longBitsToDouble((v >>> 12) | ONE_BITS) - 1.5) * w[i];
                    out[p + 8] = x;
                    if (!(Math.abs(x) < inner[i])) {
                        layer[p + 8] = i;
                        pos[n++] = p + 8;
                    }
                }
                {
                    long v = Long.rotateLeft(s0 + s3, 23) + s0;
                    long t = s1 << 17;
                    s2 ^= s0;
                    s3 ^= s1;
                    s1 ^= s2;
                    s0 ^= s3;
                    s2 ^= t;
                    s3 = Long.rotateLeft(s3, 45);
                    int i = (int) v & 0xFF;
                    double x = (Double.longBitsToDouble((v >>> 12) | ONE_BITS) - 1.5) * w[i];
                    out[p + 16] = x;
                    if (!(Math.abs(x) < inner[i])) {
                        layer[p + 16] = i;
                        pos[n++] = p + 16;
                    }
                }
                {
                    long v = Long.rotateLeft(s0 + s3, 23) + s0;
                    long t = s1 << 17;
                    s2 ^= s0;
                    s3 ^= s1;
                    s1 ^= s2;
                    s0 ^= s3;
                    s2 ^= t;
                    s3 = Long.rotateLeft(s3, 45);
                    int i = (int) v & 0xFF;
                    double x = (Double.longBitsToDouble((v >>> 12) | ONE_BITS) - 1.5) * w[i];
                    out[p + 24] = x;
                    if (!(Math.abs(x) < inner[i])) {
                        layer[p + 24] = i;
                        pos[n++] = p + 24;
                    }
                }
                {
                    long v = Long.rotateLeft(s0 + s3, 23) + s0;
                    long t = s1 << 17;
                    s2 ^= s0;
                    s3 ^= s1;
                    s1 ^= s2;
                    s0 ^= s3;
                    s2 ^= t;
                    s3 = Long.rotateLeft(s3, 45);
                    int i = (int) v & 0xFF;
                    double x = (Double.longBitsToDouble((v >>> 12) | ONE_BITS) - 1.5) * w[i];
                    out[p + 32] = x;
                    if (!(Math.abs(x) < inner[i])) {
                        layer[p + 32] = i;
                        pos[n++] = p + 32;
                    }
                }
                {
                    long v = Long.rotateLeft(s0 + s3, 23) + s0;
                    long t = s1 << 17;
                    s2 ^= s0;
                    s3 ^= s1;
                    s1 ^= s2;
                    s0 ^= s3;
                    s2 ^= t;
                    s3 = Long.rotateLeft(s3, 45);
                    int i = (int) v & 0xFF;
                    double x = (Double.longBitsToDouble((v >>> 12) | ONE_BITS) - 1.5) * w[i];
                    out[p + 40] = x;
                    if (!(Math.abs(x) < inner[i])) {
                        layer[p + 40] = i;
                        pos[n++] = p + 40;
                    }
                }
                {
                    long v = Long.rotateLeft(s0 + s3, 23) + s0;
                    long t = s1 << 17;
                    s2 ^= s0;
                    s3 ^= s1;
                    s1 ^= s2;
                    s0 ^= s3;
                    s2 ^= t;
                    s3 = Long.rotateLeft(s3, 45);
                    int i = (int) v & 0xFF;
                    double x = (Double.longBitsToDouble((v >>> 12) | ONE_BITS) - 1.5) * w[i];
                    out[p + 48] = x;
                    if (!(Math.abs(x) < inner[i])) {
                        layer[p + 48] = i;
                        pos[n++] = p + 48;
                    }
                }
                {
                    long v = Long.rotateLeft(s0 + s3, 23) + s0;
                    long t = s1 << 17;
                    s2 ^= s0;
                    s3 ^= s1;
                    s1 ^= s2;
                    s0 ^= s3;
                    s2 ^= t;
                    s3 = Long.rotateLeft(s3, 45);
                    int i = (int) v & 0xFF;
                    double x = (Double.longBitsToDouble((v >>> 12) | ONE_BITS) - 1.5) * w[i];
                    out[p + 56] = x;
                    if (!(Math.abs(x) < inner[i])) {
                        layer[p + 56] = i;
                        pos[n++] = p + 56;
                    }
                }
            }
            lanes[k] = s0;
            lanes[LANES + k] = s1;
            lanes[2 * LANES + k] = s2;
            lanes[3 * LANES + k] = s3;
        }
        Ziggurat.patch(out, layer, pos, n, patch, true);
    }

    @Override
    String describe() {
        return "scalar";
    }
}

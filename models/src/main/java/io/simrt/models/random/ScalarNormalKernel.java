package io.simrt.models.random;

import static io.simrt.models.random.Ziggurat.INNER;
import static io.simrt.models.random.Ziggurat.LANES;
import static io.simrt.models.random.Ziggurat.ROUNDS;

/**
 * The {@code fast} family's normals without vectors: lane by lane, each lane's {@link Ziggurat#ROUNDS} candidates with
 * its state in registers, the rejected ones collected and finished in position order by {@link Ziggurat#patch}, as
 * {@link VectorNormalKernel} does with several lanes at once.
 */
final class ScalarNormalKernel extends NormalKernel {

    @Override
    void fill(long[] lanes, long[] patch, double[] out, int[] layer, int[] pos, long[] rejected) {
        int n = 0;
        for (int k = 0; k < LANES; k++) {
            long s0 = lanes[k];
            long s1 = lanes[LANES + k];
            long s2 = lanes[2 * LANES + k];
            long s3 = lanes[3 * LANES + k];
            for (int r = 0; r < ROUNDS; r++) {
                long v = Long.rotateLeft(s0 + s3, 23) + s0;
                long t = s1 << 17;
                s2 ^= s0;
                s3 ^= s1;
                s1 ^= s2;
                s0 ^= s3;
                s2 ^= t;
                s3 = Long.rotateLeft(s3, 45);
                int i = (int) v & 0xFF;
                double x = Ziggurat.candidate(v, i);
                int p = r * LANES + k;
                out[p] = x;
                layer[p] = i;
                if (!(Math.abs(x) < INNER[i])) {
                    pos[n++] = p;
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

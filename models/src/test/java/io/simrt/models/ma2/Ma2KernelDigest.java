package io.simrt.models.ma2;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;

/** Prints a digest of MA2 summaries from noise, whichever path this JVM takes, for {@link Ma2KernelTest}. */
public final class Ma2KernelDigest {
    private Ma2KernelDigest() {}

    /** A hash of the bits of S1 and S2 for 20 rows of noise at every length the fused path takes, and of a prior batch. */
    static String digest() {
        long hash = 17;
        RandomStream rng = RandomStreams.of(RngFamily.FAST, 11).block(0);
        double[] w = new double[131];
        double[] s = new double[2];
        double[] x = new double[129];
        for (int n = 10; n <= 129; n++) {
            for (int rep = 0; rep < 20; rep++) {
                rng.nextGaussians(w, 0, n + 2);
                Ma2Model.summariesOfNoise(w, 4 * rng.nextDouble() - 2, 2 * rng.nextDouble() - 1, n, x, s, 0);
                hash = (hash * 31 + Double.doubleToRawLongBits(s[0])) * 31 + Double.doubleToRawLongBits(s[1]);
            }
        }
        double[] params = new double[2 * 1003];
        TrianglePrior.standard().sample(1003, rng, params);
        for (double v : params) {
            hash = hash * 31 + Double.doubleToRawLongBits(v);
        }
        return Long.toHexString(hash) + " " + Ma2Kernel.get().describe();
    }

    public static void main(String[] args) {
        System.out.println(digest());
    }
}

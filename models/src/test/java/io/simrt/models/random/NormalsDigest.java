package io.simrt.models.random;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;

/** Prints the kernel-independent digest of fast-family normals for {@link NormalKernelTest}'s child JVMs. */
public final class NormalsDigest {
    private NormalsDigest() {}

    /** A hash of the bits of 300,000 normals from three block streams, drawn in rows of 102 and singly. */
    static String digest() {
        long hash = 17;
        double[] row = new double[102];
        for (long block = 0; block < 3; block++) {
            RandomStream s = RandomStreams.of(RngFamily.FAST, 20170530).block(block);
            for (int r = 0; r < 980; r++) {
                s.nextGaussians(row, 0, row.length);
                for (double z : row) {
                    hash = hash * 31 + Double.doubleToRawLongBits(z);
                }
                hash = hash * 31 + Double.doubleToRawLongBits(s.nextGaussian());
            }
        }
        return Long.toHexString(hash);
    }

    public static void main(String[] args) {
        System.out.println(digest());
    }
}

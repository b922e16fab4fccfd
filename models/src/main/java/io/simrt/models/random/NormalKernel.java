package io.simrt.models.random;

import java.lang.invoke.MethodHandles;

/**
 * Fills one {@link Ziggurat#FILL} of the {@code fast} family's normals from the {@link Ziggurat#LANES} lanes, as
 * {@link Ziggurat} defines the sequence. Two implementations give the same bits: {@link VectorNormalKernel} with the
 * JDK's Vector API (the incubator module {@code jdk.incubator.vector}, resolved only when the JVM is started with
 * {@code --add-modules jdk.incubator.vector}) and {@link ScalarNormalKernel}, the fallback. {@link #get()} picks the
 * vector one when the module is there and the CPU has vectors of at least four longs, unless the system property
 * {@code simrt.vector} is {@code false}.
 *
 * <p>Stateless and thread-safe: the caller passes the state and scratch arrays.
 */
abstract class NormalKernel {
    /** The kernel this JVM uses. */
    private static final NormalKernel INSTANCE = choose();

    /**
     * Fills {@code out[0, FILL)}.
     *
     * @param lanes  the lanes' XoShiRo256++ words, word-major: word j of lane k at {@code lanes[8 j + k]}; updated
     * @param patch  the patch lane's four words; updated
     * @param layer  scratch of {@code FILL}: the layers of the candidates (at least of the rejected ones)
     * @param pos    scratch of {@code FILL}: the positions of rejected candidates
     */
    abstract void fill(long[] lanes, long[] patch, double[] out, int[] layer, int[] pos);

    /** A short name for reports: {@code "vector 512-bit"}, {@code "scalar"}. */
    abstract String describe();

    static NormalKernel get() {
        return INSTANCE;
    }

    private static NormalKernel choose() {
        return VectorModule.load(
                MethodHandles.lookup(),
                "io.simrt.models.random.VectorNormalKernel",
                NormalKernel.class,
                k -> k.describe() != null,
                ScalarNormalKernel::new);
    }
}

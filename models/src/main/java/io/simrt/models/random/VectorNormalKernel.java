package io.simrt.models.random;

import static io.simrt.models.random.Ziggurat.FILL;
import static io.simrt.models.random.Ziggurat.INNER;
import static io.simrt.models.random.Ziggurat.LANES;
import static io.simrt.models.random.Ziggurat.ONE_BITS;
import static io.simrt.models.random.Ziggurat.ROUNDS;
import static io.simrt.models.random.Ziggurat.W;

import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@code fast} family's normals with the JDK's Vector API (incubator module {@code jdk.incubator.vector}): the
 * {@link Ziggurat#LANES} lanes in vectors of 8 longs (512 bits) or two vectors of 4 (256 bits), whichever the CPU
 * prefers ({@code -Dsimrt.vector.bits=256|512} overrides). XoShiRo256++ runs in vector registers and each round stores
 * its candidates' layers and uniforms; a scalar pass then multiplies each uniform by its layer's width and tests it
 * against the layer's inner edge, in position order, and {@link Ziggurat#patch} finishes the rejected ones. The same
 * operations in the same order as {@link ScalarNormalKernel}, so the same bits.
 *
 * <p>The table part is scalar because two 8-way gathers (width and edge) per round cost more than 16 scalar loads on
 * the one CPU measured (a 2-core AMD EPYC VM with AVX-512, JDK 17, thread-CPU harness): 1.09-1.10 ns a normal
 * against 1.15-1.18 with gathers, 1.34 against 1.41 in 256-bit vectors; the vector part alone takes 0.23 ns a normal.
 *
 * <p>Loaded only by {@link NormalKernel} after it found the module, so nothing else links against it.
 */
final class VectorNormalKernel extends NormalKernel {
    private static final int BITS = VectorModule.bits(() -> LongVector.SPECIES_PREFERRED.vectorBitSize());
    private static final VectorSpecies<Long> LS =
            BITS == 0 ? LongVector.SPECIES_256 : VectorSpecies.of(long.class, VectorShape.forBitSize(BITS));
    private static final VectorSpecies<Integer> IS =
            VectorSpecies.of(int.class, VectorShape.forBitSize(LS.vectorBitSize() / 2));
    private static final int VL = LS.length();

    @Override
    void fill(long[] lanes, long[] patch, double[] out, int[] layer, int[] pos) {
        // the vector part: XoShiRo256++ in vector registers; each round stores its candidates' layers and their
        // uniforms u on [-1/2, 1/2)
        for (int c = 0; c < LANES; c += VL) {
            LongVector s0 = LongVector.fromArray(LS, lanes, c);
            LongVector s1 = LongVector.fromArray(LS, lanes, LANES + c);
            LongVector s2 = LongVector.fromArray(LS, lanes, 2 * LANES + c);
            LongVector s3 = LongVector.fromArray(LS, lanes, 3 * LANES + c);
            for (int r = 0; r < ROUNDS; r++) {
                LongVector sum = s0.add(s3);
                LongVector v = sum.lanewise(VectorOperators.LSHL, 23)
                        .or(sum.lanewise(VectorOperators.LSHR, 41))
                        .add(s0);
                LongVector t = s1.lanewise(VectorOperators.LSHL, 17);
                s2 = s2.lanewise(VectorOperators.XOR, s0);
                s3 = s3.lanewise(VectorOperators.XOR, s1);
                s1 = s1.lanewise(VectorOperators.XOR, s2);
                s0 = s0.lanewise(VectorOperators.XOR, s3);
                s2 = s2.lanewise(VectorOperators.XOR, t);
                s3 = s3.lanewise(VectorOperators.LSHL, 45).or(s3.lanewise(VectorOperators.LSHR, 19));
                int p = r * LANES + c;
                ((IntVector) v.and(0xFFL).convertShape(VectorOperators.L2I, IS, 0)).intoArray(layer, p);
                v.lanewise(VectorOperators.LSHR, 12)
                        .or(ONE_BITS)
                        .reinterpretAsDoubles()
                        .sub(1.5)
                        .intoArray(out, p);
            }
            s0.intoArray(lanes, c);
            s1.intoArray(lanes, LANES + c);
            s2.intoArray(lanes, 2 * LANES + c);
            s3.intoArray(lanes, 3 * LANES + c);
        }
        // the table part, scalar: x = u W[i] and the test |x| < INNER[i], in position order
        final double[] w = W;
        final double[] inner = INNER;
        int n = 0;
        for (int p = 0; p < FILL; p++) {
            int i = layer[p] & 0xFF;
            double x = out[p] * w[i];
            out[p] = x;
            if (!(Math.abs(x) < inner[i])) {
                pos[n++] = p;
            }
        }
        Ziggurat.patch(out, layer, pos, n, patch, false);
    }

    /** {@code "vector 512-bit"} or {@code "vector 256-bit"}; null when the CPU's vectors hold fewer than 4 longs. */
    @Override
    String describe() {
        return BITS == 0 ? null : "vector " + BITS + "-bit";
    }
}

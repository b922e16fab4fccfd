package io.simrt.models.random;

import static io.simrt.models.random.Ziggurat.INNER;
import static io.simrt.models.random.Ziggurat.LANES;
import static io.simrt.models.random.Ziggurat.ONE_BITS;
import static io.simrt.models.random.Ziggurat.ROUNDS;
import static io.simrt.models.random.Ziggurat.W;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The {@code fast} family's normals with the JDK's Vector API (incubator module {@code jdk.incubator.vector}): the
 * {@link Ziggurat#LANES} lanes in vectors of 8 longs (512 bits) or two vectors of 4 (256 bits), whichever the CPU
 * prefers ({@code -Dsimrt.vector.bits=256|512} overrides): XoShiRo256++ in vector registers, the layer tables
 * gathered, the candidates stored in order and the rejected ones finished by {@link Ziggurat#patch} in position
 * order. The same operations in the same order as {@link ScalarNormalKernel}, so the same bits.
 *
 * <p>Loaded only by {@link NormalKernel} after it found the module, so nothing else links against it.
 */
final class VectorNormalKernel extends NormalKernel {
    private static final int BITS = bits();
    private static final VectorSpecies<Long> LS =
            BITS == 0 ? LongVector.SPECIES_256 : VectorSpecies.of(long.class, VectorShape.forBitSize(BITS));
    private static final VectorSpecies<Double> DS = VectorSpecies.of(double.class, LS.vectorShape());
    private static final VectorSpecies<Integer> IS =
            VectorSpecies.of(int.class, VectorShape.forBitSize(LS.vectorBitSize() / 2));
    private static final int VL = LS.length();

    private static int bits() {
        String forced = System.getProperty("simrt.vector.bits");
        int bits = forced != null ? Integer.parseInt(forced.trim()) : LongVector.SPECIES_PREFERRED.vectorBitSize();
        return bits >= 512 ? 512 : bits >= 256 ? 256 : 0;
    }

    @Override
    void fill(long[] lanes, long[] patch, double[] out, int[] layer, int[] pos, long[] rejected) {
        for (int c = 0; c < LANES; c += VL) {
            LongVector s0 = LongVector.fromArray(LS, lanes, c);
            LongVector s1 = LongVector.fromArray(LS, lanes, LANES + c);
            LongVector s2 = LongVector.fromArray(LS, lanes, 2 * LANES + c);
            LongVector s3 = LongVector.fromArray(LS, lanes, 3 * LANES + c);
            // bit ROUNDS - 1 - r of lane k: the candidate of round r was rejected
            LongVector rej = LongVector.zero(LS);
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
                DoubleVector u = v.lanewise(VectorOperators.LSHR, 12)
                        .or(ONE_BITS)
                        .reinterpretAsDoubles()
                        .sub(1.5);
                DoubleVector x = u.mul(DoubleVector.fromArray(DS, W, 0, layer, p));
                x.intoArray(out, p);
                // |x| - INNER[i] >= 0 (sign bit clear; never -0) is a rejection; no masks or branches in this loop,
                // which C2 on JDK 17 compiles far more slowly
                LongVector d = x.abs()
                        .sub(DoubleVector.fromArray(DS, INNER, 0, layer, p))
                        .reinterpretAsLongs();
                rej = rej.lanewise(VectorOperators.LSHL, 1).or(d.not().lanewise(VectorOperators.LSHR, 63));
            }
            s0.intoArray(lanes, c);
            s1.intoArray(lanes, LANES + c);
            s2.intoArray(lanes, 2 * LANES + c);
            s3.intoArray(lanes, 3 * LANES + c);
            rej.intoArray(rejected, c);
        }
        int n = 0;
        for (int k = 0; k < LANES; k++) {
            for (long bits = rejected[k]; bits != 0; bits &= bits - 1) {
                pos[n++] = (ROUNDS - 1 - Long.numberOfTrailingZeros(bits)) * LANES + k;
            }
        }
        Ziggurat.patch(out, layer, pos, n, patch, true);
    }

    /** {@code "vector 512-bit"} or {@code "vector 256-bit"}; null when the CPU's vectors hold fewer than 4 longs. */
    @Override
    String describe() {
        return BITS == 0 ? null : "vector " + BITS + "-bit";
    }
}

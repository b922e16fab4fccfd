package io.simrt.models.ma2;

import io.simrt.models.random.VectorModule;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Ma2Kernel} with the JDK's Vector API.
 *
 * <p>The prior: both inverse CDFs lane by lane, as {@link TrianglePrior} computes them. For t1 a lane takes
 * {@code 2 u} or {@code 2 (1 - u)} by {@code u < 1/2}, one square root, and then {@code p - b} or {@code -p + b}:
 * both are computed and blended, so there is no branch to mispredict on a coin toss (and one square root, not one
 * for each half).
 *
 * <p>The summaries: the eight running sums of a lag are the lanes of one vector of
 * eight doubles (512 bits) or of two of four (256 bits), whichever the CPU prefers ({@code -Dsimrt.vector.bits=256}
 * overrides). The series is first written to the scratch row, a vector at a time from three unaligned loads of
 * the noise, each computed as the scalar path does ({@code (w2 + t1 w1) + t2 w0}, no fused multiply-add); a block
 * of eight products per lag is then three unaligned loads of the series ({@code x[k ..]}, {@code x[k + 1 ..]},
 * {@code x[k + 2 ..]}), two products and two additions. The lanes are combined in numpy's tree and the remainder
 * added one by one from the series ({@link Ma2Kernel#finishFromSeries}): the same bits as {@link ScalarMa2Kernel}.
 *
 * <p>Loaded only by {@link Ma2Kernel} after it found the module, so nothing else links against it.
 */
final class VectorMa2Kernel extends Ma2Kernel {
    private static final int BITS = VectorModule.bits(() -> DoubleVector.SPECIES_PREFERRED.vectorBitSize());
    private static final VectorSpecies<Double> S =
            VectorSpecies.of(double.class, VectorShape.forBitSize(BITS == 0 ? 256 : BITS));
    /** Doubles per vector: 8 or 4. */
    private static final int L = S.length();

    @Override
    void summaries(double[] w, double t1, double t2, int n, double[] x, double[] out, int outOff) {
        final int n1 = n - 1;
        final int n2 = n - 2;
        final int b1 = n1 - (n1 % 8);
        final int b2 = n2 - (n2 % 8);
        // the series: whole vectors while their noise is in w's first n + 2, the rest one by one
        int k = 0;
        for (; k <= n - L; k += L) {
            DoubleVector.fromArray(S, w, k + 2)
                    .add(DoubleVector.fromArray(S, w, k + 1).mul(t1))
                    .add(DoubleVector.fromArray(S, w, k).mul(t2))
                    .intoArray(x, k);
        }
        for (; k < n; k++) {
            x[k] = x(w, t1, t2, k);
        }
        if (L == 8) {
            // the first block sets the sums (0 + p would turn a product of -0.0 into +0.0)
            DoubleVector x0 = DoubleVector.fromArray(S, x, 0);
            DoubleVector a = DoubleVector.fromArray(S, x, 1).mul(x0);
            DoubleVector c = DoubleVector.fromArray(S, x, 2).mul(x0);
            int j = 8;
            for (; j < b2; j += 8) {
                DoubleVector xj = DoubleVector.fromArray(S, x, j);
                a = a.add(DoubleVector.fromArray(S, x, j + 1).mul(xj));
                c = c.add(DoubleVector.fromArray(S, x, j + 2).mul(xj));
            }
            if (b1 > b2) {
                a = a.add(DoubleVector.fromArray(S, x, j + 1).mul(DoubleVector.fromArray(S, x, j)));
            }
            finishFromSeries(x, n, tree(a, a), tree(c, c), out, outOff);
        } else {
            DoubleVector x0 = DoubleVector.fromArray(S, x, 0);
            DoubleVector x4 = DoubleVector.fromArray(S, x, 4);
            DoubleVector aLo = DoubleVector.fromArray(S, x, 1).mul(x0);
            DoubleVector aHi = DoubleVector.fromArray(S, x, 5).mul(x4);
            DoubleVector cLo = DoubleVector.fromArray(S, x, 2).mul(x0);
            DoubleVector cHi = DoubleVector.fromArray(S, x, 6).mul(x4);
            int j = 8;
            for (; j < b2; j += 8) {
                DoubleVector xLo = DoubleVector.fromArray(S, x, j);
                DoubleVector xHi = DoubleVector.fromArray(S, x, j + 4);
                aLo = aLo.add(DoubleVector.fromArray(S, x, j + 1).mul(xLo));
                aHi = aHi.add(DoubleVector.fromArray(S, x, j + 5).mul(xHi));
                cLo = cLo.add(DoubleVector.fromArray(S, x, j + 2).mul(xLo));
                cHi = cHi.add(DoubleVector.fromArray(S, x, j + 6).mul(xHi));
            }
            if (b1 > b2) {
                aLo = aLo.add(DoubleVector.fromArray(S, x, j + 1).mul(DoubleVector.fromArray(S, x, j)));
                aHi = aHi.add(DoubleVector.fromArray(S, x, j + 5).mul(DoubleVector.fromArray(S, x, j + 4)));
            }
            finishFromSeries(x, n, tree(aLo, aHi), tree(cLo, cHi), out, outOff);
        }
    }

    @Override
    void t1FromUniforms(double[] u, int n, double b) {
        int i = 0;
        for (; i <= n - L; i += L) {
            DoubleVector v = DoubleVector.fromArray(S, u, i);
            VectorMask<Double> low = v.compare(VectorOperators.LT, 0.5);
            // 1 - u for the upper half, u for the lower; then times 2 (as 2.0 * u and 2.0 * (1.0 - u))
            DoubleVector p = DoubleVector.broadcast(S, 1.0)
                    .sub(v)
                    .blend(v, low)
                    .mul(2.0)
                    .lanewise(VectorOperators.SQRT)
                    .mul(b);
            p.neg().add(b).blend(p.sub(b), low).intoArray(u, i);
        }
        for (; i < n; i++) {
            u[i] = TrianglePrior.t1FromUniform(u[i], b);
        }
    }

    @Override
    void t2FromUniforms(double[] t1, double[] u, int n, double a) {
        DoubleVector minusA = DoubleVector.broadcast(S, -a);
        DoubleVector va = DoubleVector.broadcast(S, a);
        int i = 0;
        for (; i <= n - L; i += L) {
            DoubleVector t = DoubleVector.fromArray(S, t1, i);
            DoubleVector loc = minusA.sub(t).max(t.sub(a));
            DoubleVector.fromArray(S, u, i).mul(va.sub(loc)).add(loc).intoArray(u, i);
        }
        for (; i < n; i++) {
            u[i] = TrianglePrior.t2FromUniform(t1[i], u[i], a);
        }
    }

    /**
     * numpy's {@code ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))} of eight running sums: lanes 0-7 of {@code lo}
     * when a vector holds eight, else lanes 0-3 of {@code lo} and then of {@code hi}.
     */
    private static double tree(DoubleVector lo, DoubleVector hi) {
        if (L == 8) {
            return ((lo.lane(0) + lo.lane(1)) + (lo.lane(2) + lo.lane(3)))
                    + ((lo.lane(4) + lo.lane(5)) + (lo.lane(6) + lo.lane(7)));
        }
        return ((lo.lane(0) + lo.lane(1)) + (lo.lane(2) + lo.lane(3)))
                + ((hi.lane(0) + hi.lane(1)) + (hi.lane(2) + hi.lane(3)));
    }

    @Override
    String describe() {
        return BITS == 0 ? null : "vector " + BITS + "-bit";
    }
}

package io.simrt.inference.smc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simrt.models.ParameterException;
import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.random.RandomStreams;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * Jacobi eigen-decomposition and PSD square root against matrices with known answers. Tolerances: the results are
 * exact up to a few rounding errors of O(1) entries, so 1e-12 (a few thousand ulps) leaves room for the rotations
 * without hiding a wrong formula, which would be off by O(1).
 */
class SymmetricMatricesTest {
    private static final double TOL = 1e-12;

    @Test
    void sqrtOfDiagonalIsElementwiseRoot() {
        double[] s = SymmetricMatrices.sqrtPsd(new double[] {4, 0, 0, 0, 9, 0, 0, 0, 0.25}, 3);
        assertArrayEquals(new double[] {2, 0, 0, 0, 3, 0, 0, 0, 0.5}, s, TOL);
    }

    @Test
    void sqrtOfTwoByTwoKnownMatrix() {
        // [[2,1],[1,2]] = V diag(3,1) V^T with V = [[1,1],[1,-1]]/sqrt2, so its root is
        // [[(sqrt3+1)/2, (sqrt3-1)/2], [(sqrt3-1)/2, (sqrt3+1)/2]].
        double r3 = Math.sqrt(3);
        double[] s = SymmetricMatrices.sqrtPsd(new double[] {2, 1, 1, 2}, 2);
        assertArrayEquals(new double[] {(r3 + 1) / 2, (r3 - 1) / 2, (r3 - 1) / 2, (r3 + 1) / 2}, s, TOL);
    }

    @Test
    void sqrtSquaresBackForRandomPsdMatrices() {
        RandomStream rng = RandomStreams.of(RngFamily.FAST, 11).root();
        for (int d = 1; d <= 6; d++) {
            double[] b = new double[d * d];
            rng.nextGaussians(b, 0, b.length);
            double[] a = multiply(b, transpose(b, d), d); // B B^T is PSD
            double[] s = SymmetricMatrices.sqrtPsd(a, d);
            assertArrayEquals(a, multiply(s, s, d), 1e-10 * (1 + max(a)), "S S = A, d = " + d);
            assertArrayEquals(s, transpose(s, d), 0.0, "S symmetric, d = " + d);
        }
    }

    @Test
    void eigenvaluesOfKnownMatrix() {
        // [[4,1,0],[1,3,1],[0,1,2]]: characteristic polynomial -(l-3)(l^2-6l+6): eigenvalues 3 and 3 +- sqrt3.
        SymmetricMatrices.Eigen e = SymmetricMatrices.eigen(new double[] {4, 1, 0, 1, 3, 1, 0, 1, 2}, 3);
        double[] values = e.values().clone();
        Arrays.sort(values);
        assertArrayEquals(new double[] {3 - Math.sqrt(3), 3, 3 + Math.sqrt(3)}, values, TOL);
        // Columns of V are orthonormal eigenvectors: A v_k = lambda_k v_k.
        double[] v = e.vectors();
        double[] a = {4, 1, 0, 1, 3, 1, 0, 1, 2};
        for (int k = 0; k < 3; k++) {
            for (int i = 0; i < 3; i++) {
                double av = 0;
                for (int j = 0; j < 3; j++) {
                    av += a[i * 3 + j] * v[j * 3 + k];
                }
                assertEquals(e.values()[k] * v[i * 3 + k], av, TOL);
            }
        }
        assertArrayEquals(new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, multiply(transpose(v, 3), v, 3), TOL);
    }

    @Test
    void negativeEigenvaluesAreTreatedAsZero() {
        // [[1,2],[2,1]] has eigenvalues 3 and -1 (eigenvectors (1,1)/sqrt2, (1,-1)/sqrt2): root = sqrt3 P_+.
        double r3 = Math.sqrt(3);
        double[] s = SymmetricMatrices.sqrtPsd(new double[] {1, 2, 2, 1}, 2);
        assertArrayEquals(new double[] {r3 / 2, r3 / 2, r3 / 2, r3 / 2}, s, TOL);
        assertEquals(-1, SymmetricMatrices.minEigenvalue(new double[] {1, 2, 2, 1}, 2), TOL);
    }

    @Test
    void zeroAndOneByOne() {
        assertArrayEquals(new double[4], SymmetricMatrices.sqrtPsd(new double[4], 2), 0.0);
        assertArrayEquals(new double[] {1.5}, SymmetricMatrices.sqrtPsd(new double[] {2.25}, 1), 0.0);
    }

    @Test
    void rejectsBadShapesAndNonFiniteEntries() {
        assertThrows(ParameterException.class, () -> SymmetricMatrices.eigen(new double[3], 2));
        assertThrows(ParameterException.class, () -> SymmetricMatrices.eigen(new double[] {1, Double.NaN, 0, 1}, 2));
    }

    static double[] multiply(double[] a, double[] b, int d) {
        double[] c = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                double s = 0;
                for (int k = 0; k < d; k++) {
                    s += a[i * d + k] * b[k * d + j];
                }
                c[i * d + j] = s;
            }
        }
        return c;
    }

    static double[] transpose(double[] a, int d) {
        double[] t = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                t[j * d + i] = a[i * d + j];
            }
        }
        return t;
    }

    private static double max(double[] a) {
        double m = 0;
        for (double x : a) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }
}

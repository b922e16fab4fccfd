package io.simrt.inference.smc;

import io.simrt.models.ParameterException;

/**
 * Small dense symmetric matrices, flat row-major {@code d x d} ({@code a[i * d + j]}): the cyclic Jacobi
 * eigen-decomposition and the symmetric positive semi-definite square root built on it. Meant for the
 * {@code d x d} covariance of a particle cloud, where {@code d} is the number of model parameters (a handful).
 */
final class SymmetricMatrices {
    /** Jacobi converges quadratically; real matrices of size up to a few dozen need well under 20 sweeps. */
    static final int MAX_SWEEPS = 100;

    private SymmetricMatrices() {}

    /** Eigenvalues and eigenvectors: {@code a = V diag(values) V^T}, eigenvector {@code k} is column k of V. */
    record Eigen(int d, double[] values, double[] vectors) {}

    /**
     * Eigen-decomposition of the symmetric matrix {@code a} by cyclic Jacobi rotations: sweeps over all pairs
     * {@code p < q}, each rotation zeroing {@code a[p][q]}, until the off-diagonal Frobenius norm is at most
     * {@code 1e-15} times the whole matrix's (or exactly 0), at most {@link #MAX_SWEEPS} sweeps. Only the upper
     * triangle's symmetry is assumed, not checked beyond a rule on the shape; eigenvalues come unsorted.
     *
     * @param a flat row-major {@code d x d}, finite, not modified
     * @throws ParameterException if {@code a.length != d * d} or an element is not finite
     */
    static Eigen eigen(double[] a, int d) {
        if ((long) d * d != a.length) {
            throw ParameterException.because(
                    "a " + d + " x " + d + " matrix needs " + ((long) d * d) + " values, got " + a.length);
        }
        for (int i = 0; i < a.length; i++) {
            if (!Double.isFinite(a[i])) {
                throw ParameterException.of("matrix[" + (i / d) + "][" + (i % d) + "]", a[i], "must be finite");
            }
        }
        double[] m = a.clone();
        double[] v = new double[d * d];
        for (int i = 0; i < d; i++) {
            v[i * d + i] = 1;
        }
        for (int sweep = 0; sweep < MAX_SWEEPS; sweep++) {
            double off = 0;
            double all = 0;
            for (int i = 0; i < d; i++) {
                for (int j = 0; j < d; j++) {
                    double x = m[i * d + j];
                    all += x * x;
                    if (i != j) {
                        off += x * x;
                    }
                }
            }
            if (off == 0 || Math.sqrt(off) <= 1e-15 * Math.sqrt(all)) {
                break;
            }
            for (int p = 0; p < d - 1; p++) {
                for (int q = p + 1; q < d; q++) {
                    rotate(m, v, d, p, q);
                }
            }
        }
        double[] values = new double[d];
        for (int i = 0; i < d; i++) {
            values[i] = m[i * d + i];
        }
        return new Eigen(d, values, v);
    }

    /** One Jacobi rotation {@code m <- J^T m J}, {@code v <- v J}, chosen so that {@code m[p][q]} becomes 0. */
    private static void rotate(double[] m, double[] v, int d, int p, int q) {
        double apq = m[p * d + q];
        if (apq == 0) {
            return;
        }
        double app = m[p * d + p];
        double aqq = m[q * d + q];
        double theta = (aqq - app) / (2 * apq);
        // t = tan(phi), the root of t^2 + 2 theta t - 1 = 0 of smaller magnitude (rotation angle <= pi/4).
        double t;
        if (Math.abs(theta) > 1e150) {
            t = 1 / (2 * theta);
        } else {
            t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        }
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < d; k++) { // columns p and q: m J
            double mkp = m[k * d + p];
            double mkq = m[k * d + q];
            m[k * d + p] = c * mkp - s * mkq;
            m[k * d + q] = s * mkp + c * mkq;
        }
        for (int k = 0; k < d; k++) { // rows p and q: J^T (m J)
            double mpk = m[p * d + k];
            double mqk = m[q * d + k];
            m[p * d + k] = c * mpk - s * mqk;
            m[q * d + k] = s * mpk + c * mqk;
        }
        m[p * d + q] = 0;
        m[q * d + p] = 0;
        for (int k = 0; k < d; k++) {
            double vkp = v[k * d + p];
            double vkq = v[k * d + q];
            v[k * d + p] = c * vkp - s * vkq;
            v[k * d + q] = s * vkp + c * vkq;
        }
    }

    /**
     * The symmetric PSD square root {@code S = V diag(sqrt(max(lambda, 0))) V^T} of the symmetric matrix
     * {@code a = V diag(lambda) V^T}: {@code S S = a} when {@code a} is PSD; negative eigenvalues (rounding in a
     * covariance estimate) are treated as 0, where scipy's {@code sqrtm} would return a complex matrix whose
     * real part QInfer keeps. The result is symmetrised exactly.
     *
     * @param a flat row-major {@code d x d}, symmetric, finite
     * @return a new flat row-major {@code d x d} array
     * @throws ParameterException as {@link #eigen}
     */
    static double[] sqrtPsd(double[] a, int d) {
        Eigen e = eigen(a, d);
        double[] root = new double[d];
        for (int k = 0; k < d; k++) {
            root[k] = Math.sqrt(Math.max(e.values()[k], 0));
        }
        double[] v = e.vectors();
        double[] s = new double[d * d];
        for (int i = 0; i < d; i++) {
            for (int j = i; j < d; j++) {
                double sum = 0;
                for (int k = 0; k < d; k++) {
                    sum += v[i * d + k] * root[k] * v[j * d + k];
                }
                s[i * d + j] = sum;
                s[j * d + i] = sum;
            }
        }
        return s;
    }

    /** Smallest eigenvalue of the symmetric matrix {@code a}; {@code +infinity} for {@code d = 0}. */
    static double minEigenvalue(double[] a, int d) {
        double min = Double.POSITIVE_INFINITY;
        for (double lambda : eigen(a, d).values()) {
            min = Math.min(min, lambda);
        }
        return min;
    }

    /** Frobenius norm {@code sqrt(sum a_ij^2)}. */
    static double frobenius(double[] a) {
        double sum = 0;
        for (double x : a) {
            sum += x * x;
        }
        return Math.sqrt(sum);
    }
}

package io.simrt.inference.results;

import java.util.List;

/** Deterministic samples for the export and plot tests: no random numbers, fixed formulas only. */
final class TestSamples {
    private TestSamples() {}

    /** Row {@code i}, parameter {@code p}: {@code sin(0.37 (i + 1) (p + 1)) * (p + 1) + p}. */
    static Sample sines(List<String> names, int size) {
        int d = names.size();
        double[] v = new double[size * d];
        for (int i = 0; i < size; i++) {
            for (int p = 0; p < d; p++) {
                v[i * d + p] = Math.sin(0.37 * (i + 1) * (p + 1)) * (p + 1) + p;
            }
        }
        return Sample.of(names, size, v);
    }

    /** Weights {@code 1 + cos(0.11 i)^2}: positive, uneven. */
    static double[] weights(int size) {
        double[] w = new double[size];
        for (int i = 0; i < size; i++) {
            double c = Math.cos(0.11 * i);
            w[i] = 1 + c * c;
        }
        return w;
    }

    /**
     * A Gaussian-looking sample without an RNG: the Halton sequence (bases 2, 3, 5, ...) skipping its first
     * 20 points, mapped through the inverse normal CDF, then correlated by a Cholesky factor:
     * {@code x0 = mu0 + s0 z0}, {@code x1 = mu1 + s1 (rho z0 + sqrt(1 - rho^2) z1)}, further parameters
     * independent with mean {@code p} and sd 1.
     */
    static Sample gaussian(List<String> names, int size, double[] mu, double[] sd, double rho) {
        int d = names.size();
        int[] bases = {2, 3, 5, 7, 11, 13};
        double[] v = new double[size * d];
        for (int i = 0; i < size; i++) {
            double[] z = new double[d];
            for (int p = 0; p < d; p++) {
                z[p] = inverseNormal(halton(i + 20, bases[p]));
            }
            for (int p = 0; p < d; p++) {
                double m = p < mu.length ? mu[p] : p;
                double s = p < sd.length ? sd[p] : 1;
                double zz = p == 1 ? rho * z[0] + Math.sqrt(1 - rho * rho) * z[1] : z[p];
                v[i * d + p] = m + s * zz;
            }
        }
        return Sample.of(names, size, v);
    }

    /** The radical inverse of {@code index} in {@code base}: in (0, 1) for index >= 1. */
    static double halton(int index, int base) {
        double f = 1;
        double r = 0;
        for (int i = index; i > 0; i /= base) {
            f /= base;
            r += f * (i % base);
        }
        return r;
    }

    /** Acklam's rational approximation of the standard normal quantile (relative error below 1.15e-9). */
    static double inverseNormal(double p) {
        double[] a = {
            -3.969683028665376e+01,
            2.209460984245205e+02,
            -2.759285104469687e+02,
            1.383577518672690e+02,
            -3.066479806614716e+01,
            2.506628277459239e+00
        };
        double[] b = {
            -5.447609879822406e+01,
            1.615858368580409e+02,
            -1.556989798598866e+02,
            6.680131188771972e+01,
            -1.328068155288572e+01
        };
        double[] c = {
            -7.784894002430293e-03,
            -3.223964580411365e-01,
            -2.400758277161838e+00,
            -2.549732539343734e+00,
            4.374664141464968e+00,
            2.938163982698783e+00
        };
        double[] dd = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00};
        double low = 0.02425;
        if (p < low) {
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((dd[0] * q + dd[1]) * q + dd[2]) * q + dd[3]) * q + 1);
        }
        if (p > 1 - low) {
            double q = Math.sqrt(-2 * Math.log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                    / ((((dd[0] * q + dd[1]) * q + dd[2]) * q + dd[3]) * q + 1);
        }
        double q = p - 0.5;
        double r = q * q;
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5])
                * q
                / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
    }
}

package io.simrt.models.ma2;

/**
 * {@link Ma2Kernel} in scalar code: the eight running sums of each lag in sixteen locals, each block's ten
 * series values computed once (the last two carried into the next block); the scratch is not used. The prior's inverse CDFs are
 * {@link TrianglePrior}'s own.
 */
final class ScalarMa2Kernel extends Ma2Kernel {
    @Override
    void summaries(double[] w, double t1, double t2, int n, double[] x, double[] out, int outOff) {
        final int n1 = n - 1;
        final int n2 = n - 2;
        final int b1 = n1 - (n1 % 8);
        final int b2 = n2 - (n2 % 8);
        double x0 = (w[2] + t1 * w[1]) + t2 * w[0];
        double x1 = (w[3] + t1 * w[2]) + t2 * w[1];
        double x2 = (w[4] + t1 * w[3]) + t2 * w[2];
        double x3 = (w[5] + t1 * w[4]) + t2 * w[3];
        double x4 = (w[6] + t1 * w[5]) + t2 * w[4];
        double x5 = (w[7] + t1 * w[6]) + t2 * w[5];
        double x6 = (w[8] + t1 * w[7]) + t2 * w[6];
        double x7 = (w[9] + t1 * w[8]) + t2 * w[7];
        double x8 = (w[10] + t1 * w[9]) + t2 * w[8];
        double x9 = (w[11] + t1 * w[10]) + t2 * w[9];
        double a0 = x1 * x0;
        double a1 = x2 * x1;
        double a2 = x3 * x2;
        double a3 = x4 * x3;
        double a4 = x5 * x4;
        double a5 = x6 * x5;
        double a6 = x7 * x6;
        double a7 = x8 * x7;
        double c0 = x2 * x0;
        double c1 = x3 * x1;
        double c2 = x4 * x2;
        double c3 = x5 * x3;
        double c4 = x6 * x4;
        double c5 = x7 * x5;
        double c6 = x8 * x6;
        double c7 = x9 * x7;
        int k = 8;
        for (; k < b2; k += 8) {
            x0 = x8;
            x1 = x9;
            x2 = (w[k + 4] + t1 * w[k + 3]) + t2 * w[k + 2];
            x3 = (w[k + 5] + t1 * w[k + 4]) + t2 * w[k + 3];
            x4 = (w[k + 6] + t1 * w[k + 5]) + t2 * w[k + 4];
            x5 = (w[k + 7] + t1 * w[k + 6]) + t2 * w[k + 5];
            x6 = (w[k + 8] + t1 * w[k + 7]) + t2 * w[k + 6];
            x7 = (w[k + 9] + t1 * w[k + 8]) + t2 * w[k + 7];
            x8 = (w[k + 10] + t1 * w[k + 9]) + t2 * w[k + 8];
            x9 = (w[k + 11] + t1 * w[k + 10]) + t2 * w[k + 9];
            a0 += x1 * x0;
            a1 += x2 * x1;
            a2 += x3 * x2;
            a3 += x4 * x3;
            a4 += x5 * x4;
            a5 += x6 * x5;
            a6 += x7 * x6;
            a7 += x8 * x7;
            c0 += x2 * x0;
            c1 += x3 * x1;
            c2 += x4 * x2;
            c3 += x5 * x3;
            c4 += x6 * x4;
            c5 += x7 * x5;
            c6 += x8 * x6;
            c7 += x9 * x7;
        }
        // x0 .. x9 now hold x[k - 8 .. k + 1]; what follows needs x[k .. n), at most 10 values, recomputed
        if (b1 > b2) {
            // n1 is a multiple of 8: lag 1 has one more full block than lag 2 (k == b2 here)
            double y0 = x8;
            double y1 = x9;
            double y2 = (w[k + 4] + t1 * w[k + 3]) + t2 * w[k + 2];
            double y3 = (w[k + 5] + t1 * w[k + 4]) + t2 * w[k + 3];
            double y4 = (w[k + 6] + t1 * w[k + 5]) + t2 * w[k + 4];
            double y5 = (w[k + 7] + t1 * w[k + 6]) + t2 * w[k + 5];
            double y6 = (w[k + 8] + t1 * w[k + 7]) + t2 * w[k + 6];
            double y7 = (w[k + 9] + t1 * w[k + 8]) + t2 * w[k + 7];
            double y8 = (w[k + 10] + t1 * w[k + 9]) + t2 * w[k + 8];
            a0 += y1 * y0;
            a1 += y2 * y1;
            a2 += y3 * y2;
            a3 += y4 * y3;
            a4 += y5 * y4;
            a5 += y6 * y5;
            a6 += y7 * y6;
            a7 += y8 * y7;
        }
        double s1 = ((a0 + a1) + (a2 + a3)) + ((a4 + a5) + (a6 + a7));
        double s2 = ((c0 + c1) + (c2 + c3)) + ((c4 + c5) + (c6 + c7));
        finish(w, t1, t2, n, s1, s2, out, outOff);
    }

    @Override
    void t1FromUniforms(double[] u, int n, double b) {
        for (int i = 0; i < n; i++) {
            u[i] = TrianglePrior.t1FromUniform(u[i], b);
        }
    }

    @Override
    void t2FromUniforms(double[] t1, double[] u, int n, double a) {
        for (int i = 0; i < n; i++) {
            u[i] = TrianglePrior.t2FromUniform(t1[i], u[i], a);
        }
    }

    @Override
    String describe() {
        return "scalar";
    }
}

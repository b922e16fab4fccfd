package io.simrt.models.qinfer;

/**
 * The binomial probability mass function by Catherine Loader's saddle-point method ("Fast and Accurate
 * Computation of Binomial Probabilities", 2000; the algorithm of R's {@code dbinom_raw}), which keeps full
 * relative accuracy for large {@code n} where {@code lgamma}-based formulas lose digits to cancellation.
 * Tested against Commons Statistics to 1e-12 relative.
 */
final class BinomialPmf {
    private static final double LN_2PI = 1.8378770664093454835606594728112;

    /**
     * stirlerr(n) = ln(n!) − ln(sqrt(2πn)·(n/e)^n) for n = 0..15 (index 0 is unused), computed with mpmath at
     * 40 digits.
     */
    private static final double[] STIRLERR = {
        0.0,
        0.08106146679532725821967,
        0.04134069595540929409382,
        0.02767792568499833914879,
        0.02079067210376509311152,
        0.01664469118982119216319,
        0.01387612882307074799875,
        0.01189670994589177009506,
        0.01041126526197209649748,
        0.009255462182712732917729,
        0.008330563433362871256469,
        0.007573675487951840794972,
        0.006942840107209529865664,
        0.00640899418800420706844,
        0.005951370112758847735624,
        0.005554733551962801371039,
    };

    private static final double S0 = 1.0 / 12;
    private static final double S1 = 1.0 / 360;
    private static final double S2 = 1.0 / 1260;
    private static final double S3 = 1.0 / 1680;
    private static final double S4 = 1.0 / 1188;

    private BinomialPmf() {}

    /**
     * Binom(k; n, p) = C(n, k)·p^k·(1 − p)^(n − k).
     *
     * <p>Edges: 0 for {@code k < 0} or {@code k > n}; exactly 1 or 0 when {@code p <= 0} (mass at 0) or
     * {@code p >= 1} (mass at n), so values rounded just outside [0, 1] act as the nearest bound; NaN for NaN
     * {@code p}; {@code n = 0} gives 1 at {@code k = 0}.
     */
    static double pmf(int k, int n, double p) {
        if (Double.isNaN(p)) {
            return Double.NaN;
        }
        if (k < 0 || k > n) {
            return 0;
        }
        if (p <= 0) {
            return k == 0 ? 1 : 0;
        }
        if (p >= 1) {
            return k == n ? 1 : 0;
        }
        double q = 1 - p;
        if (k == 0) {
            if (n == 0) {
                return 1;
            }
            double lc = p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q);
            return Math.exp(lc);
        }
        if (k == n) {
            double lc = q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p);
            return Math.exp(lc);
        }
        double lc = stirlerr(n) - stirlerr(k) - stirlerr(n - k) - bd0(k, n * p) - bd0(n - k, n * q);
        // ln(2π·k·(n − k)/n); n − k is exact, whereas R's log1p(−k/n) loses digits when k/n is close to 1.
        double lf = LN_2PI + Math.log(k) + Math.log(n - k) - Math.log(n);
        return Math.exp(lc - 0.5 * lf);
    }

    /** ln(n!) − ln(sqrt(2πn)·(n/e)^n) for whole {@code n >= 1}: table to 15, Stirling series beyond. */
    static double stirlerr(int n) {
        if (n <= 15) {
            return STIRLERR[n];
        }
        double nn = (double) n * n;
        if (n > 500) {
            return (S0 - S1 / nn) / n;
        }
        if (n > 80) {
            return (S0 - (S1 - S2 / nn) / nn) / n;
        }
        if (n > 35) {
            return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
        }
        return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
    }

    /** The deviance term x·ln(x/np) + np − x, by a series when x is close to np to avoid cancellation. */
    static double bd0(double x, double np) {
        if (Math.abs(x - np) < 0.1 * (x + np)) {
            double v = (x - np) / (x + np);
            double s = (x - np) * v;
            if (Math.abs(s) < Double.MIN_NORMAL) {
                return s;
            }
            double ej = 2 * x * v;
            v *= v;
            for (int j = 1; j < 1000; j++) {
                ej *= v;
                double s1 = s + ej / (2 * j + 1);
                if (s1 == s) {
                    return s1;
                }
                s = s1;
            }
        }
        return x * Math.log(x / np) + np - x;
    }
}

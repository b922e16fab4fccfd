package io.simrt.models.random;

/**
 * {@code np.exp} and {@code np.log} of float64 arrays as numpy 1.24 (Debian's build, the one ELFI ran with for the
 * reference values of ElfiSmcParityTest and benchmarks/python/elfi_smc_populations.py) computes them on an x86-64 CPU with AVX-512 (Skylake-X or later): it hands
 * them to Intel's short-vector math library ({@code __svml_exp8}, {@code __svml_log8}), which rounds differently
 * from the C library in about a quarter of the arguments (docs/python-semantics.md §6, "ABC-SMC bit for bit").
 * ELFI's ABC-SMC weights {@code exp(log prior - log q)} go through these, so reproducing its populations to the last
 * bit needs the same arithmetic: both are a table lookup and a short polynomial, evaluated here with the same
 * constants, the same fused multiply-adds and the same rounding, one element at a time (the vector lanes are
 * independent).
 *
 * <p>Two places are not the library's own: arguments of {@code exp} at or beyond about +-707.7, which the library
 * hands to a scalar routine, go to {@link Math#exp} (their results are 0, subnormal, huge or infinite); and the
 * hardware reciprocal estimate {@code log} starts from ({@code vrcp14pd}, 14 bits, rounded to 5 fractional bits) is
 * taken as the exact reciprocal rounded the same way, which differs only when {@code 32 / mantissa} lies within
 * about 2^-14 of a half-integer. On a machine where numpy calls the C library instead, ELFI's numbers can differ
 * from these in the last bit.
 *
 * <p>Stateless and thread-safe.
 */
public final class NumpyMath {
    private NumpyMath() {}

    // exp(x) = 2^floor(N) * T[j] * exp(r), N = x log2(e) cut to 1/16 (toward -infinity), j = 16 frac(N)
    private static final double LOG2E = Double.longBitsToDouble(0x3FF71547652B82FEL);
    private static final double LN2_HI = Double.longBitsToDouble(0x3FE62E42FEFA39EFL);
    private static final double LN2_LO = Double.longBitsToDouble(0x3C7ABC9E3B39803FL);
    private static final double E_C6 = Double.longBitsToDouble(0x3F572EB5EF0D213DL);
    private static final double E_C5 = Double.longBitsToDouble(0x3F81106603D97C00L);
    private static final double E_C4 = Double.longBitsToDouble(0x3FA555564BB4F5F0L);
    private static final double E_C3 = Double.longBitsToDouble(0x3FC5555554B508A2L);
    private static final double E_C2 = Double.longBitsToDouble(0x3FE0000000002622L);
    private static final double E_LIMIT = Double.longBitsToDouble(0x40861DA04CBAFE44L);
    /** 2^(j/16), j = 0..15. */
    private static final long[] EXP_T = {
        0x3FF0000000000000L, 0x3FF0B5586CF9890FL, 0x3FF172B83C7D517BL, 0x3FF2387A6E756238L,
        0x3FF306FE0A31B715L, 0x3FF3DEA64C123422L, 0x3FF4BFDAD5362A27L, 0x3FF5AB07DD485429L,
        0x3FF6A09E667F3BCDL, 0x3FF7A11473EB0187L, 0x3FF8ACE5422AA0DBL, 0x3FF9C49182A3F090L,
        0x3FFAE89F995AD3ADL, 0x3FFC199BDD85529CL, 0x3FFD5818DCFBA487L, 0x3FFEA4AFA2A490DAL
    };

    // log(x) = e ln2 - log(rcp) + log(1 + R), x = 2^e m, rcp ~ 1/m to 1/32, R = rcp m - 1
    private static final double L_A = Double.longBitsToDouble(0x3FBC81CD309D7C70L);
    private static final double L_B = Double.longBitsToDouble(0xBFC007357E93AF62L);
    private static final double L_C = Double.longBitsToDouble(0x3FC249229CEE81EFL);
    private static final double L_D = Double.longBitsToDouble(0xBFC55553FB28DB06L);
    private static final double L_E = Double.longBitsToDouble(0x3FC9999999CC9F5CL);
    private static final double L_F = Double.longBitsToDouble(0xBFD00000000C05BDL);
    private static final double L_G = Double.longBitsToDouble(0x3FD5555555555466L);
    private static final double L_H = Double.longBitsToDouble(0xBFDFFFFFFFFFFFC6L);
    /** -log(rcp) for rcp = k/32: index k - 16 for k < 24 (after doubling, i.e. -log(k/16)), k - 16 for 24..31. */
    private static final long[] LOG_T = {
        0x0000000000000000L, 0xBFAF0A30C01162A6L, 0xBFBE27076E2AF2E6L, 0xBFC5FF3070A793D4L,
        0xBFCC8FF7C79A9A22L, 0xBFD1675CABABA60EL, 0xBFD4618BC21C5EC2L, 0xBFD739D7F6BBD007L,
        0x3FD269621134DB92L, 0x3FCF991C6CB3B379L, 0x3FCA93ED3C8AD9E3L, 0x3FC5BF406B543DB2L,
        0x3FC1178E8227E47CL, 0x3FB9335E5D594989L, 0x3FB08598B59E3A07L, 0x3FA0415D89E74444L
    };

    /** {@code np.exp(x)} of one float64 element. */
    public static double exp(double x) {
        if (!(Math.abs(x) < E_LIMIT)) {
            return Math.exp(x);
        }
        // N: x log2(e), the exact product, rounded toward -infinity to a multiple of 1/16
        double hi = x * LOG2E;
        double lo = Math.fma(x, LOG2E, -hi);
        double t = hi * 16;
        double f = Math.floor(t);
        if (f == t && lo < 0) {
            f -= 1;
        }
        long n16 = (long) f;
        double n = f / 16;
        double r = Math.fma(-n, LN2_HI, x);
        r = Math.fma(-n, LN2_LO, r);
        double r2 = r * r;
        double p56 = Math.fma(E_C6, r, E_C5);
        double p34 = Math.fma(E_C4, r, E_C3);
        double r3 = r2 * r;
        double p12 = Math.fma(r2, E_C2, r);
        double p36 = Math.fma(r2, p56, p34);
        double p = Math.fma(r3, p36, p12);
        double th = Double.longBitsToDouble(EXP_T[(int) Math.floorMod(n16, 16L)]);
        double res = Math.fma(th, p, th);
        return Math.scalb(res, (int) Math.floorDiv(n16, 16L));
    }

    /** {@code np.log(x)} of one float64 element. */
    public static double log(double x) {
        if (Double.isNaN(x) || x < 0) {
            return Double.NaN;
        }
        if (x == 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (x == Double.POSITIVE_INFINITY) {
            return x;
        }
        int e;
        double m;
        if (x < Double.MIN_NORMAL) {
            double y = x * 0x1p54;
            e = Math.getExponent(y) - 54;
            m = Double.longBitsToDouble((Double.doubleToRawLongBits(y) & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        } else {
            e = Math.getExponent(x);
            m = Double.longBitsToDouble((Double.doubleToRawLongBits(x) & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        }
        double rcp = Math.rint(32 * (1 / m)) / 32;
        double r = Math.fma(rcp, m, -1.0);
        double expo = rcp < 0.75 ? e + 1 : e;
        int idx = (int) ((Double.doubleToRawLongBits(rcp) >>> 48) & 0xF);
        double a = Math.fma(L_C, r, L_D);
        double b = Math.fma(L_A, r, L_B);
        double c = Math.fma(L_G, r, L_H);
        double r2 = r * r;
        double d = Math.fma(L_E, r, L_F);
        double r4 = r2 * r2;
        b = Math.fma(r2, b, a);
        d = Math.fma(r2, d, c);
        b = Math.fma(r4, b, d);
        b = Math.fma(r2, b, r);
        double s = Double.longBitsToDouble(LOG_T[idx]) + b;
        return Math.fma(LN2_HI, expo, s);
    }
}

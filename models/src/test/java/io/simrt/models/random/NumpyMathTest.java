package io.simrt.models.random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link NumpyMath} against {@code np.exp} / {@code np.log} of float64 arrays, numpy 1.24 (Debian) on an AVX-512 CPU,
 * printed by {@code /usr/bin/python3 -c "import numpy as np; print(repr(float(np.exp(np.array([x]))[0])))"}; most
 * arguments were picked where numpy and the C library ({@code math.exp}, {@code math.log}) disagree in the last bit.
 */
class NumpyMathTest {
    private static final double[][] EXP = {
        {-19.513118962809386, 3.3539772288858695e-09},
        {-1.876651770196304, 0.15310186876871323},
        {3.545166308584154, 34.64544669835386},
        {1.269877234419468, 3.5604154390559106},
        {-1.7508882444795368, 0.17361965823612682},
        {-4.191649654412599, 0.015121319335288133},
        {-15.493257778080771, 1.8679430886433985e-07},
        {0.0, 1.0},
    };
    private static final double[][] LOG = {
        {2.681481754887088, 0.9863695353479908},
        {1.406401681924832, 0.3410344438559329},
        {2.6463175927157665, 0.9731690859714353},
        {2.4705543730184534, 0.9044425679740244},
        {1.3740751957577737, 0.31778091992840074},
        {1.3526634930354622, 0.30207560652930765},
        {1e-310, -713.8013788281542},
        {0.97, -0.030459207484708574},
        {1.03, 0.029558802241544425},
        {7.5e+200, 462.5319216193514},
        {1.0, 0.0},
    };

    @Test
    void expIsNumpys() {
        for (double[] c : EXP) {
            assertEquals(c[1], NumpyMath.exp(c[0]), "exp(" + c[0] + ")");
        }
        // the C library rounds this one the other way
        assertNotEquals(NumpyMath.exp(-1.876651770196304), StrictMath.exp(-1.876651770196304));
    }

    @Test
    void logIsNumpys() {
        for (double[] c : LOG) {
            assertEquals(c[1], NumpyMath.log(c[0]), "log(" + c[0] + ")");
        }
    }

    @Test
    void specialValues() {
        assertEquals(Double.NEGATIVE_INFINITY, NumpyMath.log(0.0));
        assertEquals(Double.NaN, NumpyMath.log(-1.0));
        assertEquals(Double.NaN, NumpyMath.log(Double.NaN));
        assertEquals(Double.POSITIVE_INFINITY, NumpyMath.log(Double.POSITIVE_INFINITY));
        assertEquals(Double.NaN, NumpyMath.exp(Double.NaN));
        assertEquals(0.0, NumpyMath.exp(Double.NEGATIVE_INFINITY));
        assertEquals(Double.POSITIVE_INFINITY, NumpyMath.exp(800));
        assertEquals(0.0, NumpyMath.exp(-800));
    }
}

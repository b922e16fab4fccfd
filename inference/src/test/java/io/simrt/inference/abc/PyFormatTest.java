package io.simrt.inference.abc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Expected strings are what Python 3 prints for {@code format(x, '.3g')}. */
class PyFormatTest {
    @Test
    void matchesPythonsG3() {
        assertEquals("0.0826", PyFormat.g3(0.08264));
        assertEquals("0.565", PyFormat.g3(0.565433179));
        assertEquals("1", PyFormat.g3(1.0));
        assertEquals("100", PyFormat.g3(100.0));
        assertEquals("1e+03", PyFormat.g3(1000.0));
        assertEquals("1.23e+03", PyFormat.g3(1234.5));
        assertEquals("0.0001", PyFormat.g3(0.0001));
        assertEquals("1e-05", PyFormat.g3(0.00001));
        assertEquals("-0.694", PyFormat.g3(-0.69412));
        assertEquals("inf", PyFormat.g3(Double.POSITIVE_INFINITY));
        assertEquals("nan", PyFormat.g3(Double.NaN));
        assertEquals("0", PyFormat.g3(0.0));
        assertEquals("2.5", PyFormat.g3(2.5));
        assertEquals("1e+16", PyFormat.g3(1e16));
    }
}

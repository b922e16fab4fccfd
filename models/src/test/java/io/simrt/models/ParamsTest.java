package io.simrt.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParamsTest {

    @Test
    void modelParamsAreRowMajorAndCopied() {
        double[] v = {1, 2, 3, 4, 5, 6};
        ModelParams mps = ModelParams.of(3, 2, v);
        v[0] = 42;
        assertEquals(1, mps.get(0, 0));
        assertEquals(6, mps.get(2, 1));
        assertArrayEquals(new double[] {3, 4}, mps.row(1));
        assertEquals(ModelParams.of(2, 2, 3, 4, 5, 6), mps.rows(1, 3));
    }

    @Test
    void nanParameterIsRejectedWithItsPosition() {
        ParameterException e = assertThrows(ParameterException.class, () -> ModelParams.of(2, 2, 1, 2, 3, Double.NaN));
        assertEquals("modelParams[1][1] = NaN: must be finite", e.getMessage());
    }

    @Test
    void wrongShapeIsRejected() {
        ParameterException e = assertThrows(ParameterException.class, () -> ModelParams.of(2, 2, 1, 2, 3));
        assertTrue(e.getMessage().contains("has 3 values but its shape 2 x 2 needs 4"), e.getMessage());
        assertThrows(ParameterException.class, () -> ModelParams.rows(new double[] {1, 2}, new double[] {3}));
    }

    @Test
    void requireParamsNamesTheModel() {
        ParameterException e = assertThrows(
                ParameterException.class, () -> ModelParams.column(1, 2).requireParams(2, "UnknownT2Model"));
        assertTrue(e.getMessage().contains("UnknownT2Model has 2 model parameters"), e.getMessage());
    }

    @Test
    void expParamsColumnsAndRows() {
        ExpLayout layout = ExpLayout.of("t", "w_");
        ExpParams eps = ExpParams.columns(layout, new double[] {1, 2, 3}, new double[] {0.1, 0.2, 0.3});
        assertEquals(3, eps.nExps());
        assertEquals(2, eps.get(1, 0));
        assertEquals(0.3, eps.get(2, layout.require("w_", "test")));
        assertArrayEquals(new double[] {0.1, 0.2, 0.3}, eps.column("w_"));
        assertEquals(ExpParams.columns(layout, new double[] {2}, new double[] {0.2}), eps.rows(1, 2));
    }

    @Test
    void expParamsRejectNonFiniteValuesNamingTheField() {
        ParameterException e = assertThrows(
                ParameterException.class,
                () -> ExpParams.of(ExpLayout.of("t", "w_"), 2, 1, 0, Double.POSITIVE_INFINITY, 0));
        assertEquals("expParams[1].t = Infinity: must be finite", e.getMessage());
    }

    @Test
    void layoutRulesAreChecked() {
        assertThrows(ParameterException.class, () -> ExpLayout.of("t", "t"));
        ParameterException e =
                assertThrows(ParameterException.class, () -> ExpLayout.of("t").require("w_", "SimpleInversionModel"));
        assertEquals("SimpleInversionModel needs experiment field 'w_' but got layout [t]", e.getMessage());
        assertEquals(ExpLayout.of("t", "n_meas"), ExpLayout.of("t").with("n_meas"));
    }

    @Test
    void emptyLayoutCountsExperiments() {
        ExpParams eps = ExpParams.empty(4);
        assertEquals(4, eps.nExps());
        assertEquals(0, eps.layout().size());
    }
}

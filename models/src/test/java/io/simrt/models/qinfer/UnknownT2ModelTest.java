package io.simrt.models.qinfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import io.simrt.models.Tensor3;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownT2ModelTest {

    @Test
    void describesItself() {
        UnknownT2Model m = UnknownT2Model.of();
        assertEquals("UnknownT2Model", m.name());
        assertEquals(List.of("omega", "T2inv"), m.modelParamNames());
        assertEquals(ExpLayout.of("t"), m.expLayout());
        assertEquals(UnknownT2Model.of(), m);
    }

    /** T2inv = 0 means no dephasing: SimplePrecession to the last bit (v = 1 exactly). */
    @Test
    void withoutDephasingItIsSimplePrecession() {
        double[] t = {0, 1, 2, Math.PI, 8};
        double[] omegas = {0.5, 1, 2};
        Tensor3 precession =
                SimplePrecessionModel.of().likelihood(new int[] {0, 1}, ModelParams.column(omegas), ExpParams.times(t));
        Tensor3 t2 = UnknownT2Model.of()
                .likelihood(
                        new int[] {0, 1},
                        ModelParams.rows(new double[] {0.5, 0}, new double[] {1, 0}, new double[] {2, 0}),
                        ExpParams.times(t));
        assertEquals(precession, t2);
    }

    /** v = exp(−t·T2inv) → 0: Pr(0) → 1/2; at t·T2inv = 40, v ≈ 4e-18 so 1e-15 absolute holds. */
    @Test
    void fullDephasingGivesACoinFlip() {
        Tensor3 l = UnknownT2Model.of()
                .likelihood(
                        new int[] {0},
                        ModelParams.rows(new double[] {1.3, 4}, new double[] {0.2, 40}),
                        ExpParams.times(10, 1));
        assertEquals(0.5, l.get(0, 0, 0), 1e-15);
        assertEquals(0.5, l.get(0, 1, 1), 1e-15);
    }

    @Test
    void validityNeedsBothParametersNonNegative() {
        assertArrayEquals(
                new boolean[] {true, true, false, false},
                UnknownT2Model.of()
                        .areModelsValid(ModelParams.rows(
                                new double[] {0, 0}, new double[] {1, 2}, new double[] {-1e-9, 0}, new double[] {1, -0.1
                                })));
    }
}

package io.simrt.models.qinfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import io.simrt.models.ParameterException;
import io.simrt.models.Tensor3;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimpleInversionModelTest {
    private static final ExpLayout LAYOUT = ExpLayout.of("t", "w_");

    @Test
    void describesItself() {
        SimpleInversionModel m = SimpleInversionModel.of();
        assertEquals("SimpleInversionModel", m.name());
        assertEquals(List.of("omega"), m.modelParamNames());
        assertEquals(LAYOUT, m.expLayout());
        assertEquals(0.0, m.minFreq());
    }

    /** Pr(0) = cos²(t(ω − w_)/2), evaluated directly (1e-15 absolute: the same expression, any order). */
    @Test
    void likelihoodIsCosineSquaredOfTheDetunedPhase() {
        double[] omegas = {0.2, 1.0, 3.3};
        double[] t = {0.5, 2, 7};
        double[] w = {0, 1.0, 2.9};
        Tensor3 l = SimpleInversionModel.of()
                .likelihood(new int[] {0, 1}, ModelParams.column(omegas), ExpParams.columns(LAYOUT, t, w));
        for (int j = 0; j < omegas.length; j++) {
            for (int k = 0; k < t.length; k++) {
                double c = Math.cos(t[k] * (omegas[j] - w[k]) / 2);
                assertEquals(c * c, l.get(0, j, k), 1e-15);
                assertEquals(1 - c * c, l.get(1, j, k), 1e-15);
            }
        }
    }

    /** With w_ = 0 it is SimplePrecession, to the last bit. */
    @Test
    void zeroGuessIsSimplePrecession() {
        ModelParams mps = ModelParams.column(0.5, 1, 2);
        double[] t = {1, 2, Math.PI};
        assertEquals(
                SimplePrecessionModel.of().likelihood(new int[] {0, 1}, mps, ExpParams.times(t)),
                SimpleInversionModel.of()
                        .likelihood(new int[] {0, 1}, mps, ExpParams.columns(LAYOUT, t, new double[3])));
    }

    @Test
    void validityIsStrictlyAboveMinFreq() {
        assertArrayEquals(
                new boolean[] {false, false, true},
                SimpleInversionModel.of(1).areModelsValid(ModelParams.column(0.5, 1, 1.5)));
    }

    @Test
    void badMinFreqIsRejectedWithValueAndRule() {
        assertEquals(
                "minFreq = NaN: must be finite and >= 0",
                assertThrows(ParameterException.class, () -> SimpleInversionModel.of(Double.NaN))
                        .getMessage());
        assertEquals(
                "minFreq = -2.0: must be finite and >= 0",
                assertThrows(ParameterException.class, () -> SimpleInversionModel.of(-2))
                        .getMessage());
    }
}

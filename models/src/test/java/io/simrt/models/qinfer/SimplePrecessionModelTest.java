package io.simrt.models.qinfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import io.simrt.models.ParameterException;
import io.simrt.models.Tensor3;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimplePrecessionModelTest {

    @Test
    void describesItself() {
        SimplePrecessionModel m = SimplePrecessionModel.of();
        assertEquals("SimplePrecessionModel", m.name());
        assertEquals(1, m.nModelParams());
        assertEquals(List.of("omega"), m.modelParamNames());
        assertEquals(ExpLayout.of("t"), m.expLayout());
        assertTrue(m.isNOutcomesConstant());
        assertEquals(2, m.nOutcomes(ExpParams.times(1), 0));
        assertEquals(0.0, m.minFreq());
    }

    @Test
    void validityIsStrictlyAboveMinFreq() {
        assertArrayEquals(
                new boolean[] {false, false, true, true},
                SimplePrecessionModel.of().areModelsValid(ModelParams.column(-1, 0, 1e-300, 2)));
        assertArrayEquals(
                new boolean[] {false, false, true},
                SimplePrecessionModel.of(0.5).areModelsValid(ModelParams.column(0.4, 0.5, Math.nextUp(0.5))));
    }

    /** Pr(1) = 1 − cos²(ωt/2) agrees with sin²(ωt/2) to rounding (1e-15 absolute). */
    @Test
    void outcomeOneIsSineSquared() {
        double[] omegas = {0.1, 0.77, 1.3, 4.0};
        double[] times = {0, 0.25, 1.5, 3, 9.75};
        Tensor3 l = SimplePrecessionModel.of()
                .likelihood(new int[] {1}, ModelParams.column(omegas), ExpParams.times(times));
        for (int j = 0; j < omegas.length; j++) {
            for (int k = 0; k < times.length; k++) {
                double s = Math.sin(omegas[j] * times[k] / 2);
                assertEquals(s * s, l.get(0, j, k), 1e-15);
            }
        }
    }

    @Test
    void badMinFreqIsRejectedWithValueAndRule() {
        assertEquals(
                "minFreq = NaN: must be finite and >= 0",
                assertThrows(ParameterException.class, () -> SimplePrecessionModel.of(Double.NaN))
                        .getMessage());
        assertEquals(
                "minFreq = -1.0: must be finite and >= 0",
                assertThrows(ParameterException.class, () -> SimplePrecessionModel.of(-1))
                        .getMessage());
        assertEquals(
                "minFreq = Infinity: must be finite and >= 0",
                assertThrows(ParameterException.class, () -> SimplePrecessionModel.of(Double.POSITIVE_INFINITY))
                        .getMessage());
        assertThrows(ParameterException.class, () -> new SimplePrecessionModel.Spec(-0.5));
    }

    @Test
    void equalityFollowsMinFreq() {
        assertEquals(SimplePrecessionModel.of(), SimplePrecessionModel.of(0));
        assertEquals(SimplePrecessionModel.of(-0.0), SimplePrecessionModel.of(0.0));
        assertNotEquals(SimplePrecessionModel.of(0.1), SimplePrecessionModel.of(0.2));
        assertEquals(0.3, new SimplePrecessionModel.Spec(0.3).build().minFreq());
        assertEquals(
                new SimplePrecessionModel.Spec(0.3),
                SimplePrecessionModel.of(0.3).spec());
    }
}

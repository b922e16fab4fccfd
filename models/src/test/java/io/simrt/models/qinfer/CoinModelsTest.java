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

/** {@link CoinModel} and {@link NoisyCoinModel}. */
class CoinModelsTest {
    private static final ExpLayout NOISE = ExpLayout.of("alpha", "beta");

    @Test
    void coinDescribesItselfAndHasNoExperimentFields() {
        CoinModel m = CoinModel.of();
        assertEquals("CoinModel", m.name());
        assertEquals(List.of("p"), m.modelParamNames());
        assertEquals(ExpLayout.EMPTY, m.expLayout());
        assertEquals(CoinModel.of(), m);
    }

    @Test
    void coinLikelihoodIsTheBias() {
        Tensor3 l = CoinModel.of().likelihood(new int[] {0, 1}, ModelParams.column(0, 0.25, 1), ExpParams.empty(2));
        assertEquals(Tensor3.of(2, 3, 2, 0, 0, 0.25, 0.25, 1, 1, 1, 1, 0.75, 0.75, 0, 0), l);
    }

    @Test
    void coinValidityIsTheUnitInterval() {
        assertArrayEquals(
                new boolean[] {false, true, true, true, false},
                CoinModel.of().areModelsValid(ModelParams.column(-1e-12, 0, 0.5, 1, Math.nextUp(1.0))));
        assertArrayEquals(
                new boolean[] {false, true, true, true, false},
                NoisyCoinModel.of().areModelsValid(ModelParams.column(-1e-12, 0, 0.5, 1, Math.nextUp(1.0))));
    }

    @Test
    void noisyCoinDescribesItself() {
        NoisyCoinModel m = NoisyCoinModel.of();
        assertEquals("NoisyCoinModel", m.name());
        assertEquals(List.of("p"), m.modelParamNames());
        assertEquals(NOISE, m.expLayout());
        assertEquals(NoisyCoinModel.of(), m);
    }

    /** Pr(0) = p·alpha + (1 − p)·beta, to 1e-15 absolute. */
    @Test
    void noisyCoinMixesTheReadOutProbabilities() {
        double[] p = {0, 0.3, 1};
        double[] alpha = {0.9, 0.75};
        double[] beta = {0.1, 0.4};
        Tensor3 l = NoisyCoinModel.of()
                .likelihood(new int[] {0}, ModelParams.column(p), ExpParams.columns(NOISE, alpha, beta));
        for (int j = 0; j < p.length; j++) {
            for (int k = 0; k < alpha.length; k++) {
                assertEquals(p[j] * alpha[k] + (1 - p[j]) * beta[k], l.get(0, j, k), 1e-15);
            }
        }
    }

    /** A perfect read-out (alpha = 1, beta = 0) is the plain coin, to the last bit. */
    @Test
    void perfectReadOutIsThePlainCoin() {
        ModelParams mps = ModelParams.column(0, 0.3, 0.71, 1);
        assertEquals(
                CoinModel.of().likelihood(new int[] {0, 1}, mps, ExpParams.empty(1)),
                NoisyCoinModel.of()
                        .likelihood(
                                new int[] {0, 1}, mps, ExpParams.columns(NOISE, new double[] {1}, new double[] {0})));
    }

    @Test
    void readOutProbabilitiesOutsideTheUnitIntervalAreRejected() {
        NoisyCoinModel m = NoisyCoinModel.of();
        ModelParams mps = ModelParams.column(0.5);
        ParameterException alpha = assertThrows(
                ParameterException.class,
                () -> m.likelihood(
                        new int[] {0}, mps, ExpParams.columns(NOISE, new double[] {0.5, 1.5}, new double[] {0, 0})));
        assertEquals(
                "expParams[1].alpha = 1.5: must lie in [0, 1] (it is a read-out probability of NoisyCoinModel)",
                alpha.getMessage());
        ParameterException beta = assertThrows(
                ParameterException.class,
                () -> m.simulateExperiment(
                        mps, ExpParams.columns(NOISE, new double[] {0.5}, new double[] {-0.25}), 1, TestStreams.of(1)));
        assertEquals(
                "expParams[0].beta = -0.25: must lie in [0, 1] (it is a read-out probability of NoisyCoinModel)",
                beta.getMessage());
    }
}

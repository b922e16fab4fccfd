package io.simrt.models.qinfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.FiniteOutcomeModel;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ModelSpec;
import io.simrt.models.ParameterException;
import io.simrt.models.Tensor3;
import io.simrt.models.qubit.DampedRabiModel;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class BinomialModelTest {
    private static final ExpLayout T_N = ExpLayout.of("t", "n_meas");

    private static ExpParams tn(double[] t, double[] n) {
        return ExpParams.columns(T_N, t, n);
    }

    @Test
    void passesTheUnderlyingParametersThroughAndAddsNMeas() {
        BinomialModel m = BinomialModel.of(SimplePrecessionModel.of(0.5));
        assertEquals("BinomialModel(SimplePrecessionModel)", m.name());
        assertEquals(SimplePrecessionModel.of(0.5), m.underlying());
        assertEquals(List.of("omega"), m.modelParamNames());
        assertEquals(1, m.nModelParams());
        assertEquals(T_N, m.expLayout());
        assertEquals(ExpLayout.of("n_meas"), BinomialModel.of(CoinModel.of()).expLayout());
        assertArrayEquals(new boolean[] {false, true}, m.areModelsValid(ModelParams.column(0.5, 0.6)));
    }

    @Test
    void numberOfOutcomesVariesWithNMeas() {
        BinomialModel m = BinomialModel.of(SimplePrecessionModel.of());
        assertFalse(m.isNOutcomesConstant());
        ExpParams eps = tn(new double[] {1, 1, 1}, new double[] {0, 3, 10});
        assertEquals(1, m.nOutcomes(eps, 0));
        assertEquals(4, m.nOutcomes(eps, 1));
        assertEquals(11, m.nOutcomes(eps, 2));
    }

    /** Pr(k) = Binom(k; n, p1) with p1 = sin²(ωt/2), to 1e-13 absolute against the textbook product. */
    @Test
    void likelihoodIsBinomialInTheUnderlyingOutcomeOneProbability() {
        double[] omegas = {0.3, 1.0, 2.2};
        double[] t = {1, 2.5};
        double[] n = {4, 7};
        Tensor3 l = BinomialModel.of(SimplePrecessionModel.of())
                .likelihood(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, ModelParams.column(omegas), tn(t, n));
        for (int j = 0; j < omegas.length; j++) {
            for (int k = 0; k < t.length; k++) {
                double s = Math.sin(omegas[j] * t[k] / 2);
                double p1 = s * s;
                for (int o = 0; o <= 7; o++) {
                    double expected =
                            o > n[k] ? 0 : choose((int) n[k], o) * Math.pow(p1, o) * Math.pow(1 - p1, n[k] - o);
                    assertEquals(expected, l.get(o, j, k), 1e-13, "k=" + o + " omega=" + omegas[j] + " t=" + t[k]);
                }
            }
        }
    }

    private static double choose(int n, int k) {
        double c = 1;
        for (int i = 1; i <= k; i++) {
            c = c * (n - k + i) / i;
        }
        return c;
    }

    @Test
    void outcomesAboveAnExperimentsOwnNMeasHaveProbabilityZero() {
        Tensor3 l = BinomialModel.of(SimplePrecessionModel.of())
                .likelihood(new int[] {2, 3, 5}, ModelParams.column(1.1), tn(new double[] {1, 1}, new double[] {2, 5}));
        assertEquals(0.0, l.get(1, 0, 0));
        assertEquals(0.0, l.get(2, 0, 0));
        assertNotEquals(0.0, l.get(0, 0, 0));
        assertNotEquals(0.0, l.get(2, 0, 1));
    }

    /** p1 = 0 (coin p = 1) and p1 = 1 (coin p = 0) give exact point masses; n_meas = 0 has the one outcome 0. */
    @Test
    void certainUnderlyingOutcomesGiveExactPointMasses() {
        BinomialModel m = BinomialModel.of(CoinModel.of());
        ExpParams eps = ExpParams.columns(ExpLayout.of("n_meas"), new double[] {6, 0});
        Tensor3 l = m.likelihood(new int[] {0, 1, 5, 6}, ModelParams.column(1, 0, 0.5), eps);
        assertEquals(1.0, l.get(0, 0, 0));
        assertEquals(0.0, l.get(1, 0, 0));
        assertEquals(0.0, l.get(3, 0, 0));
        assertEquals(0.0, l.get(0, 1, 0));
        assertEquals(0.0, l.get(2, 1, 0));
        assertEquals(1.0, l.get(3, 1, 0));
        for (int j = 0; j < 3; j++) {
            assertEquals(1.0, l.get(0, j, 1), "n_meas = 0");
            assertEquals(0.0, l.get(1, j, 1));
        }
    }

    /** Large n_meas stays normalised (Loader's method): sum over 0..n is 1 to 1e-12 for n = 100 000. */
    @Test
    void largeNMeasStaysNormalised() {
        int n = 100_000;
        int[] outcomes = new int[n + 1];
        for (int o = 0; o <= n; o++) {
            outcomes[o] = o;
        }
        Tensor3 l = BinomialModel.of(CoinModel.of())
                .likelihood(
                        outcomes,
                        ModelParams.column(0.37, 1e-4),
                        ExpParams.columns(ExpLayout.of("n_meas"), new double[] {n}));
        for (int j = 0; j < 2; j++) {
            double sum = 0;
            for (int o = 0; o <= n; o++) {
                sum += l.get(o, j, 0);
            }
            assertEquals(1.0, sum, 1e-12);
        }
    }

    @Test
    void nMeasMustBeAWholeNumberInRange() {
        BinomialModel m = BinomialModel.of(SimplePrecessionModel.of());
        ModelParams mps = ModelParams.column(1);
        ParameterException fractional = assertThrows(
                ParameterException.class,
                () -> m.likelihood(new int[] {0}, mps, tn(new double[] {1, 1}, new double[] {3, 2.5})));
        assertEquals("expParams[1].n_meas = 2.5: must be a whole number in [0, 2147483646]", fractional.getMessage());
        ParameterException negative = assertThrows(
                ParameterException.class,
                () -> m.simulateExperiment(mps, tn(new double[] {1}, new double[] {-1}), 1, TestStreams.of(1)));
        assertEquals("expParams[0].n_meas = -1.0: must be a whole number in [0, 2147483646]", negative.getMessage());
        ParameterException huge =
                assertThrows(ParameterException.class, () -> m.nOutcomes(tn(new double[] {1}, new double[] {3e9}), 0));
        assertEquals("expParams[0].n_meas = 3.0E9: must be a whole number in [0, 2147483646]", huge.getMessage());
        assertEquals(0, m.likelihoodCallCount(), "rejected calls are not counted");
    }

    @Test
    void rejectsModelsThatAreNotTwoOutcome() {
        BinomialModel binomial = BinomialModel.of(SimplePrecessionModel.of());
        ParameterException varying = assertThrows(ParameterException.class, () -> BinomialModel.of(binomial));
        assertEquals(
                "underlying model = BinomialModel(SimplePrecessionModel): BinomialModel needs a two-outcome "
                        + "model, but its number of outcomes varies by experiment",
                varying.getMessage());
        ParameterException three =
                assertThrows(ParameterException.class, () -> BinomialModel.of(new StubModel(3, ExpLayout.of("t"))));
        assertEquals(
                "underlying model = Stub: BinomialModel needs a two-outcome model, but it has 3 outcomes",
                three.getMessage());
        ParameterException clash = assertThrows(
                ParameterException.class, () -> BinomialModel.of(new StubModel(2, ExpLayout.of("n_meas"))));
        assertEquals(
                "underlying model = Stub: its experiment layout [n_meas] already has a field 'n_meas', "
                        + "which BinomialModel adds",
                clash.getMessage());
    }

    @Test
    void eachCallAsksTheUnderlyingModelForOutcomeOnceOnly() {
        SimplePrecessionModel underlying = SimplePrecessionModel.of();
        BinomialModel m = BinomialModel.of(underlying);
        m.likelihood(new int[] {0, 1, 2}, ModelParams.column(1, 2), tn(new double[] {1, 2, 3}, new double[] {2, 2, 2}));
        assertEquals(3 * 2 * 3, m.likelihoodCallCount());
        assertEquals(2 * 3, underlying.likelihoodCallCount());
    }

    @Test
    void specRebuildsTheWholeChain() {
        BinomialModel m = BinomialModel.of(SimplePrecessionModel.of(0.25));
        BinomialModel.Spec spec = m.spec();
        assertEquals(new BinomialModel.Spec(new SimplePrecessionModel.Spec(0.25)), spec);
        BinomialModel rebuilt = spec.build();
        assertEquals(m, rebuilt);
        assertEquals(0.25, ((SimplePrecessionModel) rebuilt.underlying()).minFreq());
        assertNotEquals(m, BinomialModel.of(SimplePrecessionModel.of()));
        assertThrows(NullPointerException.class, () -> new BinomialModel.Spec(null));
    }

    /** Works over the expensive qubit model too: Binom(k; n, 1 − Pr_Rabi(0)). */
    @Test
    void wrapsTheDampedRabiModel() {
        DampedRabiModel rabi = DampedRabiModel.of();
        ModelParams mps = ModelParams.rows(new double[] {1.2, 0.3});
        double p1 = rabi.likelihood(new int[] {1}, mps, ExpParams.times(2.5)).get(0, 0, 0);
        Tensor3 l = BinomialModel.of(rabi).likelihood(new int[] {0, 2}, mps, tn(new double[] {2.5}, new double[] {3}));
        assertEquals(Math.pow(1 - p1, 3), l.get(0, 0, 0), 1e-15);
        assertEquals(3 * p1 * p1 * (1 - p1), l.get(1, 0, 0), 1e-15);
    }

    /**
     * Simulated counts have mean n·p1. R = 20 000 draws per (model, experiment); the sample mean's standard error
     * is sqrt(n·p1·(1 − p1)/R) and the tolerance is 5 of them (fixed seed, so deterministic).
     */
    @Test
    void simulatedMeanIsNTimesP1() {
        int repeat = 20_000;
        BinomialModel m = BinomialModel.of(SimplePrecessionModel.of());
        double[] omegas = {0.4, 1.0, 2.0};
        double[] t = {1, 2, 3.5};
        double[] n = {10, 1, 37};
        Tensor3 data = m.simulateExperiment(ModelParams.column(omegas), tn(t, n), repeat, TestStreams.of(7));
        for (int j = 0; j < omegas.length; j++) {
            for (int k = 0; k < t.length; k++) {
                double s = Math.sin(omegas[j] * t[k] / 2);
                double p1 = s * s;
                double sum = 0;
                for (int r = 0; r < repeat; r++) {
                    sum += data.get(r, j, k);
                }
                double se = Math.sqrt(n[k] * p1 * (1 - p1) / repeat);
                assertEquals(n[k] * p1, sum / repeat, 5 * se, "omega " + omegas[j] + ", t " + t[k]);
            }
        }
    }

    /** A constant-outcome model with a chosen number of outcomes and layout, for the rejection tests. */
    private static final class StubModel extends FiniteOutcomeModel {
        private final int nOutcomes;
        private final ExpLayout layout;

        StubModel(int nOutcomes, ExpLayout layout) {
            this.nOutcomes = nOutcomes;
            this.layout = layout;
        }

        @Override
        protected void computeLikelihood(int[] outcomes, ModelParams mps, ExpParams eps, double[] out) {
            Arrays.fill(out, 1.0 / nOutcomes);
        }

        @Override
        public String name() {
            return "Stub";
        }

        @Override
        public int nModelParams() {
            return 1;
        }

        @Override
        public List<String> modelParamNames() {
            return List.of("a");
        }

        @Override
        public ExpLayout expLayout() {
            return layout;
        }

        @Override
        public boolean isNOutcomesConstant() {
            return true;
        }

        @Override
        public int nOutcomes(ExpParams eps, int k) {
            return nOutcomes;
        }

        @Override
        public boolean[] areModelsValid(ModelParams mps) {
            return new boolean[mps.nModels()];
        }

        @Override
        public ModelSpec<Model> spec() {
            throw new UnsupportedOperationException("test stub");
        }
    }
}

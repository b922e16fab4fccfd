package io.simrt.models.qinfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.ParameterException;
import io.simrt.models.Tensor3;
import io.simrt.models.qubit.DampedRabiModel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@link Model} contract (docs/python-semantics.md §1), checked the same way for every model of this package and
 * for {@link DampedRabiModel}: shapes, normalisation, counters, spec round trip, argument errors, and simulation
 * frequencies.
 */
class FiniteOutcomeContractTest {

    /** A fresh model (counters at zero) with parameters and experiments it accepts. */
    record Case(String label, Supplier<Model> model, ModelParams mps, ExpParams eps) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "SimplePrecession",
                        SimplePrecessionModel::of,
                        ModelParams.column(0.3, 1.0, 2.5),
                        ExpParams.times(0.5, 1.0, 3.0, 7.0)),
                new Case(
                        "SimplePrecession(minFreq 0.2)",
                        () -> SimplePrecessionModel.of(0.2),
                        ModelParams.column(0.1, 1.7),
                        ExpParams.times(2.0)),
                new Case(
                        "SimpleInversion",
                        SimpleInversionModel::of,
                        ModelParams.column(0.3, 1.0, 2.5),
                        ExpParams.columns(ExpLayout.of("t", "w_"), new double[] {0.5, 1, 4}, new double[] {0, 0.9, 2})),
                new Case(
                        "UnknownT2",
                        UnknownT2Model::of,
                        ModelParams.rows(new double[] {1, 0.5}, new double[] {2, 0}, new double[] {0.4, 3}),
                        ExpParams.times(0, 1, 2, 5)),
                new Case("Coin", CoinModel::of, ModelParams.column(0, 0.3, 1), ExpParams.empty(3)),
                new Case(
                        "NoisyCoin",
                        NoisyCoinModel::of,
                        ModelParams.column(0, 0.3, 1),
                        ExpParams.columns(
                                ExpLayout.of("alpha", "beta"), new double[] {0.9, 1, 0.5}, new double[] {0.1, 0, 0.2})),
                new Case(
                        "Binomial(SimplePrecession)",
                        () -> BinomialModel.of(SimplePrecessionModel.of()),
                        ModelParams.column(0.3, 1.0, 2.5),
                        ExpParams.columns(
                                ExpLayout.of("t", "n_meas"), new double[] {1, 2, 3, 1}, new double[] {0, 1, 10, 4})),
                new Case(
                        "Binomial(Coin)",
                        () -> BinomialModel.of(CoinModel.of()),
                        ModelParams.column(0, 0.35, 1),
                        ExpParams.columns(ExpLayout.of("n_meas"), new double[] {5, 2})),
                new Case(
                        "DampedRabi",
                        DampedRabiModel::of,
                        ModelParams.rows(new double[] {1, 0}, new double[] {2, 0.3}, new double[] {0.5, 1.5}),
                        ExpParams.times(0, 1, 2.5, 4.25)),
                new Case(
                        "DampedRabi(delta 0, coarse grid)",
                        () -> DampedRabiModel.of(0, 7),
                        ModelParams.rows(new double[] {1.3, 0.1}),
                        ExpParams.times(3.3, 0.05)));
    }

    private static int[] allOutcomes(Model m, ExpParams eps) {
        int max = 1;
        for (int k = 0; k < eps.nExps(); k++) {
            max = Math.max(max, m.nOutcomes(eps, k));
        }
        int[] all = new int[max];
        for (int o = 0; o < max; o++) {
            all[o] = o;
        }
        return all;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void likelihoodHasShapeOutcomesModelsExperiments(Case c) {
        Model m = c.model().get();
        int[] outcomes = allOutcomes(m, c.eps());
        Tensor3 l = m.likelihood(outcomes, c.mps(), c.eps());
        assertArrayEquals(new int[] {outcomes.length, c.mps().nModels(), c.eps().nExps()}, l.shape());
        assertArrayEquals(
                new int[] {1, c.mps().nModels(), c.eps().nExps()},
                m.likelihood(new int[] {0}, c.mps(), c.eps()).shape());
        assertArrayEquals(
                new int[] {0, c.mps().nModels(), c.eps().nExps()},
                m.likelihood(new int[0], c.mps(), c.eps()).shape());
        assertArrayEquals(
                new int[] {outcomes.length, 0, c.eps().nExps()},
                m.likelihood(outcomes, c.mps().rows(0, 0), c.eps()).shape());
    }

    /** Sums over an experiment's own outcomes are 1 to 1e-12 (a few ulps of rounding per term). */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void likelihoodIsAProbabilityOverEachExperimentsOutcomes(Case c) {
        Model m = c.model().get();
        int[] outcomes = allOutcomes(m, c.eps());
        Tensor3 l = m.likelihood(outcomes, c.mps(), c.eps());
        for (int j = 0; j < c.mps().nModels(); j++) {
            for (int k = 0; k < c.eps().nExps(); k++) {
                int nO = m.nOutcomes(c.eps(), k);
                double sum = 0;
                for (int o = 0; o < outcomes.length; o++) {
                    double p = l.get(o, j, k);
                    assertTrue(p >= 0 && p <= 1, "Pr(" + o + ") = " + p + " at model " + j + ", exp " + k);
                    if (o >= nO) {
                        assertEquals(0.0, p, "outcome " + o + " beyond experiment " + k + "'s " + nO);
                    }
                    sum += p;
                }
                assertEquals(1.0, sum, 1e-12, "model " + j + ", experiment " + k);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void countersGrowByQInfersRule(Case c) {
        Model m = c.model().get();
        int nM = c.mps().nModels();
        int nE = c.eps().nExps();
        assertEquals(0, m.likelihoodCallCount());
        assertEquals(0, m.simulationCount());
        m.likelihood(new int[] {0, 0, 1}, c.mps(), c.eps());
        assertEquals(3L * nM * nE, m.likelihoodCallCount());
        m.simulateExperiment(c.mps(), c.eps(), 7, TestStreams.of(1));
        assertEquals(3L * nM * nE, m.likelihoodCallCount(), "simulating does not count as a likelihood call");
        assertEquals(7L * nM * nE, m.simulationCount());
        m.simulateExperiment(c.mps(), c.eps(), 1, TestStreams.of(2));
        assertEquals(8L * nM * nE, m.simulationCount());
        m.clearCache();
        assertEquals(8L * nM * nE, m.simulationCount(), "clearCache keeps the counters");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void specBuildsAnEqualModelWithIdenticalLikelihoods(Case c) {
        Model m = c.model().get();
        Model rebuilt = m.spec().build();
        assertEquals(m, rebuilt);
        assertEquals(m.hashCode(), rebuilt.hashCode());
        assertEquals(m.spec(), rebuilt.spec());
        assertEquals(m.name(), rebuilt.name());
        assertEquals(m.expLayout(), rebuilt.expLayout());
        assertEquals(m.modelParamNames(), rebuilt.modelParamNames());
        int[] outcomes = allOutcomes(m, c.eps());
        assertEquals(m.likelihood(outcomes, c.mps(), c.eps()), rebuilt.likelihood(outcomes, c.mps(), c.eps()));
        assertArrayEquals(m.areModelsValid(c.mps()), rebuilt.areModelsValid(c.mps()));
        assertEquals(
                m.simulateExperiment(c.mps(), c.eps(), 5, TestStreams.of(3)),
                rebuilt.simulateExperiment(c.mps(), c.eps(), 5, TestStreams.of(3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void namesAndLayoutAgreeWithTheCounts(Case c) {
        Model m = c.model().get();
        assertEquals(m.nModelParams(), m.modelParamNames().size());
        assertEquals(m.nModelParams(), c.mps().nParams());
        assertEquals(c.mps().nModels(), m.areModelsValid(c.mps()).length);
        assertEquals(m.name(), m.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void extraExperimentFieldsAreIgnored(Case c) {
        Model m = c.model().get();
        ExpParams eps = c.eps();
        int w = eps.layout().size();
        double[] wider = new double[eps.nExps() * (w + 1)];
        for (int k = 0; k < eps.nExps(); k++) {
            wider[k * (w + 1)] = 42.0 + k;
            for (int f = 0; f < w; f++) {
                wider[k * (w + 1) + 1 + f] = eps.get(k, f);
            }
        }
        List<String> fields = new ArrayList<>();
        fields.add("unused");
        fields.addAll(eps.layout().fields());
        ExpParams withExtra = ExpParams.of(new ExpLayout(fields), eps.nExps(), wider);
        int[] outcomes = allOutcomes(m, eps);
        assertEquals(m.likelihood(outcomes, c.mps(), eps), m.likelihood(outcomes, c.mps(), withExtra));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void wrongNumberOfModelParameterColumnsIsRejected(Case c) {
        Model m = c.model().get();
        int n = m.nModelParams() + 1;
        ModelParams wide = ModelParams.of(1, n, new double[n]);
        for (Runnable call : List.<Runnable>of(
                () -> m.likelihood(new int[] {0}, wide, c.eps()),
                () -> m.simulateExperiment(wide, c.eps(), 1, TestStreams.of(1)),
                () -> m.areModelsValid(wide))) {
            ParameterException e = assertThrows(ParameterException.class, call::run);
            assertEquals(
                    "modelParams has " + n + " columns but " + m.name() + " has " + m.nModelParams()
                            + " model parameters",
                    e.getMessage());
        }
        assertEquals(0, m.likelihoodCallCount(), "a rejected call is not counted");
        assertEquals(0, m.simulationCount());
    }

    /** The cases whose model reads at least one experiment field (all but the coin). */
    static Stream<Case> casesWithExperimentFields() {
        return cases().filter(c -> c.model().get().expLayout().size() > 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("casesWithExperimentFields")
    void missingExperimentFieldIsRejectedByName(Case c) {
        Model m = c.model().get();
        for (String missing : m.expLayout().fields()) {
            List<String> others = new ArrayList<>(c.eps().layout().fields());
            int dropped = others.indexOf(missing);
            others.remove(dropped);
            int w = c.eps().layout().size();
            double[] values = new double[c.eps().nExps() * (w - 1)];
            int i = 0;
            for (int k = 0; k < c.eps().nExps(); k++) {
                for (int f = 0; f < w; f++) {
                    if (f != dropped) {
                        values[i++] = c.eps().get(k, f);
                    }
                }
            }
            ExpParams without = ExpParams.of(new ExpLayout(others), c.eps().nExps(), values);
            ParameterException e =
                    assertThrows(ParameterException.class, () -> m.likelihood(new int[] {0}, c.mps(), without));
            assertEquals(
                    m.name() + " needs experiment field '" + missing + "' but got layout " + others, e.getMessage());
            assertThrows(ParameterException.class, () -> m.simulateExperiment(c.mps(), without, 1, TestStreams.of(1)));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void unknownOutcomesAreRejected(Case c) {
        Model m = c.model().get();
        int max = allOutcomes(m, c.eps()).length;
        ParameterException negative =
                assertThrows(ParameterException.class, () -> m.likelihood(new int[] {0, -1}, c.mps(), c.eps()));
        assertEquals(
                "outcomes[1] = -1: is not an outcome of " + m.name() + " (outcomes are 0.." + (max - 1) + ")",
                negative.getMessage());
        ParameterException tooLarge =
                assertThrows(ParameterException.class, () -> m.likelihood(new int[] {max}, c.mps(), c.eps()));
        assertEquals(
                "outcomes[0] = " + max + ": is not an outcome of " + m.name() + " (outcomes are 0.." + (max - 1) + ")",
                tooLarge.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void repeatBelowOneIsRejected(Case c) {
        Model m = c.model().get();
        ParameterException e = assertThrows(
                ParameterException.class, () -> m.simulateExperiment(c.mps(), c.eps(), 0, TestStreams.of(1)));
        assertEquals("repeat = 0: must be > 0", e.getMessage());
        assertEquals(0, m.simulationCount());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void simulationHasShapeRepeatModelsExperimentsAndIsReproducible(Case c) {
        Model m = c.model().get();
        Tensor3 data = m.simulateExperiment(c.mps(), c.eps(), 11, TestStreams.of(99));
        assertArrayEquals(new int[] {11, c.mps().nModels(), c.eps().nExps()}, data.shape());
        for (int r = 0; r < 11; r++) {
            for (int j = 0; j < c.mps().nModels(); j++) {
                for (int k = 0; k < c.eps().nExps(); k++) {
                    double d = data.get(r, j, k);
                    assertTrue(d == Math.rint(d) && d >= 0 && d < m.nOutcomes(c.eps(), k), "outcome " + d);
                }
            }
        }
        assertEquals(data, m.simulateExperiment(c.mps(), c.eps(), 11, TestStreams.of(99)));
        // Another seed gives other data (500 repeats: every case has some (model, experiment) with a
        // non-degenerate likelihood, so agreement by chance is astronomically unlikely).
        assertNotEquals(
                m.simulateExperiment(c.mps(), c.eps(), 500, TestStreams.of(99)),
                m.simulateExperiment(c.mps(), c.eps(), 500, TestStreams.of(100)));
    }

    /**
     * With a fixed seed and R = 20 000 draws per (model, experiment), the frequency of each outcome lies within
     * 5 binomial standard errors sqrt(p(1 − p)/R) of its likelihood p. Five standard errors make a false alarm
     * about 6e-7 per comparison (normal approximation), negligible over the few hundred comparisons here; with
     * the seed fixed the test is deterministic anyway. Outcomes with p exactly 0 or 1 must have frequency exactly
     * 0 or 1, which cumulative inversion guarantees.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void simulatedFrequenciesMatchTheLikelihood(Case c) {
        int repeat = 20_000;
        Model m = c.model().get();
        int[] outcomes = allOutcomes(m, c.eps());
        Tensor3 l = m.likelihood(outcomes, c.mps(), c.eps());
        Tensor3 data = m.simulateExperiment(c.mps(), c.eps(), repeat, TestStreams.of(20240601L));
        for (int j = 0; j < c.mps().nModels(); j++) {
            for (int k = 0; k < c.eps().nExps(); k++) {
                int[] counts = new int[outcomes.length];
                for (int r = 0; r < repeat; r++) {
                    counts[(int) data.get(r, j, k)]++;
                }
                for (int o = 0; o < outcomes.length; o++) {
                    double p = l.get(o, j, k);
                    double freq = (double) counts[o] / repeat;
                    double tol = 5 * Math.sqrt(p * (1 - p) / repeat) + 1e-12;
                    assertEquals(p, freq, tol, "outcome " + o + ", model " + j + ", experiment " + k);
                }
            }
        }
    }
}

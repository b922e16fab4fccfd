package io.simrt.models.qinfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import io.simrt.models.ModelParams;
import io.simrt.models.Tensor3;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract of {@link TwoOutcomeModel} ({@code docs/python-semantics.md §1}): the likelihood tensor it lays out
 * from a whole call is, bit for bit, what each (outcome, model, experiment) cell gives on its own, and validity is
 * the model's rule applied row by row. The experiment tables carry an extra field and list the model's fields in
 * reverse order, so the narrowing to the model's own layout is exercised too.
 */
class TwoOutcomeModelTest {
    private static final int[] OUTCOMES = {0, 1, 1, 0};

    record Case(String label, TwoOutcomeModel<?> model, ModelParams mps, ExpParams eps) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case(
                        "SimplePrecession(minFreq 0.2)",
                        SimplePrecessionModel.of(0.2),
                        ModelParams.column(0.1, 0.2, 1.3, 2.5),
                        scrambled(ExpLayout.of("t"), new double[][] {{0}, {0.5}, {3}, {9.75}})),
                new Case(
                        "SimpleInversion",
                        SimpleInversionModel.of(),
                        ModelParams.column(0.3, 1.0, 2.5),
                        scrambled(ExpLayout.of("t", "w_"), new double[][] {{0.5, 0}, {1, 0.9}, {4, 2}})),
                new Case(
                        "UnknownT2 (negative t leaves [0, 1], unclipped)",
                        UnknownT2Model.of(),
                        ModelParams.rows(new double[] {1, 0.5}, new double[] {2, 0}, new double[] {-0.4, 3}),
                        scrambled(ExpLayout.of("t"), new double[][] {{-1}, {0}, {2}, {5}})),
                new Case(
                        "Coin",
                        CoinModel.of(),
                        ModelParams.column(-0.5, 0, 0.3, 1),
                        scrambled(ExpLayout.EMPTY, new double[][] {{}, {}, {}})),
                new Case(
                        "NoisyCoin",
                        NoisyCoinModel.of(),
                        ModelParams.column(0, 0.3, 1, 1.5),
                        scrambled(ExpLayout.of("alpha", "beta"), new double[][] {{0.9, 0.1}, {1, 0}, {0.5, 0.2}})));
    }

    /**
     * A table whose layout is {@code "unused"} followed by the model's fields in reverse order; {@code rows[k]}
     * holds experiment {@code k}'s values in the model's own order.
     */
    private static ExpParams scrambled(ExpLayout own, double[][] rows) {
        List<String> fields = new ArrayList<>(own.fields());
        Collections.reverse(fields);
        fields.add(0, "unused");
        int w = fields.size();
        double[] values = new double[rows.length * w];
        for (int k = 0; k < rows.length; k++) {
            values[k * w] = 100.0 + k;
            for (int f = 0; f < own.size(); f++) {
                values[k * w + fields.indexOf(own.fields().get(f))] = rows[k][f];
            }
        }
        return ExpParams.of(new ExpLayout(fields), rows.length, values);
    }

    /** The same experiments with exactly the model's fields, in the model's order: what {@code pr0} is given. */
    private static ExpParams own(TwoOutcomeModel<?> m, ExpParams eps) {
        ExpLayout layout = m.expLayout();
        if (layout.size() == 0) {
            return ExpParams.empty(eps.nExps());
        }
        double[][] columns = new double[layout.size()][];
        for (int f = 0; f < layout.size(); f++) {
            columns[f] = eps.column(layout.fields().get(f));
        }
        return ExpParams.columns(layout, columns);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachCellOfTheTensorIsPr0OrItsComplementForThatModelAndExperiment(Case c) {
        TwoOutcomeModel<?> m = c.model();
        Tensor3 l = m.likelihood(OUTCOMES, c.mps(), c.eps());
        ExpParams own = own(m, c.eps());
        for (int i = 0; i < OUTCOMES.length; i++) {
            for (int j = 0; j < c.mps().nModels(); j++) {
                for (int k = 0; k < c.eps().nExps(); k++) {
                    double p = m.pr0(c.mps(), j, own, k);
                    assertEquals(
                            OUTCOMES[i] == 0 ? p : 1 - p,
                            l.get(i, j, k),
                            "outcome " + OUTCOMES[i] + ", model " + j + ", experiment " + k);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theTensorOfAWholeCallEqualsOneCallPerCell(Case c) {
        TwoOutcomeModel<?> m = c.model();
        Tensor3 l = m.likelihood(OUTCOMES, c.mps(), c.eps());
        for (int i = 0; i < OUTCOMES.length; i++) {
            for (int j = 0; j < c.mps().nModels(); j++) {
                for (int k = 0; k < c.eps().nExps(); k++) {
                    Tensor3 alone = m.likelihood(
                            new int[] {OUTCOMES[i]},
                            c.mps().rows(j, j + 1),
                            c.eps().rows(k, k + 1));
                    assertEquals(
                            alone.get(0, 0, 0),
                            l.get(i, j, k),
                            "outcome " + OUTCOMES[i] + ", model " + j + ", experiment " + k);
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void validityIsTheModelsRuleAppliedRowByRow(Case c) {
        TwoOutcomeModel<?> m = c.model();
        boolean[] valid = m.areModelsValid(c.mps());
        assertEquals(c.mps().nModels(), valid.length);
        for (int j = 0; j < valid.length; j++) {
            assertEquals(m.isValid(c.mps(), j), valid[j], "model " + j);
            assertEquals(m.areModelsValid(c.mps().rows(j, j + 1))[0], valid[j], "model " + j + " alone");
        }
    }

    /** Equality is by class and spec: models whose specs are both empty, or hold the same number, still differ. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aModelEqualsOnlyModelsOfItsOwnClass(Case c) {
        cases().map(Case::model)
                .filter(other -> other.getClass() != c.model().getClass())
                .forEach(other -> assertNotEquals(c.model(), other, other.name()));
        assertNotEquals(SimplePrecessionModel.of(0.3), SimpleInversionModel.of(0.3));
        assertNotEquals(CoinModel.of(), NoisyCoinModel.of());
    }
}

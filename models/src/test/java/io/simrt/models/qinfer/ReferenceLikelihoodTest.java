package io.simrt.models.qinfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simrt.models.ExpParams;
import io.simrt.models.Model;
import io.simrt.models.ModelParams;
import io.simrt.models.Tensor3;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * docs/reference-values.md §1: QInfer's own likelihoods. The reference values are printed to 12 decimals, so they carry
 * a rounding error of at most 5e-13; every entry is compared with the absolute tolerance 1e-11, a hundred times tighter
 * than the 1e-9 a likelihood needs to match. The 3.7494e-33 entry is small enough that only an absolute comparison means anything there;
 * it is additionally checked to its 5 printed digits.
 */
class ReferenceLikelihoodTest {
    private static final double TOL = 1e-11;

    static List<ReferenceValues.Row> rows() {
        return ReferenceValues.load();
    }

    private static Model model(String name) {
        return switch (name) {
            case "SimplePrecessionModel" -> SimplePrecessionModel.of();
            case "UnknownT2Model" -> UnknownT2Model.of();
            case "BinomialModel(SimplePrecessionModel)" -> BinomialModel.of(SimplePrecessionModel.of());
            default -> throw new IllegalArgumentException("no model called " + name);
        };
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachReferenceValue(ReferenceValues.Row row) {
        Model m = model(row.model());
        assertEquals(row.model(), m.name());
        Tensor3 l = m.likelihood(new int[] {row.outcome()}, row.modelParams(), row.experiment());
        assertArrayEquals(new int[] {1, 1, 1}, l.shape());
        assertEquals(row.expected(), l.get(0, 0, 0), TOL, row::toString);
    }

    @Test
    void fileHoldsEveryReferenceLikelihood() {
        List<ReferenceValues.Row> rows = rows();
        assertEquals(
                18,
                rows.stream()
                        .filter(r -> r.model().equals("SimplePrecessionModel"))
                        .count());
        assertEquals(
                2, rows.stream().filter(r -> r.model().equals("UnknownT2Model")).count());
        assertEquals(
                4,
                rows.stream().filter(r -> r.model().startsWith("BinomialModel")).count());
    }

    /** The whole table as one call, as QInfer computed it: outcomes [0, 1], omega [0.5, 1, 2], t [1, 2, pi]. */
    @Test
    void simplePrecessionTableInOneCall() {
        double[] omegas = {0.5, 1.0, 2.0};
        double[] times = {1.0, 2.0, Math.PI};
        Tensor3 l = SimplePrecessionModel.of()
                .likelihood(new int[] {0, 1}, ModelParams.column(omegas), ExpParams.times(times));
        assertArrayEquals(new int[] {2, 3, 3}, l.shape());
        int checked = 0;
        for (ReferenceValues.Row row : rows()) {
            if (!row.model().equals("SimplePrecessionModel")) {
                continue;
            }
            int j = indexOf(omegas, row.params()[0]);
            int k = indexOf(times, row.experiment().get(0, 0));
            assertEquals(row.expected(), l.get(row.outcome(), j, k), TOL, row::toString);
            checked++;
        }
        assertEquals(18, checked);
        // cos²(π/2) = cos(π/2 in double)² = (6.123233995736766e-17)², printed by QInfer as 3.7494e-33.
        assertEquals(3.7494e-33, l.get(0, 1, 2), 0.00005e-33);
    }

    private static int indexOf(double[] values, double v) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == v) {
                return i;
            }
        }
        throw new IllegalArgumentException(v + " not in the table");
    }
}

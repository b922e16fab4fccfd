package io.simrt.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The base class's argument checks, counters and cumulative-inversion simulation, on a three-outcome toy. */
class FiniteOutcomeModelTest {

    /** Pr(o) = (0.2, 0.3, 0.5) whatever the parameters; reads field "t" but ignores it. */
    private static final class ThreeOutcomes extends FiniteOutcomeModel {
        @Override
        protected void computeLikelihood(int[] outcomes, ModelParams mps, ExpParams eps, double[] out) {
            double[] p = {0.2, 0.3, 0.5};
            int n = mps.nModels() * eps.nExps();
            for (int i = 0; i < outcomes.length; i++) {
                for (int c = 0; c < n; c++) {
                    out[i * n + c] = p[outcomes[i]];
                }
            }
        }

        @Override
        public String name() {
            return "ThreeOutcomes";
        }

        @Override
        public int nModelParams() {
            return 1;
        }

        @Override
        public List<String> modelParamNames() {
            return List.of("x");
        }

        @Override
        public ExpLayout expLayout() {
            return ExpLayout.of("t");
        }

        @Override
        public boolean isNOutcomesConstant() {
            return true;
        }

        @Override
        public int nOutcomes(ExpParams eps, int k) {
            return 3;
        }

        @Override
        public boolean[] areModelsValid(ModelParams mps) {
            return new boolean[mps.nModels()];
        }

        @Override
        public ModelSpec<Model> spec() {
            return ThreeOutcomes::new;
        }
    }

    /** Returns the given uniforms in turn. */
    private record Scripted(double[] u, int[] next) implements RandomStream {
        Scripted(double... u) {
            this(u, new int[1]);
        }

        @Override
        public double nextDouble() {
            return u[next[0]++];
        }

        @Override
        public double nextGaussian() {
            throw new UnsupportedOperationException();
        }

        @Override
        public long nextLong() {
            throw new UnsupportedOperationException();
        }

        @Override
        public RngFamily family() {
            return RngFamily.FAST;
        }
    }

    @Test
    void simulationInvertsTheCumulativeLikelihoodInRowMajorOrder() {
        Model m = new ThreeOutcomes();
        // cdf = 0.2, 0.5, 1.0: u < 0.2 -> 0, u in [0.2, 0.5) -> 1, else 2; a u at the boundary goes up.
        Tensor3 data = m.simulateExperiment(
                ModelParams.column(0, 0),
                ExpParams.times(1, 2),
                2,
                new Scripted(0.0, 0.2, 0.49, 0.5, 0.999, 0.1, 0.3, 0.7));
        assertArrayEquals(new int[] {2, 2, 2}, data.shape());
        assertArrayEquals(new double[] {0, 1, 1, 2, 2, 0, 1, 2}, data.toArray());
        assertEquals(8, m.simulationCount());
        assertEquals(0, m.likelihoodCallCount());
    }

    @Test
    void countersFollowQInfer() {
        Model m = new ThreeOutcomes();
        m.likelihood(new int[] {0, 2}, ModelParams.column(1, 2, 3), ExpParams.times(1, 2, 3, 4));
        assertEquals(2 * 3 * 4, m.likelihoodCallCount());
    }

    @Test
    void badArgumentsAreRejectedNamingValueAndRule() {
        Model m = new ThreeOutcomes();
        ParameterException outcome = assertThrows(
                ParameterException.class,
                () -> m.likelihood(new int[] {0, 3}, ModelParams.column(1), ExpParams.times(1)));
        assertEquals("outcomes[1] = 3: is not an outcome of ThreeOutcomes (outcomes are 0..2)", outcome.getMessage());
        assertThrows(
                ParameterException.class,
                () -> m.likelihood(new int[] {-1}, ModelParams.column(1), ExpParams.times(1)));
        ParameterException layout = assertThrows(
                ParameterException.class, () -> m.likelihood(new int[] {0}, ModelParams.column(1), ExpParams.empty(1)));
        assertTrue(layout.getMessage().contains("needs experiment field 't'"), layout.getMessage());
        ParameterException width = assertThrows(
                ParameterException.class,
                () -> m.likelihood(new int[] {0}, ModelParams.of(1, 2, 1, 2), ExpParams.times(1)));
        assertTrue(width.getMessage().contains("has 2 columns"), width.getMessage());
        ParameterException repeat = assertThrows(
                ParameterException.class,
                () -> m.simulateExperiment(ModelParams.column(1), ExpParams.times(1), 0, new Scripted()));
        assertEquals("repeat = 0: must be > 0", repeat.getMessage());
    }
}

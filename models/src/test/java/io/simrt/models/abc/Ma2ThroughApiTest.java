package io.simrt.models.abc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.ma2.Ma2Abc;
import io.simrt.models.ma2.Ma2Definition;
import io.simrt.models.random.RandomStreams;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** MA2 through the API gives the built-in {@link Ma2Abc}'s prior draws, densities and distances bit for bit. */
class Ma2ThroughApiTest {
    private static final long[] SEEDS = {20170530, 1, 4242};
    private static final int[] BATCH_SIZES = {1, 7, 100, 1000};

    /** nObs 5 and 200 lie outside Ma2Model's fused range [10, 129], 10, 100 and 129 inside. */
    @ParameterizedTest
    @ValueSource(ints = {5, 10, 100, 129, 200})
    void functionAndBatchFormsEqualTheBuiltIn(int nObs) {
        Ma2Abc builtIn = Ma2Abc.ofObservedData(Ma2Definition.observedSeries(nObs));
        AbcModel function = Ma2Definition.builder(nObs, false).build();
        AbcModel batch = Ma2Definition.builder(nObs, true).build();
        for (long seed : SEEDS) {
            for (int n : BATCH_SIZES) {
                double[] expected = run(builtIn, seed, n);
                String at = "nObs " + nObs + ", seed " + seed + ", batch " + n;
                assertArrayEquals(expected, run(function, seed, n), "function form, " + at);
                assertArrayEquals(expected, run(batch, seed, n), "batch form, " + at);
            }
        }
    }

    @Test
    void roundTripThroughDefinitionAndSpec() {
        Ma2Abc builtIn = Ma2Abc.ofObservedData(Ma2Definition.observedSeries(Ma2Definition.N_OBS));
        AbcModel defined = AbcModels.fromDefinition(Ma2Definition.class);
        AbcModel rebuilt = defined.spec().build();
        AbcModel byName = AbcModels.fromDefinition(Ma2Definition.class.getName());
        assertEquals(List.of("t1", "t2"), rebuilt.parameterNames());
        assertEquals(defined.spec(), rebuilt.spec());
        assertEquals(defined.spec(), byName.spec());
        for (long seed : SEEDS) {
            double[] expected = run(builtIn, seed, 500);
            assertArrayEquals(expected, run(defined, seed, 500), "defined, seed " + seed);
            assertArrayEquals(expected, run(rebuilt, seed, 500), "rebuilt from its spec, seed " + seed);
        }
    }

    @Test
    void priorDensityEqualsTheTriangle() {
        Ma2Abc builtIn = Ma2Abc.ofObservedData(Ma2Definition.observedSeries(100));
        AbcModel api = Ma2Definition.builder(100, false).build();
        double[] p = {0.1, 0.2, -1.5, 0.9, 3, 0, 0.5, -0.9, Double.NaN, 0};
        for (int row = 0; row < 5; row++) {
            assertEquals(builtIn.priorDensity(p, row), api.priorDensity(p, row), 0.0, "row " + row);
        }
    }

    /**
     * Batch {@code block(1)} of {@code seed} with {@code batchSize} rows: the prior draws followed by the distances,
     * in one array.
     */
    static double[] run(AbcModel model, long seed, int batchSize) {
        RandomStream rng = RandomStreams.of(RngFamily.ELFI, seed).block(1);
        double[] p = new double[2 * batchSize];
        model.samplePrior(batchSize, rng, p);
        double[] d = new double[batchSize];
        model.simulateDistances(p, batchSize, rng, d);
        double[] both = new double[3 * batchSize];
        System.arraycopy(p, 0, both, 0, 2 * batchSize);
        System.arraycopy(d, 0, both, 2 * batchSize, batchSize);
        return both;
    }
}

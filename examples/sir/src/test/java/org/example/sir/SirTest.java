package org.example.sir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.RandomStream;
import io.simrt.models.RngFamily;
import io.simrt.models.abc.AbcModel;
import io.simrt.models.abc.AbcModels;
import io.simrt.models.random.RandomStreams;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The SIR model before it goes anywhere near an engine: the simulator, the prior, the streams, the data. */
class SirTest {
    private static final AbcModel MODEL = AbcModels.fromDefinition(Sir.class);

    private static RandomStream stream(long seed) {
        return RandomStreams.of(RngFamily.FAST, seed).block(0);
    }

    @Test
    void everyEpidemicConservesThePopulationAndMovesOneWay() {
        RandomStream rng = stream(1);
        double[] theta = new double[2 * 200];
        MODEL.samplePrior(200, rng, theta);
        for (int row = 0; row < 200; row++) {
            int[] last = {Sir.N - Sir.I0, Sir.I0, 0};
            Sir.EPIDEMIC.run(theta[2 * row], theta[2 * row + 1], rng, (k, s, i, r) -> {
                assertEquals(Sir.N, s + i + r, "S + I + R at observation " + k);
                assertTrue(s >= 0 && i >= 0 && r >= 0, "counts stay >= 0");
                assertTrue(s <= last[0] && r >= last[2], "S only falls and R only grows");
                last[0] = s;
                last[2] = r;
            });
        }
    }

    @Test
    void priorSamplesLieInTheirRanges() {
        int n = 10_000;
        double[] theta = new double[2 * n];
        MODEL.samplePrior(n, stream(2), theta);
        for (int row = 0; row < n; row++) {
            double beta = theta[2 * row];
            double gamma = theta[2 * row + 1];
            assertTrue(beta >= 0.1 && beta <= 1.5, "beta " + beta);
            assertTrue(gamma >= 0.05 && gamma <= 0.5, "gamma " + gamma);
            assertTrue(MODEL.priorDensity(theta, row) > 0);
        }
        assertEquals(0.0, MODEL.priorDensity(new double[] {2.0, 0.2}, 0), "beta above its range");
    }

    @Test
    void theSameStreamGivesTheSameDataAndDistances() {
        double[] theta = {0.6, 0.2, 1.1, 0.3, 0.3, 0.25};
        double[] a = new double[3 * Sir.EPIDEMIC.observations()];
        double[] b = new double[a.length];
        Sir.simulateBatch(theta, 3, stream(3), a);
        Sir.simulateBatch(theta, 3, stream(3), b);
        assertArrayEquals(a, b);
        double[] da = new double[3];
        double[] db = new double[3];
        MODEL.simulateDistances(theta, 3, stream(4), da);
        MODEL.simulateDistances(theta, 3, stream(4), db);
        assertArrayEquals(da, db);
    }

    @Test
    void theFunctionFormGivesWhatTheBatchFormGives() {
        AbcModel functionForm = new Sir().define().simulator(Sir.FUNCTION_FORM).build();
        int n = 500;
        double[] theta = new double[2 * n];
        MODEL.samplePrior(n, stream(5), theta);
        double[] batch = new double[n];
        double[] function = new double[n];
        MODEL.simulateDistances(theta, n, stream(6), batch);
        functionForm.simulateDistances(theta, n, stream(6), function);
        assertArrayEquals(batch, function); // bit for bit: both draw row after row from one stream
    }

    @Test
    void theObservedCsvIsTheDocumentedSimulation() {
        // SimulateObserved's javadoc gives the command that wrote observed.csv: beta 0.6, gamma 0.2, seed 2026
        assertArrayEquals(SimulateObserved.simulate(0.6, 0.2, 2026), ObservedCsv.read(Sir.class, Sir.OBSERVED));
    }

    /**
     * The summaries carry the information: of 20,000 prior simulations (seed 7), the 1% nearest the observed data
     * have means within 0.1 of beta = 0.6 and 0.04 of gamma = 0.2, where the prior's means are 0.8 and 0.275.
     */
    @Test
    void theNearestSimulationsSitNearTheTrueParameters() {
        int n = 20_000;
        double[] theta = new double[2 * n];
        double[] d = new double[n];
        RandomStream rng = stream(7);
        MODEL.samplePrior(n, rng, theta);
        MODEL.simulateDistances(theta, n, rng, d);
        int[] nearest = IntStream.range(0, n)
                .boxed()
                .sorted(Comparator.comparingDouble(i -> d[i]))
                .limit(n / 100)
                .mapToInt(Integer::intValue)
                .toArray();
        double beta =
                Arrays.stream(nearest).mapToDouble(i -> theta[2 * i]).average().orElseThrow();
        double gamma = Arrays.stream(nearest)
                .mapToDouble(i -> theta[2 * i + 1])
                .average()
                .orElseThrow();
        assertEquals(0.6, beta, 0.1, "beta");
        assertEquals(0.2, gamma, 0.04, "gamma");
    }
}

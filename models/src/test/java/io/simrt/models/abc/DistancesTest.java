package io.simrt.models.abc;

import static io.simrt.models.abc.PriorsTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.models.ma2.EuclideanDistance;
import io.simrt.models.ma2.Ma2Definition;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistancesTest {
    private static final double[] S = {1, 5, -2};
    private static final double[] O = {4, 1, -2};

    @Test
    void valuesByHand() {
        assertEquals(5.0, Distances.euclidean().between(S, O), 0.0); // sqrt(9 + 16 + 0)
        assertEquals(7.0, Distances.manhattan().between(S, O), 0.0); // 3 + 4 + 0
        assertEquals(Math.sqrt(36 + 4 + 0), Distances.weighted(2, 0.5, 7).between(S, O), 0.0); // (2*3)^2 + (0.5*4)^2
        assertTrue(Double.isNaN(Distances.euclidean().between(new double[] {Double.NaN, 0, 0}, O)));
    }

    @Test
    void euclideanEqualsTheBuiltInBitForBit() {
        EuclideanDistance builtIn = EuclideanDistance.of(0.6222141127726671, 0.16831748769474358);
        double[] obs = {builtIn.s1Obs(), builtIn.s2Obs()};
        double x = 0.1;
        for (int i = 0; i < 1000; i++) {
            x = (x * 3.9) % 1.7 - 0.3;
            double y = x * x - 0.2;
            assertEquals(builtIn.distance(x, y), Distances.euclidean().between(new double[] {x, y}, obs), 0.0);
        }
    }

    @Test
    void weightsAreChecked() {
        assertMessage(() -> Distances.weighted(1, -1), "weights[1] = -1.0", ">= 0");
        assertMessage(() -> Distances.weighted(), "one weight per summary");
        assertMessage(() -> Distances.adaptive(1), "adaptive pilotSize = 1", ">= 2");
        assertMessage(
                () -> Ma2Definition.builder(20, false)
                        .distance(Distances.weighted(1, 2, 3))
                        .build(),
                "3 distance weights for 2 summaries");
    }

    /**
     * The pilot's scales (MAD of each summary) are computed once when a definition is built, carried by the spec,
     * the same at every build, and the rebuilt model uses them without running the pilot again.
     */
    @Test
    void adaptiveScalesAreDeterministicAndCarriedBySpec() {
        AbcModel a = AbcModels.fromDefinition(AdaptiveMa2.class);
        AbcModel b = AbcModels.fromDefinition(AdaptiveMa2.class);
        DefinitionSpec spec = (DefinitionSpec) a.spec();
        double[] scales = spec.distanceScales();
        assertEquals(2, scales.length);
        assertTrue(
                scales[0] > 0 && scales[1] > 0,
                () -> List.of(scales[0], scales[1]).toString());
        assertEquals(spec, b.spec());
        // the weights are 1 / scale: distance of a summary vector one scale away in S1 only is 1
        DefinedAbcModel built = (DefinedAbcModel) spec.build();
        double[] obs = built.observedSummaries();
        double[] sim = {obs[0] + scales[0], obs[1]};
        assertEquals(1.0, AdaptiveDistance.withScales(scales).between(sim, obs), 1e-15);
        // carried scales win over a pilot: different scales give a different model
        DefinitionSpec other =
                new DefinitionSpec(spec.definitionClass(), spec.observedData(), new double[] {1, 1}, spec.onError());
        double[] d1 = Ma2ThroughApiTest.run(spec.build(), 3, 10);
        double[] d2 = Ma2ThroughApiTest.run(other.build(), 3, 10);
        assertFalse(Arrays.equals(d1, d2));
        assertArrayEquals(d1, Ma2ThroughApiTest.run(a, 3, 10));
    }

    @Test
    void anUnscaledAdaptiveDistanceCannotMeasure() {
        assertThrows(IllegalStateException.class, () -> Distances.adaptive(10).between(S, O));
    }

    /** MA2 with an adaptive distance over a pilot of 500. */
    public static final class AdaptiveMa2 implements AbcDefinition {
        @Override
        public AbcBuilder define() {
            return Ma2Definition.builder(50, false).distance(Distances.adaptive(500));
        }
    }
}

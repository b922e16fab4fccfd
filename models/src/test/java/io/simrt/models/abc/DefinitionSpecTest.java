package io.simrt.models.abc;

import static io.simrt.models.abc.PriorsTest.assertMessage;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.simrt.models.ModelSpec;
import io.simrt.models.ma2.Ma2Definition;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefinitionSpecTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void roundTripsThroughJackson() throws Exception {
        DefinitionSpec spec = (DefinitionSpec)
                AbcModels.fromDefinition(DistancesTest.AdaptiveMa2.class).spec();
        String text = json.writeValueAsString(spec);
        DefinitionSpec back = json.readValue(text, DefinitionSpec.class);
        assertEquals(spec, back);
        assertEquals(spec.hashCode(), back.hashCode());
        assertArrayEquals(spec.distanceScales(), back.distanceScales());
        assertArrayEquals(Ma2ThroughApiTest.run(spec.build(), 11, 20), Ma2ThroughApiTest.run(back.build(), 11, 20));
    }

    @Test
    void namesItsClassAndOwnsItsArrays() {
        double[] data = {1, 2, 3};
        DefinitionSpec spec = new DefinitionSpec("a.B", data, null, OnSimulationError.SKIP);
        data[0] = 9;
        spec.observedData()[1] = 9;
        assertArrayEquals(new double[] {1, 2, 3}, spec.observedData());
        assertArrayEquals(new double[0], spec.distanceScales());
        assertEquals(List.of("a.B"), spec.classNames());
        ModelSpec<AbcModel> plain = () -> null;
        assertEquals(List.of(), plain.classNames());
    }

    @Test
    void carriesTheErrorPolicy() {
        DefinitionSpec spec =
                (DefinitionSpec) AbcModels.fromDefinition(Ma2Definition.class).spec();
        assertEquals(OnSimulationError.FAIL, spec.onError());
        DefinitionSpec skip = new DefinitionSpec(
                spec.definitionClass(), spec.observedData(), spec.distanceScales(), OnSimulationError.SKIP);
        assertEquals(OnSimulationError.SKIP, ((DefinedAbcModel) skip.build()).onSimulationError());
    }

    @Test
    void badClassesAreRefusedClearly() {
        DefinitionSpec notADefinition =
                new DefinitionSpec("java.lang.String", new double[] {1}, null, OnSimulationError.FAIL);
        assertMessage(notADefinition::build, "class java.lang.String is not an AbcDefinition");
        DefinitionSpec missing = new DefinitionSpec("com.example.Nope", new double[] {1}, null, OnSimulationError.FAIL);
        assertMessage(missing::build, "com.example.Nope cannot be loaded");
        assertMessage(() -> AbcModels.fromDefinition("com.example.Nope"), "com.example.Nope cannot be loaded");
        assertMessage(() -> AbcModels.fromDefinition(NoDefaultConstructor.class), "public no-argument constructor");
    }

    @Test
    void aModelBuiltInCodeExplainsWhyItCannotTravel() {
        ModelSpec<AbcModel> spec = Ma2Definition.builder(20, false).build().spec();
        assertInstanceOf(BuilderSpec.class, spec);
        assertMessage(spec::build, "cannot be rebuilt on an engine", "AbcDefinition", "fromDefinition");
    }

    @Test
    void builderChecksThePartsFit() {
        assertMessage(() -> AbcModels.builder("x").build(), "model 'x' has no parameters");
        assertMessage(
                () -> AbcModels.builder("x")
                        .parameter("a", Priors.uniform(0, 1))
                        .build(),
                "has no simulator");
        assertMessage(
                () -> AbcModels.builder("x")
                        .parameter("a", Priors.uniform(0, 1))
                        .parameter("a", Priors.uniform(0, 1)),
                "parameter 'a' is defined twice");
        assertMessage(
                () -> AbcModels.builder("x").parameters(List.of("a"), io.simrt.models.ma2.TrianglePrior.standard()),
                "covers 2 columns, so give 2 names");
        assertMessage(
                () -> Ma2Definition.builder(20, true).observed(new double[19]).build(),
                "observed data has 19 values but the batch simulator writes 20 per row");
        assertMessage(
                () -> Ma2Definition.builder(20, false)
                        .summary("inf", x -> Double.POSITIVE_INFINITY)
                        .build(),
                "summary 'inf' of the observed data = Infinity");
    }

    /** Not instantiable by the spec. */
    public static final class NoDefaultConstructor implements AbcDefinition {
        public NoDefaultConstructor(int unused) {}

        @Override
        public AbcBuilder define() {
            return null;
        }
    }
}

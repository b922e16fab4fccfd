package io.simrt.runtime.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.simrt.api.Fn;
import io.simrt.api.StarFn;
import io.simrt.api.Task;
import io.simrt.config.SimrtSettings;
import io.simrt.models.ModelSpec;
import io.simrt.models.qinfer.SimplePrecessionModel;
import io.simrt.runtime.testtasks.Tasks;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One rule for what a name on the wire may become, and every codec keeps it with the same exception. */
class AllowedClassesTest {
    private final AllowedClasses simrtOnly = AllowedClasses.of(List.of("io.simrt.models."));

    @Test
    void theDefaultsAllowSimrtClassesAndNothingElse() {
        AllowedClasses defaults =
                AllowedClasses.of(SimrtSettings.load().engine().allowedPackages());
        assertTrue(defaults.allows("io.simrt.models.ma2.Ma2Abc$Spec"));
        assertFalse(defaults.allows("java.lang.Runtime"));
        assertFalse(defaults.allows("io.simrtx.Evil"), "a prefix ends with its dot");
    }

    @Test
    void aRefusalNamesTheClassThePackagesAndWhoRefused() {
        ClassNotAllowedException e = assertThrows(
                ClassNotAllowedException.class, () -> simrtOnly.check("task", "com.example.Evil", "engine host:1/e0"));
        assertEquals(
                "task class com.example.Evil is not in the allowed packages [io.simrt.models.] of engine "
                        + "host:1/e0 (simrt.engine.allowed-packages)",
                e.getMessage());
        simrtOnly.check("model", "io.simrt.models.Anything", "");
    }

    @Test
    void aClassOfTheWrongKindIsRefused() {
        AllowedClasses.requireKind(Tasks.Square.class, Task.class, Fn.class, StarFn.class);
        ClassNotAllowedException e = assertThrows(
                ClassNotAllowedException.class,
                () -> AllowedClasses.requireKind(String.class, Task.class, Fn.class, StarFn.class));
        assertEquals("java.lang.String is not a Task, Fn or StarFn", e.getMessage());
        e = assertThrows(
                ClassNotAllowedException.class, () -> AllowedClasses.requireKind(String.class, ModelSpec.class));
        assertEquals("java.lang.String is not a ModelSpec", e.getMessage());
    }

    @Test
    void aBlankPrefixWouldAllowEverythingAndIsRefused() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> AllowedClasses.of(List.of("io.simrt.", " ")));
        assertTrue(e.getMessage().contains("blank prefix"), e.getMessage());
    }

    @Test
    void everyCodecRefusesAClassOutsideThePackagesWithTheSameException() {
        AllowedClasses all = AllowedClasses.of(List.of("io.simrt."));
        SpecEnvelope spec = new SpecCodec(all).encode(SimplePrecessionModel.of().spec());
        assertThrows(
                ClassNotAllowedException.class,
                () -> new SpecCodec(AllowedClasses.of(List.of("io.simrt.runtime."))).decode(spec));

        TaskEnvelope task = new TaskCodec(all).encode(new Tasks.Square());
        ClassNotAllowedException t =
                assertThrows(ClassNotAllowedException.class, () -> new TaskCodec(simrtOnly).decode(task, "e7"));
        assertTrue(t.getMessage().contains("of engine e7"), t.getMessage());

        Payload value = new ValueCodec(all).encode(List.of(new Tasks.Square()));
        assertThrows(ClassNotAllowedException.class, () -> new ValueCodec(simrtOnly).decode(value));
    }
}

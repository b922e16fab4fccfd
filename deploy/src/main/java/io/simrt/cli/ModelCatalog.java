package io.simrt.cli;

import io.simrt.models.abc.AbcBuilder;
import io.simrt.models.abc.AbcDefinition;
import io.simrt.models.ma2.Ma2Abc;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Every model the command line knows by name: built in, or defined by an {@link AbcDefinition} that a jar declares as
 * a {@code ServiceLoader} provider ({@code META-INF/services/io.simrt.models.abc.AbcDefinition}), on the class path or
 * in the {@code --model-jar} jars. A provider's name is its model's name, so it is built to be listed.
 */
final class ModelCatalog {
    /** One model: the command that runs it ({@code abc} covers abc-smc), its name, class and one-line description. */
    record Entry(String command, String name, String className, String description) {}

    private ModelCatalog() {}

    static List<Entry> list(ModelClassLoader code) {
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry("abc", "ma2", Ma2Abc.class.getName(), BuiltInAbcModels.MA2_DESCRIPTION));
        for (Class<? extends AbcDefinition> type : providers(code)) {
            entries.add(provided(type));
        }
        for (SmcModels.BuiltIn b : SmcModels.BUILT_IN) {
            entries.add(new Entry("smc", b.name(), b.type().getName(), b.description()));
        }
        return entries;
    }

    /** Names {@code --model} of abc and abc-smc accepts. */
    static List<String> abcNames(ModelClassLoader code) {
        List<String> names = new ArrayList<>(BuiltInAbcModels.NAMES);
        for (Class<? extends AbcDefinition> type : providers(code)) {
            names.add(provided(type).name());
        }
        return names;
    }

    /** The provider whose model is called {@code name}, if any. */
    static Optional<Class<? extends AbcDefinition>> provider(String name, ModelClassLoader code) {
        return providers(code).stream()
                .filter(t -> provided(t).name().equals(name))
                .findFirst();
    }

    private static List<Class<? extends AbcDefinition>> providers(ModelClassLoader code) {
        try {
            return ServiceLoader.load(AbcDefinition.class, code.loader()).stream()
                    .map(ServiceLoader.Provider::type)
                    .toList();
        } catch (ServiceConfigurationError e) {
            throw new UsageException("a ServiceLoader declaration of " + AbcDefinition.class.getName() + " is broken: "
                    + e.getMessage());
        }
    }

    /** A provider's name and description from its definition, without building the model (files, pilots). */
    private static Entry provided(Class<? extends AbcDefinition> type) {
        try {
            AbcDefinition definition = UserClasses.instantiate("--model", type);
            AbcBuilder b = definition.define();
            String description = definition.description().isBlank()
                    ? "ABC model definition, parameters " + String.join(", ", b.parameterNames())
                    : definition.description();
            return new Entry("abc", b.name(), type.getName(), description);
        } catch (RuntimeException e) {
            return new Entry("abc", type.getSimpleName(), type.getName(), "does not define: " + e.getMessage());
        }
    }
}

package io.simrt.models.abc;

import io.simrt.models.ParameterException;

/**
 * Entry points of the model-definition API: {@link #builder} composes a model in code, {@link #fromDefinition}
 * builds one from an {@link AbcDefinition} class so that its spec can travel to engines.
 *
 * <pre>{@code
 * AbcModel model = AbcModels.builder("ma2")
 *         .parameters(List.of("t1", "t2"), trianglePrior)
 *         .simulator((theta, rng) -> ma2(theta[0], theta[1], rng))
 *         .summary("S1", Summaries.autocov(1))
 *         .summary("S2", Summaries.autocov(2))
 *         .distance(Distances.euclidean())
 *         .observed(y)
 *         .build();
 * }</pre>
 */
public final class AbcModels {
    private AbcModels() {}

    /** A new builder for a model called {@code name}. */
    public static AbcBuilder builder(String name) {
        return new AbcBuilder(name);
    }

    /**
     * Instantiates {@code definition}, calls {@link AbcDefinition#define()} and builds the model here: the observed
     * data is read and an adaptive distance's pilot is run on this side. The model's {@link AbcModel#spec()} is a
     * {@link DefinitionSpec} carrying them.
     *
     * @throws ParameterException if the class is not a usable definition or the model does not build
     */
    public static AbcModel fromDefinition(Class<? extends AbcDefinition> definition) {
        if (definition == null) {
            throw ParameterException.of("definition", null, "must be given");
        }
        return Definitions.build(definition, null);
    }

    /**
     * {@link #fromDefinition(Class)} for a class named {@code className}, loaded through the thread's context class
     * loader (the models module's own loader if there is none).
     *
     * @throws ParameterException if the class cannot be loaded or is not a usable definition
     */
    public static AbcModel fromDefinition(String className) {
        if (className == null || className.isBlank()) {
            throw ParameterException.of("definition class", className, "must be a class name");
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = AbcModels.class.getClassLoader();
        }
        try {
            return Definitions.build(Class.forName(className, false, loader), null);
        } catch (ClassNotFoundException | LinkageError e) {
            throw ParameterException.because("model definition class " + className + " cannot be loaded: " + e);
        }
    }
}

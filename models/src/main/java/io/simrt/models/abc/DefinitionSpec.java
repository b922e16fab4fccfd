package io.simrt.models.abc;

import io.simrt.models.ModelSpec;
import io.simrt.models.ParameterException;
import java.util.Arrays;
import java.util.List;

/**
 * The spec of a model defined by an {@link AbcDefinition} class: plain data (serialized as JSON) from which an engine
 * rebuilds the model. {@link #build()} loads the class by name through the thread's context class loader (the models
 * module's own loader if there is none), checks that it is an {@link AbcDefinition}, instantiates it, calls
 * {@link AbcDefinition#define()} and builds with the carried observed data, distance scales and error policy: the
 * engine never reads the observed-data file nor runs the pilot of an adaptive distance again.
 *
 * <p>The record owns copies of its arrays: the constructor copies them in and the accessors copy them out.
 *
 * @param definitionClass the fully qualified name of the {@link AbcDefinition} class
 * @param observedData    the observed data as the caller read it
 * @param distanceScales  the adaptive distance's scales (one per summary), empty if the distance is not adaptive
 * @param onError         what a throwing simulator does to its batch
 */
public record DefinitionSpec(
        String definitionClass, double[] observedData, double[] distanceScales, OnSimulationError onError)
        implements ModelSpec<AbcModel> {

    public DefinitionSpec {
        if (definitionClass == null || definitionClass.isBlank()) {
            throw ParameterException.of("definitionClass", definitionClass, "must name an AbcDefinition class");
        }
        if (observedData == null || observedData.length == 0) {
            throw ParameterException.because("definition spec of " + definitionClass + ": no observed data");
        }
        if (onError == null) {
            throw ParameterException.of("onError", null, "must be FAIL or SKIP");
        }
        observedData = observedData.clone();
        distanceScales = distanceScales == null ? new double[0] : distanceScales.clone();
    }

    @Override
    public double[] observedData() {
        return observedData.clone();
    }

    @Override
    public double[] distanceScales() {
        return distanceScales.clone();
    }

    /** {@code [definitionClass]}. */
    @Override
    public List<String> classNames() {
        return List.of(definitionClass);
    }

    /**
     * @throws ParameterException if the class cannot be found, is not an {@link AbcDefinition}, has no public
     *     no-argument constructor, or its builder does not build with the carried values
     */
    @Override
    public AbcModel build() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = DefinitionSpec.class.getClassLoader();
        }
        Class<?> type;
        try {
            type = Class.forName(definitionClass, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            throw ParameterException.because("model definition class " + definitionClass + " cannot be loaded: " + e);
        }
        return Definitions.build(type, this);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DefinitionSpec s
                && s.definitionClass.equals(definitionClass)
                && Arrays.equals(s.observedData, observedData)
                && Arrays.equals(s.distanceScales, distanceScales)
                && s.onError == onError;
    }

    @Override
    public int hashCode() {
        return ((definitionClass.hashCode() * 31 + Arrays.hashCode(observedData)) * 31
                                + Arrays.hashCode(distanceScales))
                        * 31
                + onError.hashCode();
    }

    @Override
    public String toString() {
        return "DefinitionSpec[" + definitionClass + ", " + observedData.length + " observed values, "
                + distanceScales.length + " distance scales, " + onError + "]";
    }
}

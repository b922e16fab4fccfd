package io.simrt.models.abc;

import io.simrt.models.ParameterException;
import java.lang.reflect.InvocationTargetException;

/** Instantiates {@link AbcDefinition} classes and builds their models, for {@link AbcModels} and {@link DefinitionSpec}. */
final class Definitions {
    private Definitions() {}

    /**
     * Builds the model of {@code type}: with the values {@code carried} holds (on an engine), or, when it is null,
     * reading the observed data and running the pilot here (on the caller's side).
     */
    static AbcModel build(Class<?> type, DefinitionSpec carried) {
        AbcBuilder builder = instantiate(type).define();
        if (builder == null) {
            throw ParameterException.because("model definition " + type.getName() + ": define() returned null");
        }
        if (carried == null) {
            return builder.build(
                    null, null, null, (data, scales, err) -> new DefinitionSpec(type.getName(), data, scales, err));
        }
        return builder.build(
                carried.observedData(), carried.distanceScales(), carried.onError(), (data, scales, err) -> carried);
    }

    private static AbcDefinition instantiate(Class<?> type) {
        if (!AbcDefinition.class.isAssignableFrom(type)) {
            throw ParameterException.because("class " + type.getName() + " is not an AbcDefinition");
        }
        try {
            return (AbcDefinition) type.getConstructor().newInstance();
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw ParameterException.because("model definition " + type.getName()
                    + " needs a public class with a public no-argument constructor");
        } catch (InstantiationException e) {
            throw ParameterException.because("model definition " + type.getName() + " is abstract: " + e);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw ParameterException.because("model definition " + type.getName() + ": its constructor threw " + cause);
        }
    }
}

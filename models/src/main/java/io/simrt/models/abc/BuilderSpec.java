package io.simrt.models.abc;

import io.simrt.models.ModelSpec;
import io.simrt.models.ParameterException;

/**
 * The spec of a model built by {@link AbcBuilder#build()} in code: it names the model but cannot rebuild it, because
 * its lambdas cannot travel. {@link #build()} says what to do instead.
 *
 * @param modelName the model's name
 */
public record BuilderSpec(String modelName) implements ModelSpec<AbcModel> {

    /** @throws ParameterException always, explaining that only models defined by an AbcDefinition class travel */
    @Override
    public AbcModel build() {
        throw ParameterException.because("model '" + modelName + "' was built in code by AbcModels.builder(...)"
                + " and cannot be rebuilt on an engine (its lambdas cannot travel): return its builder from a class"
                + " implementing AbcDefinition and build it with AbcModels.fromDefinition(...)");
    }
}

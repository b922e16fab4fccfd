package io.simrt.models;

/**
 * A serializable description of a model: plain data (a record of numbers, strings and nested specs) from
 * which {@link #build()} makes a model equal in behaviour to the one it describes. Engines install models
 * from specs once, by id, instead of receiving the model with every call.
 *
 * @param <M> what the spec builds ({@link Model}, {@link io.simrt.models.abc.AbcModel})
 */
public interface ModelSpec<M> {
    M build();

    /**
     * The classes {@link #build()} loads by name (checked against the engines' allowed packages before anything
     * loads); none by default.
     */
    default java.util.List<String> classNames() {
        return java.util.List.of();
    }
}

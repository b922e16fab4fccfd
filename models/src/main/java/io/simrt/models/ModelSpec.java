package io.simrt.models;

import java.util.List;

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
     * The classes {@link #build()} loads by name (a user's model definition named in the spec). An engine checks each
     * against its allowed packages before anything is loaded, and fetches the jars of those it lacks from the
     * coordinator; {@code build()} runs with the thread's context class loader set to the loader holding them.
     */
    default List<String> classNames() {
        return List.of();
    }

    /**
     * The program {@link #build()} starts on the engine (an external simulator's command line, as data in the
     * spec), or empty. An engine that takes no shipped code ({@code simrt.engine.code.accept = false}) refuses a spec
     * that would start one: a command on the wire is code from the owner too.
     */
    default List<String> commands() {
        return List.of();
    }
}

package io.simrt.runtime.protocol;

/**
 * A model spec on the wire: its class name and its JSON, kept apart so that an engine can refuse a class it is
 * not allowed to load with a clear reply, before anything is instantiated.
 *
 * @param modelId   stable id derived from class name and content; engines install a model once per id
 * @param className fully qualified class of the {@link io.simrt.models.ModelSpec} record
 * @param json      the spec's fields
 */
public record SpecEnvelope(String modelId, String className, String json) implements WireMessage {}

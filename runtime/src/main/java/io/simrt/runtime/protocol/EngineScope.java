package io.simrt.runtime.protocol;

import java.util.Map;

/** What a shard of work can reach on the engine that runs it. */
public interface EngineScope {
    /** The engine's id, for messages. */
    String engineId();

    /**
     * The model installed under {@code modelId}.
     *
     * @throws ModelMissingException if none is installed (the coordinator then sends the spec along)
     * @throws io.simrt.models.ParameterException if the installed model is not a {@code type}
     */
    <T> T model(String modelId, Class<T> type);

    /** The engine's namespace (push, pull, scatter, gather); only the engine's own thread uses it. */
    Map<String, Object> namespace();

    /** Encodes and decodes user values with this engine's allowed packages. */
    ValueCodec values();

    /** Rebuilds a user task from its envelope, refusing classes outside the allowed packages. */
    Object task(TaskEnvelope envelope);

    /** Thrown when a shard names a model this engine does not hold. */
    final class ModelMissingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ModelMissingException(String modelId) {
            super("model " + modelId + " is not installed");
        }
    }
}

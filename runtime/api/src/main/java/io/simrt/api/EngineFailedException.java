package io.simrt.api;

/** An engine died, left, refused work or could not be reached; carries the engine id and the cause. */
public class EngineFailedException extends SimrtException {
    private static final long serialVersionUID = 1L;
    private final String engineId;

    public EngineFailedException(String engineId, String message) {
        super("engine " + engineId + ": " + message);
        this.engineId = engineId;
    }

    public EngineFailedException(String engineId, String message, Throwable cause) {
        super("engine " + engineId + ": " + message, cause);
        this.engineId = engineId;
    }

    public String engineId() {
        return engineId;
    }
}

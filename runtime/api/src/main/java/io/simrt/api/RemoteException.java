package io.simrt.api;

/**
 * User code (a model, a simulator, a task) threw on an engine. Carries the engine's id and the remote
 * exception's class name and message; the remote stack trace is kept as text where it could be carried.
 */
public class RemoteException extends SimrtException {
    private static final long serialVersionUID = 1L;
    private final String engineId;
    private final String remoteClass;
    private final String remoteMessage;

    public RemoteException(String engineId, String remoteClass, String remoteMessage, Throwable cause) {
        super("on engine " + engineId + ": " + remoteClass + ": " + remoteMessage, cause);
        this.engineId = engineId;
        this.remoteClass = remoteClass;
        this.remoteMessage = remoteMessage;
    }

    /** A failure raised in this JVM, on behalf of engine {@code engineId} (the native client's "engine"). */
    public static RemoteException of(String engineId, Throwable cause) {
        return new RemoteException(engineId, cause.getClass().getName(), String.valueOf(cause.getMessage()), cause);
    }

    public String engineId() {
        return engineId;
    }

    /** Fully qualified class name of the exception thrown by user code. */
    public String remoteClass() {
        return remoteClass;
    }

    public String remoteMessage() {
        return remoteMessage;
    }
}

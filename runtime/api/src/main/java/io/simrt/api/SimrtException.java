package io.simrt.api;

/**
 * Base of every failure simrt reports to a caller. Subclasses tell apart an error in user code
 * ({@link RemoteException}), an infrastructure failure ({@link EngineFailedException}) and a timeout
 * ({@link SimrtTimeoutException}).
 */
public class SimrtException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SimrtException(String message) {
        super(message);
    }

    public SimrtException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.simrt.models.external;

/**
 * An external simulator failed: its worker broke the batch protocol, crashed, hung past a timeout, or kept failing
 * until the attempts ran out. The message names the command and, where known, the exit status and the last lines of
 * the worker's stderr.
 */
public final class ExternalWorkerException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ExternalWorkerException(String message) {
        super(message);
    }

    public ExternalWorkerException(String message, Throwable cause) {
        super(message, cause);
    }
}

package io.simrt.models.external;

/**
 * A worker broke the batch protocol (docs/external-simulators.md): a wrong magic or version, a reply of the wrong
 * shape, a short read or end of stream where a frame was due.
 */
public final class ProtocolException extends java.io.IOException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super("protocol violation: " + message);
    }
}

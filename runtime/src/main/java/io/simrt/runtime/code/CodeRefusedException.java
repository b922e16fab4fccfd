package io.simrt.runtime.code;

/** Shipped code an engine will not load: a jar too large, bytes that do not match their hash, shipping turned off. */
public final class CodeRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CodeRefusedException(String message) {
        super(message);
    }
}

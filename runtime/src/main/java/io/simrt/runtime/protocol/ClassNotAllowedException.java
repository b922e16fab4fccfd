package io.simrt.runtime.protocol;

/**
 * A name on the wire asked for a class that may not be instantiated here: outside the allowed packages, or not of the
 * kind the message needs (a model spec that is no {@code ModelSpec}, a task that is no {@code Task}). Raised before
 * the class is loaded or initialized. Engines answer it as a {@code NOT_ALLOWED} failure.
 */
public final class ClassNotAllowedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ClassNotAllowedException(String message, Throwable cause) {
        super(message, cause);
    }
}

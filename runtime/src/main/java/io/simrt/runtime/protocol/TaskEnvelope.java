package io.simrt.runtime.protocol;

/**
 * A user task or function on the wire: its class name and its fields as JSON, kept apart so that an engine
 * refuses a class outside the allowed packages before loading it.
 */
public record TaskEnvelope(String className, String json) implements WireMessage {
    long estimatedBytes() {
        return 32L + 2L * (className.length() + json.length());
    }

    /** The least heap the envelope's strings take (a byte per character, compact strings). */
    long heapBytes() {
        return (long) className.length() + json.length();
    }
}

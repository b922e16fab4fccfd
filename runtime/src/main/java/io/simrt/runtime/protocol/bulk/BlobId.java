package io.simrt.runtime.protocol.bulk;

/** The name of one stored array: 128 random bits, so that a reference is a capability, not a guessable name. */
public record BlobId(long hi, long lo) {
    @Override
    public String toString() {
        return String.format("%016x%016x", hi, lo);
    }
}

package io.simrt.runtime.protocol.bulk;

/** The lane's bytes on a connection (see {@link LaneServer}). */
final class Wire {
    /** "SBLK", the start of every request. */
    static final int MAGIC = 0x53424C4B;
    /** A request: the magic number and the id's two longs. */
    static final int REQUEST_BYTES = 4 + 8 + 8;
    /** The length answered for an array the lane does not hold. */
    static final long MISSING = -1L;

    private Wire() {}
}

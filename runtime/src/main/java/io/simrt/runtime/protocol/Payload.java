package io.simrt.runtime.protocol;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import java.util.Arrays;

/**
 * One user value on the wire (a task's argument or result, a namespace entry). {@code double[]} travels as
 * packed little-endian bytes (a bulk copy each way); anything else as typed CBOR through {@link ValueCodec}.
 *
 * @param kind  {@link #NULL}, {@link #DOUBLES}, {@link #TYPED}, {@link #ERROR}, or one of the scalar kinds
 *              ({@link #INT}, {@link #LONG}, {@link #DOUBLE}, {@link #STRING}, {@link #BOOLEAN})
 * @param bytes the encoded value (empty for null)
 */
public record Payload(
        byte kind,

        @JsonSerialize(using = BulkLane.Writer.class) @JsonDeserialize(using = BulkLane.Reader.class)
        byte[] bytes)
        implements WireMessage {
    public static final byte NULL = 0;
    public static final byte DOUBLES = 1;
    public static final byte TYPED = 2;
    /** An exception thrown by user code for this value: class name and message (see {@link ValueCodec}). */
    public static final byte ERROR = 3;
    /**
     * Scalars, the commonest arguments and results of small tasks, skip the typed codec: an {@code Integer} is its
     * four bytes, a {@code String} its UTF-8.
     */
    public static final byte INT = 4;

    public static final byte LONG = 5;
    public static final byte DOUBLE = 6;
    public static final byte STRING = 7;
    public static final byte BOOLEAN = 8;

    /** Bytes this payload adds to a message (a generous estimate). */
    long estimatedBytes(int bulkThreshold) {
        return 16L + BulkLane.inlineBytes(bytes.length, bulkThreshold);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Payload p && p.kind == kind && Arrays.equals(p.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return 31 * kind + Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Payload[" + kind + ", " + bytes.length + " bytes]";
    }
}

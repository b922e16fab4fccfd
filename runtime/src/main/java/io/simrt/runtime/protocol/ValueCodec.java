package io.simrt.runtime.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.databind.CBORMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Turns user values into {@link Payload}s and back: numbers, strings, booleans, arrays, lists, maps, and records
 * or classes from the allowed packages, with their types recorded so that a {@code List<Integer>} comes back as
 * one and an {@code int[]} as an {@code int[]}. {@code double[]} takes a packed fast path.
 *
 * <p>On decoding, every class named in a value must be a JDK value type or come from the allowed packages; any
 * other is refused with {@link ClassNotAllowedException} (see {@link AllowedClasses}).
 */
public final class ValueCodec {
    private final ObjectWriter writer;
    private final ObjectReader reader;

    public ValueCodec(AllowedClasses allowed) {
        ObjectMapper mapper = CBORMapper.builder(new CBORFactory())
                .activateDefaultTyping(
                        allowed.typeValidator(true, "java.lang.", "java.util.", "java.math."),
                        ObjectMapper.DefaultTyping.EVERYTHING)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        this.writer = mapper.writerFor(Object.class);
        this.reader = mapper.readerFor(Object.class);
    }

    public Payload encode(Object value) {
        if (value == null) {
            return new Payload(Payload.NULL, new byte[0]);
        }
        if (value instanceof double[] d) {
            return new Payload(Payload.DOUBLES, PackedDoubles.pack(d));
        }
        Payload scalar = scalar(value);
        if (scalar != null) {
            return scalar;
        }
        try {
            return new Payload(Payload.TYPED, writer.writeValueAsBytes(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "cannot send a " + value.getClass().getName() + " between nodes: " + e.getOriginalMessage()
                            + " (values must be numbers, strings, arrays, lists, maps or records)",
                    e);
        }
    }

    private static Payload scalar(Object value) {
        if (value instanceof Integer i) {
            return new Payload(
                    Payload.INT, ByteBuffer.allocate(Integer.BYTES).putInt(i).array());
        }
        if (value instanceof Long l) {
            return new Payload(
                    Payload.LONG, ByteBuffer.allocate(Long.BYTES).putLong(l).array());
        }
        if (value instanceof Double d) { // raw bits: NaN payloads and -0.0 survive
            return new Payload(
                    Payload.DOUBLE,
                    ByteBuffer.allocate(Double.BYTES)
                            .putLong(Double.doubleToRawLongBits(d))
                            .array());
        }
        if (value instanceof String s) {
            return new Payload(Payload.STRING, s.getBytes(StandardCharsets.UTF_8));
        }
        if (value instanceof Boolean b) {
            return new Payload(Payload.BOOLEAN, new byte[] {(byte) (b ? 1 : 0)});
        }
        return null;
    }

    private static ByteBuffer scalarBytes(Payload payload, int size) {
        if (payload.bytes().length != size) {
            throw new IllegalArgumentException("cannot read a value: a payload of kind " + payload.kind() + " holds "
                    + payload.bytes().length + " bytes, not " + size);
        }
        return ByteBuffer.wrap(payload.bytes());
    }

    /** {@code values[from, to)} as a {@code double[]} value, packed straight from the range (no copy of it first). */
    public Payload encode(double[] values, int from, int to) {
        Objects.checkFromToIndex(from, to, values.length);
        return new Payload(Payload.DOUBLES, PackedDoubles.pack(values, from, to));
    }

    /** The length of a {@link Payload#DOUBLES} payload's array. @throws IllegalArgumentException for other kinds */
    public static int doublesLength(Payload payload) {
        if (payload.kind() != Payload.DOUBLES) {
            throw new IllegalArgumentException("not a double[] payload: " + payload);
        }
        return PackedDoubles.length(payload.bytes());
    }

    /**
     * Decodes a {@link Payload#DOUBLES} payload into {@code out} from {@code offset} on, instead of into an array
     * of its own (a gather joins the parts without copying each twice).
     */
    public static void decodeDoublesInto(Payload payload, double[] out, int offset) {
        if (payload.kind() != Payload.DOUBLES) {
            throw new IllegalArgumentException("not a double[] payload: " + payload);
        }
        PackedDoubles.unpackInto(payload.bytes(), out, offset);
    }

    /** An error value: user code threw instead of producing this value. */
    public record RemoteError(String className, String message) {}

    /** Encodes what user code threw, in place of the value it did not produce. */
    public Payload encodeError(Throwable error) {
        String text = error.getClass().getName() + "\n" + (error.getMessage() == null ? "" : error.getMessage());
        return new Payload(Payload.ERROR, text.getBytes(StandardCharsets.UTF_8));
    }

    /** The error carried by an {@link Payload#ERROR} payload. */
    public static RemoteError error(Payload payload) {
        String text = new String(payload.bytes(), StandardCharsets.UTF_8);
        int nl = text.indexOf('\n');
        return nl < 0 ? new RemoteError(text, "") : new RemoteError(text.substring(0, nl), text.substring(nl + 1));
    }

    /**
     * @throws IllegalStateException for an {@link Payload#ERROR} payload: callers check {@code kind()} first
     */
    public Object decode(Payload payload) {
        switch (payload.kind()) {
            case Payload.NULL:
                return null;
            case Payload.DOUBLES:
                return PackedDoubles.unpack(payload.bytes());
            case Payload.ERROR:
                throw new IllegalStateException("an error payload has no value: " + error(payload));
            case Payload.INT:
                return scalarBytes(payload, Integer.BYTES).getInt();
            case Payload.LONG:
                return scalarBytes(payload, Long.BYTES).getLong();
            case Payload.DOUBLE:
                return Double.longBitsToDouble(
                        scalarBytes(payload, Double.BYTES).getLong());
            case Payload.STRING:
                return new String(payload.bytes(), StandardCharsets.UTF_8);
            case Payload.BOOLEAN:
                return scalarBytes(payload, 1).get() != 0;
            case Payload.TYPED:
                try {
                    return reader.readValue(payload.bytes());
                } catch (InvalidTypeIdException e) {
                    throw AllowedClasses.refused(
                            "a value names a class that is not allowed here: " + e.getOriginalMessage(), e);
                } catch (IOException e) {
                    throw new IllegalArgumentException("cannot read a value: " + e.getMessage(), e);
                }
            default:
                throw new IllegalArgumentException("cannot read a value of kind " + payload.kind()
                        + ": it was written by another version of simrt; run the same version on every node");
        }
    }
}

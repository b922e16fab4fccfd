package io.simrt.runtime.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import io.simrt.runtime.protocol.bulk.BulkReference;
import io.simrt.runtime.protocol.bulk.Sink;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Bulk {@code double[]} as one binary string (8 bytes per value, little-endian) instead of a CBOR array of
 * tagged floats (9 bytes each, encoded one by one). Put on the array fields of wire records with
 * {@code @JsonSerialize(using = PackedDoubles.Writer.class) @JsonDeserialize(using = PackedDoubles.Reader.class)}.
 * The benchmarks module measures both encodings ({@code SerializationBenchmark}).
 */
public final class PackedDoubles {
    private PackedDoubles() {}

    static byte[] pack(double[] values) {
        return pack(values, 0, values.length);
    }

    /** {@code values[from, to)} packed: one bulk copy, no intermediate array. */
    static byte[] pack(double[] values, int from, int to) {
        ByteBuffer buf = ByteBuffer.allocate((to - from) * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asDoubleBuffer().put(values, from, to - from);
        return buf.array();
    }

    static double[] unpack(byte[] bytes) {
        double[] out = new double[length(bytes)];
        unpackInto(bytes, out, 0);
        return out;
    }

    /** How many doubles {@code bytes} hold. */
    static int length(byte[] bytes) {
        if (bytes.length % Double.BYTES != 0) {
            throw new IllegalArgumentException(
                    "a packed double array has " + bytes.length + " bytes, not a multiple of 8");
        }
        return bytes.length / Double.BYTES;
    }

    /** Unpacks {@code bytes} into {@code out} from {@code offset} on (one bulk copy). */
    static void unpackInto(byte[] bytes, double[] out, int offset) {
        int n = length(bytes);
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out, offset, n);
    }

    /** What a packed array of {@code n} doubles adds to a message: inline, or a reference to the bulk lane. */
    static long inlineBytes(int n, int bulkThreshold) {
        return (long) n * Double.BYTES >= bulkThreshold ? BulkLane.REFERENCE_BYTES : 9L * n;
    }

    /** Writes a {@code double[]} as a binary value (a reference to the {@link BulkLane} when large). */
    public static final class Writer extends JsonSerializer<double[]> {
        @Override
        public void serialize(double[] value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            BulkLane.write(gen, pack(value), serializers);
        }
    }

    /** Reads a binary value (or, for hand-written JSON, a plain array of numbers) into a {@code double[]}. */
    public static final class Reader extends JsonDeserializer<double[]> {
        @Override
        public double[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.START_ARRAY) {
                return ctxt.readValue(p, double[].class);
            }
            if (!BulkLane.atReference(p)) {
                return unpack(p.getBinaryValue());
            }
            BulkReference ref = BulkLane.readReference(p);
            if (ref.length() % Double.BYTES != 0) {
                throw new IOException("a packed double array of " + ref.length() + " bytes, not a multiple of 8");
            }
            double[] values = new double[ref.length() / Double.BYTES];
            BulkLane.arrive(ref, Sink.of(values), ctxt); // straight into the array, no packed copy in between
            return values;
        }
    }
}

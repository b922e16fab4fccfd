package io.simrt.runtime.protocol;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
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
        ByteBuffer buf = ByteBuffer.allocate(values.length * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buf.asDoubleBuffer().put(values);
        return buf.array();
    }

    static double[] unpack(byte[] bytes) {
        if (bytes.length % Double.BYTES != 0) {
            throw new IllegalArgumentException("a packed double array has " + bytes.length
                    + " bytes, not a multiple of 8");
        }
        double[] out = new double[bytes.length / Double.BYTES];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
        return out;
    }

    /** Writes a {@code double[]} as a binary value. */
    public static final class Writer extends JsonSerializer<double[]> {
        @Override
        public void serialize(double[] value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeBinary(pack(value));
        }
    }

    /** Reads a binary value (or, for hand-written JSON, a plain array of numbers) into a {@code double[]}. */
    public static final class Reader extends JsonDeserializer<double[]> {
        @Override
        public double[] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.START_ARRAY) {
                return ctxt.readValue(p, double[].class);
            }
            return unpack(p.getBinaryValue());
        }
    }
}

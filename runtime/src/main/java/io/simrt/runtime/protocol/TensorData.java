package io.simrt.runtime.protocol;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.simrt.models.Tensor3;

/** A {@link Tensor3} on the wire. */
public record TensorData(
        int d0,
        int d1,
        int d2,

        @JsonSerialize(using = PackedDoubles.Writer.class) @JsonDeserialize(using = PackedDoubles.Reader.class)
        double[] values)
        implements WireMessage {
    public static TensorData of(Tensor3 t) {
        int[] s = t.shape();
        return new TensorData(s[0], s[1], s[2], t.toArray());
    }

    public Tensor3 toTensor() {
        return Tensor3.adopt(d0, d1, d2, values);
    }

    long estimatedBytes(int bulkThreshold) {
        return 24L + PackedDoubles.inlineBytes(values.length, bulkThreshold);
    }
}

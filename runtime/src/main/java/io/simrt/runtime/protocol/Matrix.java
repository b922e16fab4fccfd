package io.simrt.runtime.protocol;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.simrt.models.ModelParams;

/**
 * Model parameters on the wire: {@code rows x cols}, row-major. Holds its array without copying: it is built
 * from a fresh copy and read once on the other side.
 */
public record Matrix(
        int rows,
        int cols,

        @JsonSerialize(using = PackedDoubles.Writer.class) @JsonDeserialize(using = PackedDoubles.Reader.class)
        double[] values)
        implements WireMessage {
    public static Matrix of(ModelParams mps) {
        return new Matrix(mps.nModels(), mps.nParams(), mps.toArray());
    }

    public ModelParams toModelParams() {
        return ModelParams.adopt(rows, cols, values);
    }

    long estimatedBytes(int bulkThreshold) {
        return 16L + PackedDoubles.inlineBytes(values.length, bulkThreshold);
    }
}

package io.simrt.runtime.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.simrt.api.BatchOutput;
import java.util.List;

/** What a shard produced. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = WorkResult.Batch.class, name = "batch"),
    @JsonSubTypes.Type(value = WorkResult.Tensor.class, name = "tensor"),
    @JsonSubTypes.Type(value = WorkResult.Values.class, name = "values")
})
public sealed interface WorkResult extends WireMessage {

    /** A generous estimate of the serialized size; arrays of at least {@code bulkThreshold} bytes count as a reference. */
    long estimatedBytes(int bulkThreshold);

    /** A {@link BatchOutput} on the wire, its arrays packed. */
    record Batch(
            long index,
            int size,
            int nParams,
            /* the kept rows' positions; null when every row is kept */
            int[] rows,

            @JsonSerialize(using = PackedDoubles.Writer.class) @JsonDeserialize(using = PackedDoubles.Reader.class)
            double[] params,

            @JsonSerialize(using = PackedDoubles.Writer.class) @JsonDeserialize(using = PackedDoubles.Reader.class)
            double[] distances,

            @JsonSerialize(using = PackedDoubles.Writer.class) @JsonDeserialize(using = PackedDoubles.Reader.class)
            double[] summaries)
            implements WorkResult {
        public static Batch of(BatchOutput o) {
            return new Batch(o.index(), o.size(), o.nParams(), o.rows(), o.params(), o.distances(), o.summaries());
        }

        /** The output, holding this record's arrays (read once, on the side that received it). */
        public BatchOutput toOutput() {
            return BatchOutput.of(index, size, nParams, rows, params, distances, summaries);
        }

        @Override
        public long estimatedBytes(int bulkThreshold) {
            return 128L
                    + (rows == null ? 0 : 5L * rows.length)
                    + PackedDoubles.inlineBytes(distances.length, bulkThreshold)
                    + PackedDoubles.inlineBytes(params.length, bulkThreshold)
                    + PackedDoubles.inlineBytes(summaries == null ? 0 : summaries.length, bulkThreshold);
        }
    }

    /** User values, one per task or input, in order. */
    record Values(List<Payload> values) implements WorkResult {
        @Override
        public long estimatedBytes(int bulkThreshold) {
            long n = 32L;
            for (Payload p : values) {
                n += p.estimatedBytes(bulkThreshold);
            }
            return n;
        }
    }

    record Tensor(TensorData tensor) implements WorkResult {
        @Override
        public long estimatedBytes(int bulkThreshold) {
            return 64L + tensor.estimatedBytes(bulkThreshold);
        }
    }
}

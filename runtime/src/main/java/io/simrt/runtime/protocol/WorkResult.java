package io.simrt.runtime.protocol;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.simrt.client.BatchOutput;

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

    record Batch(BatchOutput output) implements WorkResult {
        @Override
        public long estimatedBytes(int bulkThreshold) {
            return 128L + PackedDoubles.inlineBytes(output.size(), bulkThreshold)
                    + PackedDoubles.inlineBytes(output.size() * output.nParams(), bulkThreshold);
        }
    }

    /** User values, one per task or input, in order. */
    record Values(java.util.List<Payload> values) implements WorkResult {
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

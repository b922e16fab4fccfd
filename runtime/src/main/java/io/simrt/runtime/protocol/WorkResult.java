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

    /** A generous estimate of the serialized size. */
    long estimatedBytes();

    record Batch(BatchOutput output) implements WorkResult {
        @Override
        public long estimatedBytes() {
            return 128L + 9L * (output.size() + (long) output.size() * output.nParams());
        }
    }

    /** User values, one per task or input, in order. */
    record Values(java.util.List<Payload> values) implements WorkResult {
        @Override
        public long estimatedBytes() {
            long n = 32L;
            for (Payload p : values) {
                n += p.estimatedBytes();
            }
            return n;
        }
    }

    record Tensor(TensorData tensor) implements WorkResult {
        @Override
        public long estimatedBytes() {
            return 64L + tensor.estimatedBytes();
        }
    }
}

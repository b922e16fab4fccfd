package io.simrt.runtime.protocol;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.simrt.models.ExpLayout;
import io.simrt.models.ExpParams;
import java.util.List;

/** Experiment parameters on the wire: field names and a row-major table. */
public record ExpTable(
        List<String> fields,
        int rows,

        @JsonSerialize(using = PackedDoubles.Writer.class) @JsonDeserialize(using = PackedDoubles.Reader.class)
        double[] values)
        implements WireMessage {
    public static ExpTable of(ExpParams eps) {
        return new ExpTable(eps.layout().fields(), eps.nExps(), eps.toArray());
    }

    public ExpParams toExpParams() {
        return ExpParams.of(new ExpLayout(fields), rows, values);
    }

    long estimatedBytes(int bulkThreshold) {
        return 16L + 16L * fields.size() + PackedDoubles.inlineBytes(values.length, bulkThreshold);
    }
}

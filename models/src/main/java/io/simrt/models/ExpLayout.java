package io.simrt.models;

import java.util.ArrayList;
import java.util.List;

/**
 * The named fields of one experiment row (QInfer's {@code expparams_dtype} record): {@code [t]},
 * {@code [t, w_]}, {@code [t, n_meas]}, or no field at all (the coin). Field names are unique.
 */
public record ExpLayout(List<String> fields) {
    /** No fields: experiments that only count (QInfer's empty record dtype). */
    public static final ExpLayout EMPTY = new ExpLayout(List.of());

    public ExpLayout {
        fields = List.copyOf(fields);
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (f.isBlank()) {
                throw ParameterException.because("experiment field " + i + " has a blank name");
            }
            if (fields.subList(0, i).contains(f)) {
                throw ParameterException.because("experiment field '" + f + "' appears twice in " + fields);
            }
        }
    }

    public static ExpLayout of(String... fields) {
        return new ExpLayout(List.of(fields));
    }

    public int size() {
        return fields.size();
    }

    /** Index of {@code field}, or -1. */
    public int indexOf(String field) {
        return fields.indexOf(field);
    }

    /**
     * Index of a field a model needs; throws naming the model, the field and the layout it got.
     */
    public int require(String field, String modelName) {
        int i = fields.indexOf(field);
        if (i < 0) {
            throw ParameterException.because(
                    modelName + " needs experiment field '" + field + "' but got layout " + fields);
        }
        return i;
    }

    /** This layout with one more field at the end. */
    public ExpLayout with(String field) {
        List<String> more = new ArrayList<>(fields);
        more.add(field);
        return new ExpLayout(more);
    }

    @Override
    public String toString() {
        return fields.toString();
    }
}
